/**
 * WatchStore on Kysely, both engines: subscriptions, the partners as the poller last saw them, and the noticed
 * changes (the subscriptions' cursors, their claims and the lease are in watch-deliveries.ts).
 *
 * Exactly-once announcements rest on two things here: `recordChanges` writes only on top of the snapshot
 * version it was computed from (a conditional UPDATE of watch_tenants in the same transaction as the snapshots
 * and events), and each event has its number in the tenant (`seq`, from watch_tenants.last_seq, which never goes
 * back): a subscription is told the events after its cursor, and starts after the tenant's last one.
 *
 * Recording costs the same whatever the number of subscriptions: the events are written once, in statements of
 * at most ROWS_PER_INSERT rows (within SQLite's 32,766 parameters and PostgreSQL's 65,535).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { WatchStore } from '../core/ports';
import { noticePartner, type PartnerSnapshot, type WatchEvent, type WatchSubscription } from '../core/watch-model';
import type { Database } from './db';
import { StoreError } from './db';
import { iso } from './operation-store';
import { WatchAllRows } from './watch-all-store';
import { toSnapshot, toSubscription, toSubscriptionRow } from './watch-rows';

export class KyselyWatchStore extends WatchAllRows implements WatchStore {
  constructor(db: Kysely<Database>, sqlitePath?: string) {
    super(db, sqlitePath);
  }

  async subscribe(s: WatchSubscription): Promise<{ subscription: WatchSubscription; created: boolean }> {
    // The cursor starts after the tenant's last event: a new subscription is not told older changes.
    const lastSeq = sql<number>`coalesce((select t.last_seq from watch_tenants t where t.tenant_id = ${s.tenantId}), 0)`;
    const inserted = await this.db
      .insertInto('watch_subscriptions')
      .values({ ...toSubscriptionRow(s), told_seq: lastSeq })
      .onConflict((oc) => oc.columns(['tenant_id', 'conversation_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { subscription: s, created: true };
    const row = await this.db
      .selectFrom('watch_subscriptions')
      .selectAll()
      .where('tenant_id', '=', s.tenantId)
      .where('conversation_id', '=', s.address.conversationId)
      .executeTakeFirst();
    // Gone again between the two statements (an unwatch at that moment): say so rather than pretend.
    if (!row)
      throw new StoreError('store.invalidInput', 'The subscription was removed while it was being made; try again');
    return { subscription: toSubscription(row), created: false };
  }

  async unsubscribe(tenantId: string, conversationId: string): Promise<boolean> {
    return this.inTransaction(async (trx) => {
      const gone = await trx
        .deleteFrom('watch_subscriptions')
        .where('tenant_id', '=', tenantId)
        .where('conversation_id', '=', conversationId)
        .returning('id')
        .executeTakeFirst();
      if (!gone) return false;
      const left = await trx
        .selectFrom('watch_subscriptions')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .limit(1)
        .executeTakeFirst();
      if (!left) {
        // Forget what was seen (a later watch starts from what it sees then), and the events nobody is told now;
        // the row stays with its last_seq, and its version moves so that a poller that read it writes nothing.
        await trx.deleteFrom('watch_partners').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('watch_events').where('tenant_id', '=', tenantId).execute();
        await trx
          .updateTable('watch_tenants')
          .set((eb) => ({ baselined: 0, version: eb('version', '+', 1) }))
          .where('tenant_id', '=', tenantId)
          .execute();
      }
      return true;
    });
  }

  async subscriptions(tenantId: string): Promise<WatchSubscription[]> {
    const rows = await this.db
      .selectFrom('watch_subscriptions')
      .selectAll()
      .where((eb) =>
        eb.or([eb.and([eb('tenant_id', '=', tenantId), eb('scope', '=', 'own')]), eb('home_tenant_id', '=', tenantId)]),
      )
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toSubscription);
  }

  async unsubscribeCustomers(homeTenantId: string, conversationId: string): Promise<number> {
    const rows = await this.db
      .selectFrom('watch_subscriptions')
      .select('tenant_id')
      .where('home_tenant_id', '=', homeTenantId)
      .where('scope', '=', 'customers')
      .where('conversation_id', '=', conversationId)
      .execute();
    let ended = 0;
    // One customer at a time, each as `unwatch` of that tenant (its snapshots go with its last subscription).
    for (const r of rows) if (await this.unsubscribe(r.tenant_id, conversationId)) ended += 1;
    return ended;
  }

  async recordReadFailure(tenantId: string, failure: string, event: WatchEvent, at: string): Promise<boolean> {
    const when = iso(at, 'at');
    return this.inTransaction(async (trx) => {
      // The tenant's row may not exist yet (never read): made unbaselined, so the first good read is a first look.
      await trx
        .insertInto('watch_tenants')
        .values({ tenant_id: tenantId, version: 0, updated_at: when, last_seq: 0, baselined: 0 })
        .onConflict((oc) => oc.column('tenant_id').doNothing())
        .execute();
      const moved = await trx
        .updateTable('watch_tenants')
        .set((eb) => ({ read_failure: failure, updated_at: when, last_seq: eb('last_seq', '+', 1) }))
        .where('tenant_id', '=', tenantId)
        .where((eb) => eb.or([eb('read_failure', 'is', null), eb('read_failure', '!=', failure)]))
        .returning('last_seq')
        .executeTakeFirst();
      if (!moved) return false;
      await trx
        .insertInto('watch_events')
        .values({
          tenant_id: tenantId,
          seq: Number(moved.last_seq),
          id: event.id,
          kind: event.notice.kind,
          partner_id: '',
          notice: JSON.stringify(event.notice),
          observed_at: iso(event.observedAt, 'observedAt'),
        })
        .execute();
      return true;
    });
  }

  async clearReadFailure(tenantId: string): Promise<boolean> {
    const cleared = await this.db
      .updateTable('watch_tenants')
      .set({ read_failure: null })
      .where('tenant_id', '=', tenantId)
      .where('read_failure', 'is not', null)
      .returning('tenant_id')
      .executeTakeFirst();
    return cleared !== undefined;
  }

  async watchedTenants(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('watch_subscriptions')
      .select('tenant_id')
      .distinct()
      .orderBy('tenant_id')
      .execute();
    return rows.map((r) => r.tenant_id);
  }

  async snapshots(tenantId: string): Promise<{ version: number; partners: PartnerSnapshot[] } | undefined> {
    const tenant = await this.db
      .selectFrom('watch_tenants')
      .select('version')
      .where('tenant_id', '=', tenantId)
      .where('baselined', '=', 1)
      .executeTakeFirst();
    if (!tenant) return undefined;
    const rows = await this.db
      .selectFrom('watch_partners')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('partner_id')
      .execute();
    return { version: Number(tenant.version), partners: rows.map(toSnapshot) };
  }

  async baseline(tenantId: string, partners: PartnerSnapshot[], at: string): Promise<boolean> {
    const when = iso(at, 'at');
    return this.inTransaction(async (trx) => {
      // A tenant whose watch ended keeps its row (and last_seq): it is taken again, with a new version.
      const created = await trx
        .insertInto('watch_tenants')
        .values({ tenant_id: tenantId, version: 0, updated_at: when, last_seq: 0, baselined: 1 })
        .onConflict((oc) =>
          oc
            .column('tenant_id')
            .doUpdateSet((eb) => ({ baselined: 1, version: eb('watch_tenants.version', '+', 1), updated_at: when }))
            .where('watch_tenants.baselined', '=', 0),
        )
        .returning('tenant_id')
        .executeTakeFirst();
      if (!created) return false;
      await trx.deleteFrom('watch_partners').where('tenant_id', '=', tenantId).execute();
      await writeSnapshots(trx, tenantId, partners);
      return true;
    });
  }

  async recordChanges(
    tenantId: string,
    version: number,
    partners: PartnerSnapshot[],
    events: WatchEvent[],
    at: string,
  ): Promise<boolean> {
    const when = iso(at, 'at');
    return this.inTransaction(async (trx) => {
      const moved = await trx
        .updateTable('watch_tenants')
        .set((eb) => ({ version: version + 1, updated_at: when, last_seq: eb('last_seq', '+', events.length) }))
        .where('tenant_id', '=', tenantId)
        .where('version', '=', version)
        .where('baselined', '=', 1)
        .returning('last_seq')
        .executeTakeFirst();
      if (!moved) return false;
      await trx.deleteFrom('watch_partners').where('tenant_id', '=', tenantId).execute();
      await writeSnapshots(trx, tenantId, partners);
      const first = Number(moved.last_seq) - events.length + 1;
      const rows = events.map((e, i) => ({
        tenant_id: tenantId,
        seq: first + i,
        id: e.id,
        kind: e.notice.kind,
        partner_id: noticePartner(e.notice)?.id ?? '',
        notice: JSON.stringify(e.notice),
        observed_at: iso(e.observedAt, 'observedAt'),
      }));
      for (const chunk of chunks(rows)) await trx.insertInto('watch_events').values(chunk).execute();
      return true;
    });
  }
}

/** Rows per INSERT: 7 parameters a row at most, far within both engines' limits. */
const ROWS_PER_INSERT = 500;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) out.push(rows.slice(i, i + ROWS_PER_INSERT));
  return out;
}

async function writeSnapshots(
  trx: Transaction<Database>,
  tenantId: string,
  partners: PartnerSnapshot[],
): Promise<void> {
  const rows = partners.map((p) => ({
    tenant_id: tenantId,
    partner_id: p.partnerId,
    display_name: p.displayName,
    onboarding_status: p.onboardingStatus,
    request_expiry:
      p.onboardingRequestExpiry === undefined ? null : iso(p.onboardingRequestExpiry, 'onboardingRequestExpiry'),
    expiry_notice_for: p.expiryNoticeFor === undefined ? null : iso(p.expiryNoticeFor, 'expiryNoticeFor'),
  }));
  for (const chunk of chunks(rows)) await trx.insertInto('watch_partners').values(chunk).execute();
}
