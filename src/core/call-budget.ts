/**
 * How long one Graph call of a click can take at worst under the configured bounds, and so when a `running`
 * record may be taken for abandoned: a record younger than that may still belong to a live call, however
 * slow, and settling it from a read of the partner would guess.
 *
 * A click's call, from the moment the record turned `running`: the user's Graph token (once: a token
 * failure is not retried, and a token got in the first attempt serves the others), then up to
 * maxRetries + 1 requests, each bounded by the request timeout, with a Retry-After wait before each retry
 * (a longer one is not waited for: the call ends with "try again in N s"). The margin covers what no bound
 * names: clocks of different instances, the store's own write after Graph answered.
 */
export interface CallBounds {
  /** One Graph request, from sending to the last byte of the answer. */
  graphTimeoutMs: number;
  /** One token acquisition (on-behalf-of the user), retries of the identity library included. */
  tokenTimeoutMs: number;
  /** Retries of a throttled (429/503) request. */
  maxRetries: number;
  /** The longest Retry-After that is waited for. */
  maxRetryAfterSeconds: number;
}

/** What no bound names (see above). */
export const SETTLE_MARGIN_MS = 5_000;

/** The longest a click's Graph call can take while its owner lives. */
export function worstCaseCallMs(b: CallBounds): number {
  return b.tokenTimeoutMs + (b.maxRetries + 1) * b.graphTimeoutMs + b.maxRetries * b.maxRetryAfterSeconds * 1000;
}

/** A `running` record not updated for this long has lost its owner (crash, kill, lost instance). */
export function abandonedAfterMs(b: CallBounds): number {
  return worstCaseCallMs(b) + SETTLE_MARGIN_MS;
}
