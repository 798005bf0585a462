/**
 * Migration 0009 (issue 16): the watch tells a change from a cursor per subscription instead of a delivery row
 * per (event, subscription), so that recording a change costs the same whatever the number of subscriptions
 * (one INSERT of every event for every subscription went past SQLite's parameter limit at 1,002 conversations
 * and 4 changes, and stopped the watch for good).
 *
 * - watch_events is rebuilt with a number per tenant (`seq`, in the order noticed: observed_at, ordinal, id) and
 *   (tenant_id, seq) as its key; events of a tenant whose watch ended (no watch_tenants row) are dropped, since no
 *   subscription can be told them any more.
 * - watch_tenants gets `last_seq` (the tenant's last event number; never goes back) and `baselined` (the last
 *   unwatch now keeps the row, so that a later watch numbers on from there).
 * - watch_subscriptions gets the cursor (`told_seq`) and the claim and retry state of the notice after it. Each
 *   subscription's cursor is set just before its first undelivered notice (pending, or claimed by an instance
 *   that did not finish), with that notice's attempts, retry time and error; with none, after the tenant's last
 *   event. A notice delivered after one that was still waiting for a retry is told again (at least once, never lost).
 * - watch_deliveries is dropped.
 *
 * Standard SQL only (correlated subqueries, no window functions or UPDATE ... FROM): the same on both engines.
 */
import { sql, type Kysely } from 'kysely';

const UNDELIVERED = sql`d.state in ('pending', 'sending')`;

export async function migrateWatchCursors(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('watch_events_0009')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'text', (c) => c.notNull())
    .addColumn('notice', 'text', (c) => c.notNull())
    .addColumn('observed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('watch_events_tenant_seq_pk', ['tenant_id', 'seq'])
    .execute();
  const before = sql`(p.observed_at < e.observed_at or (p.observed_at = e.observed_at and (p.ordinal < e.ordinal or (p.ordinal = e.ordinal and p.id <= e.id))))`;
  await sql`insert into watch_events_0009 (tenant_id, seq, id, kind, partner_id, notice, observed_at)
    select e.tenant_id, (select count(*) from watch_events p where p.tenant_id = e.tenant_id and ${before}), e.id, e.kind, e.partner_id, e.notice, e.observed_at
    from watch_events e where exists (select 1 from watch_tenants t where t.tenant_id = e.tenant_id)`.execute(db);

  await db.schema
    .alterTable('watch_tenants')
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('watch_tenants')
    .addColumn('baselined', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await sql`update watch_tenants set last_seq = coalesce((select max(e.seq) from watch_events_0009 e where e.tenant_id = watch_tenants.tenant_id), 0)`.execute(
    db,
  );

  await db.schema
    .alterTable('watch_subscriptions')
    .addColumn('told_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('watch_subscriptions').addColumn('claimed_at', 'text').execute();
  await db.schema
    .alterTable('watch_subscriptions')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('watch_subscriptions').addColumn('next_attempt_at', 'text').execute();
  await db.schema.alterTable('watch_subscriptions').addColumn('last_error', 'text').execute();
  const s = sql`watch_subscriptions`;
  await sql`update ${s} set told_seq = coalesce(
      (select min(e.seq) - 1 from watch_deliveries d join watch_events_0009 e on e.id = d.event_id where d.subscription_id = ${s}.id and ${UNDELIVERED}),
      (select t.last_seq from watch_tenants t where t.tenant_id = ${s}.tenant_id),
      0)`.execute(db);
  const first = (column: string) =>
    sql`(select d.${sql.ref(column)} from watch_deliveries d join watch_events_0009 e on e.id = d.event_id
      where d.subscription_id = ${s}.id and e.tenant_id = ${s}.tenant_id and e.seq = ${s}.told_seq + 1 and ${UNDELIVERED})`;
  await sql`update ${s} set attempts = coalesce(${first('attempts')}, 0), next_attempt_at = ${first('next_attempt_at')}, last_error = ${first('error')}`.execute(
    db,
  );

  await db.schema.dropTable('watch_deliveries').execute();
  await db.schema.dropTable('watch_events').execute();
  await db.schema.alterTable('watch_events_0009').renameTo('watch_events').execute();
  await db.schema
    .createIndex('watch_subscriptions_cursor_idx')
    .on('watch_subscriptions')
    .columns(['tenant_id', 'told_seq'])
    .execute();
}
