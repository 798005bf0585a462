/**
 * Errors are values with a kind. Every layer that talks to the outside (graph/, identity/, store/) turns
 * what it saw into an AppError; the cards turn the kind into words in the user's language.
 */
export type ErrorKind =
  // Graph answered with an error
  | 'graph.badRequest' // 400: Graph refused the request as malformed
  | 'graph.unauthorized' // 401: Graph refused the token
  | 'graph.forbidden' // 403, or Intune's 401 "Forbidden": not permitted in Intune (role) or no Intune licence
  | 'graph.notFound' // 404: the partner is gone
  | 'graph.conflict' // 409
  | 'graph.throttled' // 429 / 503 still after the bounded retries (retryAfterSeconds says when to try again)
  | 'graph.unavailable' // 5xx other than the above
  | 'graph.incompleteList' // a list had more pages than the bot reads, or a next page on another host
  | 'graph.network' // Graph could not be reached
  // A change (POST) may have reached Graph but its answer was lost: a timeout or a reset after the connection
  // was up, 502/504 from a gateway, 503 without Retry-After. Never sent again blindly: the core reads the
  // partner to settle it (core/outcomes.ts). A read that fails this way is graph.network / graph.unavailable.
  | 'graph.outcomeUnknown'
  | 'graph.unexpected' // anything else
  // Getting a delegated token on-behalf-of the user
  | 'auth.signInRequired' // no assertion for the user yet: show a sign-in
  | 'auth.consentRequired' // the app lacks consent for the Graph permission (AADSTS65001)
  | 'auth.interactionRequired' // the user must sign in again (MFA, expired assertion, ...)
  | 'auth.tokenEndpointUnreachable' // Entra could not be reached
  | 'auth.failed' // any other token error
  // A customer tenant (an MSP's customer reached through GDAP) refused the token (identity/errors.ts):
  | 'auth.customerNotConsented' // the app is not authorized / consented there (AADSTS90099, 65001, 700016, 7000229)
  | 'auth.customerNoAccess' // the user has no access there: no GDAP role, or the relationship ended (AADSTS50020)
  // Input
  | 'input.invalidPartnerId'
  // The bot itself (e.g. its database did not answer): nothing the user did wrong
  | 'internal';

export interface AppErrorDetails {
  /** HTTP status that Graph (or Entra) answered, when there was one. */
  status?: number;
  /** Graph's `code` (e.g. "Forbidden") or Entra's `error` (e.g. "invalid_grant"). */
  code?: string;
  /** Graph's request-id (innerError.request-id or the request-id header), for support. */
  requestId?: string;
  /** The client-request-id the bot sent. */
  clientRequestId?: string;
  /** When to try again, for graph.throttled. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly clientRequestId?: string;
  readonly retryAfterSeconds?: number;

  /** `message` is for logs: it must never hold a token or a secret. */
  constructor(kind: ErrorKind, message: string, details: AppErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.clientRequestId = details.clientRequestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/**
 * Entra's codes in an error (AADSTS90099, AADSTS50020: identity/errors.ts keeps them in the message, which holds no
 * token or secret), each once, in the order Entra gave them. Cards show them as Entra answered (issue 19).
 */
export function entraCodes(e: unknown): string[] {
  const message =
    typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string' ? e.message : '';
  return [...new Set(message.match(/AADSTS\d{4,9}/g) ?? [])].slice(0, 5);
}

/** A plain, loggable view of any error: kind, status, code, request ids; never a token. */
export function describeError(e: unknown): Record<string, unknown> {
  if (isAppError(e)) {
    return {
      kind: e.kind,
      status: e.status,
      code: e.code,
      requestId: e.requestId,
      clientRequestId: e.clientRequestId,
      retryAfterSeconds: e.retryAfterSeconds,
      message: e.message,
    };
  }
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { message: String(e) };
}
