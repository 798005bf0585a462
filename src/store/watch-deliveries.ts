/**
 * The watch's notices on their way (each subscription's cursor: the last event of its tenant it was told, and
 * the claim and retry of the ones after it) and the poller's lease. A claim and the lease are ONE conditional
 * statement each, so two instances never both claim a subscription's notices or both hold the lease.
 *
 * The lease is a row (name 'poller') with its holder and expiry: INSERT ... ON CONFLICT (name) DO UPDATE ...
 * WHERE holder = me OR expires_at <= now RETURNING: the same statement on SQLite and PostgreSQL, judged on the
 * row under its lock. Times come from the instances' clocks (NTP-synchronised hosts; a skew of seconds is far
 * below the lease's length).
 */
import type { Kysely, Transaction } from 'kysely';
import type { WatchDue, WatchEvent, WatchNotice, WatchProgress } from '../core/watch-model';
import type { Database } from './db';
import { iso } from './operation-store';
import { serializedTransaction } from './serialized-transaction';
import { toSubscription } from './watch-rows';

const LEASE = 'poller';
const MAX_ERROR = 500;
/** Subscriptions per claim statement (two parameters each). */
const CLAIMS_PER_STATEMENT = 200;

export class WatchDeliveries {
  constructor(
    protected readonly db: Kysely<Database>,
    /** The SQLite file, when it is one: transactions on it are serialized within the process. */
    private readonly sqlitePath?: string,
  ) {}

  /**
   * A transaction (serialized-transaction.ts: on a SQLite file, one at a time per process, with the fleet store's).
   * Every watch transaction starts with a write, so across processes SQLite's busy timeout orders them.
   */
  protected inTransaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return serializedTransaction(this.db, this.sqlitePath, work);
  }

  async dueNotices(now: string, staleBefore: string, limit: number, perSubscription: number): Promise<WatchDue[]> {
    const at = iso(now, 'now');
    const stale = iso(staleBefore, 'staleBefore');
    const rows = await this.db
      .selectFrom('watch_subscriptions as s')
      .selectAll('s')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('watch_events as e')
            .select('e.seq')
            .whereRef('e.tenant_id', '=', 's.tenant_id')
            .whereRef('e.seq', '>', 's.told_seq'),
        ),
      )
      .where((eb) =>
        eb.or([
          eb.and([
            eb('s.claimed_at', 'is', null),
            eb.or([eb('s.next_attempt_at', 'is', null), eb('s.next_attempt_at', '<=', at)]),
          ]),
          eb('s.claimed_at', '<', stale),
        ]),
      )
      .orderBy('s.id')
      .limit(limit)
      .execute();
    const events = new Map<string, (WatchEvent & { seq: number })[]>();
    for (const tenantId of new Set(rows.map((r) => r.tenant_id))) {
      const told = rows.filter((r) => r.tenant_id === tenantId).map((r) => Number(r.told_seq));
      events.set(tenantId, await this.eventsBetween(tenantId, Math.min(...told), Math.max(...told) + perSubscription));
    }
    return rows.map((r) => ({
      subscription: toSubscription(r),
      cursor: Number(r.told_seq),
      events: (events.get(r.tenant_id) ?? [])
        .filter((e) => e.seq > Number(r.told_seq))
        .slice(0, perSubscription)
        .map(({ seq: _seq, ...e }) => e),
      attempts: Number(r.attempts),
    }));
  }

  /** The tenant's events numbered in (after, upTo], in order. */
  private async eventsBetween(
    tenantId: string,
    after: number,
    upTo: number,
  ): Promise<(WatchEvent & { seq: number })[]> {
    const rows = await this.db
      .selectFrom('watch_events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('seq', '>', after)
      .where('seq', '<=', upTo)
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      id: r.id,
      tenantId: r.tenant_id,
      notice: JSON.parse(r.notice) as WatchNotice,
      observedAt: r.observed_at,
    }));
  }

  async claimNotices(
    claims: readonly { subscriptionId: string; cursor: number }[],
    now: string,
    staleBefore: string,
  ): Promise<string[]> {
    const at = iso(now, 'now');
    const stale = iso(staleBefore, 'staleBefore');
    const claimed: string[] = [];
    for (let i = 0; i < claims.length; i += CLAIMS_PER_STATEMENT) {
      const some = claims.slice(i, i + CLAIMS_PER_STATEMENT);
      const rows = await this.db
        .updateTable('watch_subscriptions')
        .set({ claimed_at: at })
        .where((eb) => eb.or(some.map((c) => eb.and([eb('id', '=', c.subscriptionId), eb('told_seq', '=', c.cursor)]))))
        .where((eb) =>
          eb.or([
            eb.and([
              eb('claimed_at', 'is', null),
              eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', at)]),
            ]),
            eb('claimed_at', '<', stale),
          ]),
        )
        .returning('id')
        .execute();
      claimed.push(...rows.map((r) => r.id));
    }
    return claimed;
  }

  async recordProgress(
    subscriptionId: string,
    cursor: number,
    claimedAt: string,
    progress: WatchProgress,
  ): Promise<void> {
    const told = progress.toldEventId;
    await this.db
      .updateTable('watch_subscriptions')
      .set((eb) => ({
        told_seq:
          told === undefined
            ? cursor
            : eb.fn.coalesce(eb.selectFrom('watch_events').select('seq').where('id', '=', told), eb.val(cursor)),
        claimed_at: null,
        attempts: progress.attempts,
        next_attempt_at: progress.retryAt === undefined ? null : iso(progress.retryAt, 'retryAt'),
        last_error: progress.error === undefined ? null : progress.error.slice(0, MAX_ERROR),
      }))
      .where('id', '=', subscriptionId)
      .where('told_seq', '=', cursor)
      .where('claimed_at', '=', iso(claimedAt, 'claimedAt'))
      .execute();
  }

  async acquireWatchLease(
    holder: string,
    now: string,
    expiresAt: string,
  ): Promise<{ held: boolean; polledAt?: string }> {
    const row = await this.db
      .insertInto('watch_lease')
      .values({ name: LEASE, holder, expires_at: iso(expiresAt, 'expiresAt'), polled_at: null })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), expires_at: eb.ref('excluded.expires_at') }))
          .where((eb) =>
            eb.or([eb('watch_lease.holder', '=', holder), eb('watch_lease.expires_at', '<=', iso(now, 'now'))]),
          ),
      )
      .returning(['holder', 'polled_at'])
      .executeTakeFirst();
    if (!row) return { held: false };
    return row.polled_at === null ? { held: true } : { held: true, polledAt: row.polled_at };
  }

  async markWatchPolled(holder: string, at: string): Promise<void> {
    await this.db
      .updateTable('watch_lease')
      .set({ polled_at: iso(at, 'at') })
      .where('name', '=', LEASE)
      .where('holder', '=', holder)
      .execute();
  }

  async releaseWatchLease(holder: string, at: string): Promise<void> {
    await this.db
      .updateTable('watch_lease')
      .set({ expires_at: iso(at, 'at') })
      .where('name', '=', LEASE)
      .where('holder', '=', holder)
      .execute();
  }
}
