/**
 * A per-key answer kept for a while, and one lookup at a time per key: concurrent callers for the same key
 * wait for the same lookup instead of each asking (e.g. one Graph request for a user's three concurrent
 * commands). A failed lookup is not kept: the next caller asks again. Bounded: past `maxEntries` the entry
 * written longest ago is dropped. Used per user for group membership (authorization.ts) and for the effective
 * Intune permissions (intune-permissions.ts).
 */
import type { Clock } from './ports';

export class SingleFlightCache<V> {
  private readonly answers = new Map<string, { value: V; until: number }>();
  private readonly pending = new Map<string, Promise<V>>();

  /** `ttlMs` 0 keeps nothing (every call asks, concurrent calls still share the lookup). */
  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, lookUp: () => Promise<V>): Promise<V> {
    const now = this.clock.now().getTime();
    const hit = this.answers.get(key);
    if (hit && hit.until > now) return Promise.resolve(hit.value);
    let flight = this.pending.get(key);
    if (!flight) {
      flight = this.run(key, lookUp, now).finally(() => this.pending.delete(key));
      this.pending.set(key, flight);
    }
    return flight;
  }

  private async run(key: string, lookUp: () => Promise<V>, startedAt: number): Promise<V> {
    const value = await lookUp();
    // Trusted from when it was asked, not from when the answer came.
    this.answers.delete(key);
    if (this.answers.size >= this.maxEntries) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
    this.answers.set(key, { value, until: startedAt + this.ttlMs });
    return value;
  }
}
