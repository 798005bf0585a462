/**
 * WatchStore on Kysely, both engines: subscriptions, the partners as the poller last saw them, and the noticed
 * changes with their deliveries (the deliveries and the lease are in watch-deliveries.ts).
 *
 * Exactly-once announcements rest on two things here: `recordChanges` writes only on top of the snapshot
 * version it was computed from (a conditional UPDATE of watch_tenants in the same transaction as the snapshots,
 * events and deliveries), and a delivery's key is (event, subscription).
 */
import type { Kysely, Transaction } from 'kysely';
import type { WatchStore } from '../core/ports';
import type { PartnerSnapshot, WatchEvent, WatchSubscription } from '../core/watch-model';
import type { Database } from './db';
import { StoreError } from './db';
import { iso } from './operation-store';
import { WatchDeliveries } from './watch-deliveries';
import { toSnapshot, toSubscription, toSubscriptionRow } from './watch-rows';

export class KyselyWatchStore extends WatchDeliveries implements WatchStore {
  constructor(db: Kysely<Database>, sqlitePath?: string) {
    super(db, sqlitePath);
  }

  async subscribe(s: WatchSubscription): Promise<{ subscription: WatchSubscription; created: boolean }> {
    const inserted = await this.db
      .insertInto('watch_subscriptions')
      .values(toSubscriptionRow(s))
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
    if (!row) throw new StoreError('store.invalidInput', 'The subscription was removed while it was being made; try again');
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
      await trx.deleteFrom('watch_deliveries').where('subscription_id', '=', gone.id).execute();
      const left = await trx.selectFrom('watch_subscriptions').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst();
      if (!left) {
        await trx.deleteFrom('watch_partners').where('tenant_id', '=', tenantId).execute();
        await trx.deleteFrom('watch_tenants').where('tenant_id', '=', tenantId).execute();
      }
      return true;
    });
  }

  async subscriptions(tenantId: string): Promise<WatchSubscription[]> {
    const rows = await this.db.selectFrom('watch_subscriptions').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toSubscription);
  }

  async watchedTenants(): Promise<string[]> {
    const rows = await this.db.selectFrom('watch_subscriptions').select('tenant_id').distinct().orderBy('tenant_id').execute();
    return rows.map((r) => r.tenant_id);
  }

  async snapshots(tenantId: string): Promise<{ version: number; partners: PartnerSnapshot[] } | undefined> {
    const tenant = await this.db.selectFrom('watch_tenants').select('version').where('tenant_id', '=', tenantId).executeTakeFirst();
    if (!tenant) return undefined;
    const rows = await this.db.selectFrom('watch_partners').selectAll().where('tenant_id', '=', tenantId).orderBy('partner_id').execute();
    return { version: Number(tenant.version), partners: rows.map(toSnapshot) };
  }

  async baseline(tenantId: string, partners: PartnerSnapshot[], at: string): Promise<boolean> {
    return this.inTransaction(async (trx) => {
      const created = await trx
        .insertInto('watch_tenants')
        .values({ tenant_id: tenantId, version: 0, updated_at: iso(at, 'at') })
        .onConflict((oc) => oc.column('tenant_id').doNothing())
        .returning('tenant_id')
        .executeTakeFirst();
      if (!created) return false;
      await writeSnapshots(trx, tenantId, partners);
      return true;
    });
  }

  async recordChanges(tenantId: string, version: number, partners: PartnerSnapshot[], events: WatchEvent[], at: string): Promise<boolean> {
    const when = iso(at, 'at');
    return this.inTransaction(async (trx) => {
      const moved = await trx
        .updateTable('watch_tenants')
        .set({ version: version + 1, updated_at: when })
        .where('tenant_id', '=', tenantId)
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return false;
      await trx.deleteFrom('watch_partners').where('tenant_id', '=', tenantId).execute();
      await writeSnapshots(trx, tenantId, partners);
      if (events.length === 0) return true;
      await trx
        .insertInto('watch_events')
        .values(events.map((e, ordinal) => ({ id: e.id, tenant_id: e.tenantId, kind: e.notice.kind, partner_id: e.notice.partner.id, notice: JSON.stringify(e.notice), observed_at: iso(e.observedAt, 'observedAt'), ordinal })))
        .execute();
      const subscribers = await trx.selectFrom('watch_subscriptions').select('id').where('tenant_id', '=', tenantId).execute();
      const deliveries = events.flatMap((e) =>
        subscribers.map((s) => ({ event_id: e.id, subscription_id: s.id, state: 'pending', attempts: 0, next_attempt_at: when, claimed_at: null, delivered_at: null, error: null, created_at: when })),
      );
      if (deliveries.length) await trx.insertInto('watch_deliveries').values(deliveries).execute();
      return true;
    });
  }
}

async function writeSnapshots(trx: Transaction<Database>, tenantId: string, partners: PartnerSnapshot[]): Promise<void> {
  if (partners.length === 0) return;
  await trx
    .insertInto('watch_partners')
    .values(
      partners.map((p) => ({
        tenant_id: tenantId,
        partner_id: p.partnerId,
        display_name: p.displayName,
        onboarding_status: p.onboardingStatus,
        request_expiry: p.onboardingRequestExpiry === undefined ? null : iso(p.onboardingRequestExpiry, 'onboardingRequestExpiry'),
        expiry_notice_for: p.expiryNoticeFor === undefined ? null : iso(p.expiryNoticeFor, 'expiryNoticeFor'),
      })),
    )
    .execute();
}
