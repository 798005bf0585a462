/**
 * The watch's deliveries (pending -> sending -> sent | failed, or back to pending with a later attempt) and
 * the poller's lease. Each change of state is ONE conditional statement, so two instances never both claim
 * a delivery or both hold the lease.
 *
 * The lease is a row (name 'poller') with its holder and expiry: INSERT ... ON CONFLICT (name) DO UPDATE ...
 * WHERE holder = me OR expires_at <= now RETURNING: the same statement on SQLite and PostgreSQL, judged on the
 * row under its lock. Times come from the instances' clocks (NTP-synchronised hosts; a skew of seconds is far
 * below the lease's length).
 */
import type { Kysely, Transaction } from 'kysely';
import type { WatchDelivery, WatchNotice } from '../core/watch-model';
import type { Database } from './db';
import { iso } from './operation-store';
import { toSubscription } from './watch-rows';

const LEASE = 'poller';
const MAX_ERROR = 500;

/** Per SQLite file: the transaction running in this process (see inTransaction). */
const sqliteTransactions = new Map<string, Promise<unknown>>();

export class WatchDeliveries {
  constructor(
    protected readonly db: Kysely<Database>,
    /** The SQLite file, when it is one: transactions on it are serialized within the process. */
    private readonly sqlitePath?: string,
  ) {}

  /**
   * A transaction. On a SQLite file, one at a time per process: better-sqlite3 waits for a lock synchronously, so
   * a second connection of the same process (two stores on one file, as the tests open them) would block the
   * event loop while the first one's transaction needs it to finish. Every watch transaction starts with a write,
   * so across processes SQLite's busy timeout orders them.
   */
  protected inTransaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    const run = () => this.db.transaction().execute(work);
    if (!this.sqlitePath) return run();
    const key = this.sqlitePath;
    const mine = (sqliteTransactions.get(key) ?? Promise.resolve()).then(run, run);
    const tail = mine.catch(() => undefined);
    sqliteTransactions.set(key, tail);
    void tail.then(() => {
      if (sqliteTransactions.get(key) === tail) sqliteTransactions.delete(key);
    });
    return mine;
  }

  async dueDeliveries(now: string, staleBefore: string, limit: number): Promise<WatchDelivery[]> {
    const at = iso(now, 'now');
    const stale = iso(staleBefore, 'staleBefore');
    const rows = await this.db
      .selectFrom('watch_deliveries as d')
      .innerJoin('watch_events as e', 'e.id', 'd.event_id')
      .innerJoin('watch_subscriptions as s', 's.id', 'd.subscription_id')
      .selectAll('s')
      .select(['d.attempts', 'e.id as event_id', 'e.tenant_id as event_tenant_id', 'e.notice', 'e.observed_at'])
      .where((eb) =>
        eb.or([
          eb.and([eb('d.state', '=', 'pending'), eb('d.next_attempt_at', '<=', at)]),
          eb.and([eb('d.state', '=', 'sending'), eb('d.claimed_at', '<', stale)]),
        ]),
      )
      .orderBy('e.observed_at')
      .orderBy('e.ordinal')
      .orderBy('s.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      event: { id: r.event_id, tenantId: r.event_tenant_id, notice: JSON.parse(r.notice) as WatchNotice, observedAt: r.observed_at },
      subscription: toSubscription(r),
      attempts: Number(r.attempts),
    }));
  }

  async claimDelivery(eventId: string, subscriptionId: string, now: string, staleBefore: string): Promise<boolean> {
    const at = iso(now, 'now');
    const stale = iso(staleBefore, 'staleBefore');
    const claimed = await this.db
      .updateTable('watch_deliveries')
      .set({ state: 'sending', claimed_at: at })
      .where('event_id', '=', eventId)
      .where('subscription_id', '=', subscriptionId)
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', at)]),
          eb.and([eb('state', '=', 'sending'), eb('claimed_at', '<', stale)]),
        ]),
      )
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1;
  }

  async delivered(eventId: string, subscriptionId: string, at: string): Promise<void> {
    await this.db
      .updateTable('watch_deliveries')
      .set({ state: 'sent', delivered_at: iso(at, 'at'), error: null })
      .where('event_id', '=', eventId)
      .where('subscription_id', '=', subscriptionId)
      .where('state', '=', 'sending')
      .execute();
  }

  async deliveryFailed(eventId: string, subscriptionId: string, failure: { error: string; retryAt?: string }, at: string): Promise<void> {
    const when = iso(at, 'at');
    await this.db
      .updateTable('watch_deliveries')
      .set((eb) => ({
        state: failure.retryAt ? 'pending' : 'failed',
        attempts: eb('attempts', '+', 1),
        next_attempt_at: failure.retryAt ? iso(failure.retryAt, 'retryAt') : when,
        claimed_at: null,
        error: failure.error.slice(0, MAX_ERROR),
      }))
      .where('event_id', '=', eventId)
      .where('subscription_id', '=', subscriptionId)
      .where('state', '=', 'sending')
      .execute();
  }

  async acquireWatchLease(holder: string, now: string, expiresAt: string): Promise<{ held: boolean; polledAt?: string }> {
    const row = await this.db
      .insertInto('watch_lease')
      .values({ name: LEASE, holder, expires_at: iso(expiresAt, 'expiresAt'), polled_at: null })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), expires_at: eb.ref('excluded.expires_at') }))
          .where((eb) => eb.or([eb('watch_lease.holder', '=', holder), eb('watch_lease.expires_at', '<=', iso(now, 'now'))])),
      )
      .returning(['holder', 'polled_at'])
      .executeTakeFirst();
    if (!row) return { held: false };
    return row.polled_at === null ? { held: true } : { held: true, polledAt: row.polled_at };
  }

  async markWatchPolled(holder: string, at: string): Promise<void> {
    await this.db.updateTable('watch_lease').set({ polled_at: iso(at, 'at') }).where('name', '=', LEASE).where('holder', '=', holder).execute();
  }

  async releaseWatchLease(holder: string, at: string): Promise<void> {
    await this.db.updateTable('watch_lease').set({ expires_at: iso(at, 'at') }).where('name', '=', LEASE).where('holder', '=', holder).execute();
  }
}
