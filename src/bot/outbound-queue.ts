/**
 * Outgoing messages within Teams' limits: one queue per conversation (messages leave in order, one at a time),
 * paced by sliding windows per conversation and per tenant, and retried with exponential back-off and jitter
 * on the statuses Microsoft says to retry (429, 412, 502, 504), never sooner than a Retry-After.
 *
 * Limits: Microsoft Teams platform docs, "Optimize your bot with rate limiting and best practices in Teams"
 * (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit; MicrosoftDocs/msteams-docs,
 * msteams-platform/bots/how-to/rate-limit.md): per bot per thread, "Send to conversation" 7 per 1 s, 8 per 2 s,
 * 60 per 30 s, 1800 per 3600 s; "use an exponential backoff with a random jitter"; "in addition to retrying
 * error code 429, error codes 412, 502, and 504 must also be retried". The global limit per app per tenant is
 * 50 requests per second on the current page and 30 in the repository version read: the stricter one is kept.
 *
 * No SDK here: the send is a function, and `classify` reads its failure's status and Retry-After.
 */
import { describeError } from '../core/errors';
import type { Logger } from '../core/logger';

export interface RateWindow {
  max: number;
  perMs: number;
}

export const TEAMS_CONVERSATION_LIMITS: readonly RateWindow[] = [
  { max: 7, perMs: 1_000 },
  { max: 8, perMs: 2_000 },
  { max: 60, perMs: 30_000 },
  { max: 1_800, perMs: 3_600_000 },
];
export const TEAMS_TENANT_LIMITS: readonly RateWindow[] = [{ max: 30, perMs: 1_000 }];

/** Statuses that are retried (the rest fail at once). */
export const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 412, 502, 504]);

/** What a failed send said: its HTTP status (none: not an HTTP answer) and the Retry-After, if any. */
export interface SendFailure {
  status?: number;
  retryAfterMs?: number;
}

export interface OutboundQueueOptions {
  classify: (e: unknown) => SendFailure;
  conversationLimits?: readonly RateWindow[];
  tenantLimits?: readonly RateWindow[];
  /** Tries per message, the first included. Default 6. */
  maxAttempts?: number;
  /**
   * Added to every window when pacing (default 100 ms): the service counts requests as they arrive, and a request
   * sent exactly one window after another may arrive a little sooner after it than it was sent.
   */
  marginMs?: number;
  /** Back-off of the first retry without a Retry-After; doubles each time, up to maxDelayMs. Default 1 s, 60 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  log?: Logger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Told how long each message waited in its queue before its first try (ms): telemetry. */
  onWait?: (ms: number) => void;
}

export interface Destination {
  conversationId: string;
  tenantId: string;
}

/** Send times (sent and reserved), sorted, and the earliest time a new one fits every window. */
export class RateLog {
  private times: number[] = [];

  get size(): number {
    return this.times.length;
  }

  /** Entries in (lo, hi]. */
  private count(lo: number, hi: number): number {
    return upperBound(this.times, hi) - upperBound(this.times, lo);
  }

  /** A send at t keeps every window: each span of a window's length that would contain t has room for it. */
  fits(t: number, windows: readonly RateWindow[]): boolean {
    for (const w of windows) {
      const ends = [t, ...this.times.filter((e) => e >= t && e < t + w.perMs)];
      if (ends.some((x) => this.count(x - w.perMs, x) + 1 > w.max)) return false;
    }
    return true;
  }

  /** The earliest time >= from at which a send fits (fitness only changes where an entry leaves a window). */
  earliest(from: number, windows: readonly RateWindow[]): number {
    if (this.fits(from, windows)) return from;
    const candidates = [
      ...new Set(windows.flatMap((w) => this.times.map((e) => e + w.perMs)).filter((c) => c > from)),
    ].sort((a, b) => a - b);
    return candidates.find((c) => this.fits(c, windows)) ?? Math.max(from, ...candidates);
  }

  add(t: number): void {
    this.times.splice(upperBound(this.times, t), 0, t);
  }

  /** Forgets entries that no window can see any more. */
  prune(now: number, windows: readonly RateWindow[]): void {
    const longest = Math.max(0, ...windows.map((w) => w.perMs));
    this.times = this.times.slice(upperBound(this.times, now - longest));
  }
}

function upperBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class OutboundQueue {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly conversations = new Map<string, RateLog>();
  private readonly tenants = new Map<string, RateLog>();
  private readonly conversationLimits: readonly RateWindow[];
  private readonly tenantLimits: readonly RateWindow[];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private forgotAt = Number.NEGATIVE_INFINITY;
  private queued = 0;

  constructor(private readonly o: OutboundQueueOptions) {
    const margin = (w: RateWindow): RateWindow => ({ max: w.max, perMs: w.perMs + (o.marginMs ?? 100) });
    this.conversationLimits = (o.conversationLimits ?? TEAMS_CONVERSATION_LIMITS).map(margin);
    this.tenantLimits = (o.tenantLimits ?? TEAMS_TENANT_LIMITS).map(margin);
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = o.random ?? Math.random;
  }

  /** Messages queued or being sent to this conversation (for tests and logs). */
  get pendingConversations(): number {
    return this.chains.size;
  }

  /** Sends after whatever is queued for the same conversation; resolves with the send's result or its last failure. */
  /** Messages queued or being sent, all conversations together. */
  get depth(): number {
    return this.queued;
  }

  send<T>(to: Destination, op: () => Promise<T>): Promise<T> {
    const key = `${to.tenantId}|${to.conversationId}`;
    const queuedAt = this.now();
    this.queued++;
    const run = (this.chains.get(key) ?? Promise.resolve())
      .then(() => this.attempts(to, key, op, queuedAt))
      .finally(() => void this.queued--);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(key, tail);
    void tail.then(() => {
      if (this.chains.get(key) === tail) this.chains.delete(key);
    });
    return run;
  }

  private async attempts<T>(to: Destination, key: string, op: () => Promise<T>, queuedAt: number): Promise<T> {
    const maxAttempts = this.o.maxAttempts ?? 6;
    let notBefore = this.now();
    for (let attempt = 1; ; attempt++) {
      const at = this.reserve(to, key, notBefore);
      const wait = at - this.now();
      if (wait > 0) await this.sleep(wait);
      if (attempt === 1) this.o.onWait?.(this.now() - queuedAt);
      try {
        return await op();
      } catch (e) {
        const failure = this.o.classify(e);
        if (failure.status === undefined || !RETRIED_STATUSES.has(failure.status) || attempt >= maxAttempts) throw e;
        const delay = this.retryDelay(attempt, failure);
        notBefore = this.now() + delay;
        this.o.log?.warn('outgoing message refused for now; retrying', {
          status: failure.status,
          retryAfterMs: failure.retryAfterMs,
          delayMs: delay,
          attempt,
          error: describeError(e).message,
        });
      }
    }
  }

  /** At least the Retry-After (plus up to 20% jitter, so that waiting senders do not return together); else exponential with +-20%. */
  private retryDelay(attempt: number, failure: SendFailure): number {
    if (failure.retryAfterMs !== undefined) return Math.ceil(failure.retryAfterMs * (1 + 0.2 * this.random()));
    const base = Math.min(this.o.maxDelayMs ?? 60_000, (this.o.baseDelayMs ?? 1_000) * 2 ** (attempt - 1));
    return Math.ceil(base * (0.8 + 0.4 * this.random()));
  }

  /** Takes the earliest slot >= notBefore that both the conversation's and the tenant's windows allow. */
  private reserve(to: Destination, key: string, notBefore: number): number {
    const now = this.now();
    const conversation = logOf(this.conversations, key);
    const tenant = logOf(this.tenants, to.tenantId);
    conversation.prune(now, this.conversationLimits);
    tenant.prune(now, this.tenantLimits);
    // A conversation's log holds only past sends (its queue is serial), so a later slot never fits worse.
    let t = Math.max(now, notBefore);
    for (let i = 0; i < 100; i++) {
      const next = tenant.earliest(conversation.earliest(t, this.conversationLimits), this.tenantLimits);
      if (next === t) break;
      t = next;
    }
    conversation.add(t);
    tenant.add(t);
    // At most once a minute: with more than 1,000 conversations busy within the hour, every send scanned them all.
    if (this.conversations.size > 1_000 && now - this.forgotAt >= 60_000) this.forgetIdle(now);
    return t;
  }

  /** Drops the logs of conversations that sent nothing within the longest window. */
  private forgetIdle(now: number): void {
    this.forgotAt = now;
    for (const [map, limits] of [
      [this.conversations, this.conversationLimits],
      [this.tenants, this.tenantLimits],
    ] as const) {
      for (const [key, log] of map) {
        log.prune(now, limits);
        if (log.size === 0) map.delete(key);
      }
    }
  }
}

function logOf(map: Map<string, RateLog>, key: string): RateLog {
  let log = map.get(key);
  if (!log) {
    log = new RateLog();
    map.set(key, log);
  }
  return log;
}
