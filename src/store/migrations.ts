/**
 * The schema, as in-code Kysely migrations (no migration folder to find at run time), and the startup
 * migration that is safe when several instances start at once:
 * - PostgreSQL: Kysely's Migrator runs in one transaction holding `pg_advisory_xact_lock` (a fixed lock id,
 *   per database); the bookkeeping tables are created before the lock, with create-if-not-exists and a
 *   re-check when a concurrent creator wins. Its table check looks in every schema, so the bookkeeping
 *   schema is pinned to the current one (else a `kysely_migration` table in another schema fools it), and
 *   the dialect's introspector only looks at the current schema (see db.ts: Kysely's own fails when another
 *   client drops a schema at that moment).
 * - SQLite: Kysely takes no lock and no transaction there (its adapter says DDL is not transactional). So the
 *   whole run happens inside our own `BEGIN IMMEDIATE` transaction: one writer at a time across processes
 *   (the others wait up to busy_timeout), all or nothing. Within one process, a mutex per file keeps two
 *   connections from waiting on each other (better-sqlite3 waits synchronously, which would stall the
 *   lock holder).
 */
import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import { StoreError, currentPostgresSchema } from './db';
import { migrateWatchCursors } from './migration-0009-watch-cursors';
import { dropOperationKindCheck } from './migration-0010-operation-kinds';
import { addCustomersAndFleets } from './migration-0011-customers';
import { addWatchCustomers } from './migration-0012-watch-customers';
import { addWatchAll } from './migration-0013-watch-all';
import type { Database, Engine } from './db';

const STATES = ['pending', 'running', 'succeeded', 'failed', 'cancelled', 'expired', 'denied'];
const KINDS = ['disconnect', 'reconnect', 'view'];
const SETTLED = ['graph', 'read', 'sweeper'];
/** Frozen here like the lists above: a migration must mean the same thing whatever the code later says. */
const APPROVAL = ['waiting', 'approved', 'rejected', 'withdrawn'];
/**
 * The partial unique index that keeps one open operation per partner (per target tenant since 0011); its name
 * identifies the conflict.
 */
export const OPEN_PER_PARTNER_INDEX = 'operations_one_open_per_partner';

const inList = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const MIGRATIONS: Record<string, Migration> = {
  '0001_operations': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('operations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('partner_id', 'text', (c) => c.notNull())
        .addColumn('partner_name', 'text', (c) => c.notNull())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('requester_id', 'text', (c) => c.notNull())
        .addColumn('requester_name', 'text', (c) => c.notNull())
        .addColumn('executor_id', 'text')
        .addColumn('executor_name', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('graph_request_id', 'text')
        .addColumn('error_kind', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .addCheckConstraint('operations_state_check', sql`state in (${inList(STATES)})`)
        .addCheckConstraint('operations_kind_check', sql`kind in (${inList(KINDS)})`)
        .execute();
      // history(): tenant [+ partner], newest first. B-tree indexes are read backwards for DESC.
      await db.schema
        .createIndex('operations_tenant_created_idx')
        .on('operations')
        .columns(['tenant_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('operations_tenant_partner_created_idx')
        .on('operations')
        .columns(['tenant_id', 'partner_id', 'created_at'])
        .execute();
    },
  },
  '0002_bot_state': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('bot_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('etag', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  // Every `status` asks for the partner's `running` operations (to settle one a crash interrupted). Without
  // the state in an index that read every operation the partner ever had: 138 us per status at 625 records
  // per partner (the benchmark's 50,000 activities), growing with the history; 18 us with it.
  '0003_operations_state_idx': {
    async up(db: Kysely<any>) {
      await db.schema
        .createIndex('operations_tenant_partner_state_created_idx')
        .on('operations')
        .columns(['tenant_id', 'partner_id', 'state', 'created_at'])
        .execute();
    },
  },
  // Where each operation's card was posted, so that any instance (the one finishing a click after its answer
  // window, or the sweeper settling a crashed instance's record) can replace it for everyone. And the
  // sweeper's read: `running` records of every tenant by age, every interval, without reading them all.
  '0004_operation_cards': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('operation_cards')
        .addColumn('operation_id', 'text', (c) => c.primaryKey())
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addColumn('service_url', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('conversation_type', 'text')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text')
        .addColumn('saved_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('operations_state_updated_idx')
        .on('operations')
        .columns(['state', 'updated_at'])
        .execute();
    },
  },
  // One open (pending or running) operation per partner, enforced by the database across instances; and how
  // an outcome became known (settled_by). Open duplicates left by older versions are settled first: an older
  // pending card expires (it never acted); of two running ones (two crashes mid-call) the older is failed as
  // `reconciled.superseded`, since nothing can tell any more what it did.
  '0005_open_operations_and_settlement': {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('operations')
        .addColumn('settled_by', 'text', (c) => c.check(sql`settled_by in (${inList(SETTLED)})`))
        .execute();
      const now = new Date().toISOString();
      const sameOpenPartner = sql`newer.tenant_id = operations.tenant_id and newer.partner_id = operations.partner_id and newer.id <> operations.id`;
      const newerThanThis = sql`(newer.created_at > operations.created_at or (newer.created_at = operations.created_at and newer.id > operations.id))`;
      await sql`update operations set state = 'expired', updated_at = ${now}, completed_at = ${now}
        where state = 'pending' and exists (select 1 from operations newer where ${sameOpenPartner}
          and (newer.state = 'running' or (newer.state = 'pending' and ${newerThanThis})))`.execute(db);
      await sql`update operations set state = 'failed', error_kind = 'reconciled.superseded', updated_at = ${now}, completed_at = ${now}
        where state = 'running' and exists (select 1 from operations newer where ${sameOpenPartner}
          and newer.state = 'running' and ${newerThanThis})`.execute(db);
      await db.schema
        .createIndex(OPEN_PER_PARTNER_INDEX)
        .unique()
        .on('operations')
        .columns(['tenant_id', 'partner_id'])
        .where(sql<boolean>`state in ('pending', 'running')`)
        .execute();
    },
  },
  // The watch (issue 12): subscriptions with their conversation address, the partners as the poller last saw
  // them (so a restart does not announce a change again), the noticed changes and their deliveries, and the
  // poller's lease (one instance polls at a time).
  '0006_watch': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('watch_subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('conversation_kind', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('service_url', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('created_by_id', 'text', (c) => c.notNull())
        .addColumn('created_by_name', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('watch_subscriptions_conversation_key', ['tenant_id', 'conversation_id'])
        .execute();
      await db.schema
        .createTable('watch_tenants')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('watch_partners')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('partner_id', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('onboarding_status', 'text', (c) => c.notNull())
        .addColumn('request_expiry', 'text')
        .addColumn('expiry_notice_for', 'text')
        .addPrimaryKeyConstraint('watch_partners_pk', ['tenant_id', 'partner_id'])
        .execute();
      await db.schema
        .createTable('watch_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('partner_id', 'text', (c) => c.notNull())
        .addColumn('notice', 'text', (c) => c.notNull())
        .addColumn('observed_at', 'text', (c) => c.notNull())
        // The order of the events noticed at the same instant (one poll), so that they are told in that order.
        .addColumn('ordinal', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('watch_deliveries')
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('subscription_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('claimed_at', 'text')
        .addColumn('delivered_at', 'text')
        .addColumn('error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('watch_deliveries_pk', ['event_id', 'subscription_id'])
        .addCheckConstraint('watch_deliveries_state_check', sql`state in ('pending', 'sending', 'sent', 'failed')`)
        .execute();
      await db.schema
        .createIndex('watch_deliveries_due_idx')
        .on('watch_deliveries')
        .columns(['state', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('watch_deliveries_subscription_idx')
        .on('watch_deliveries')
        .columns(['subscription_id'])
        .execute();
      await db.schema
        .createTable('watch_lease')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('polled_at', 'text')
        .execute();
    },
  },
  // Two-person approval (issue 12): where a request stands, on the operation itself (null: none was asked, as
  // for every older record); copies of an operation's card posted in another conversation (the approvers'
  // channel), one per conversation, so that any instance can bring them all up to date; and each tenant's
  // approvers' channel. One column per ALTER: SQLite adds one column per statement.
  '0007_approval': {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('operations')
        .addColumn('approval_status', 'text', (c) => c.check(sql`approval_status in (${inList(APPROVAL)})`))
        .execute();
      await db.schema.alterTable('operations').addColumn('requester_channel_id', 'text').execute();
      await db.schema.alterTable('operations').addColumn('decided_at', 'text').execute();
      await db.schema
        .createTable('operation_card_copies')
        .addColumn('operation_id', 'text', (c) => c.notNull())
        .addColumn('activity_id', 'text', (c) => c.notNull())
        .addColumn('service_url', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('conversation_type', 'text')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text')
        .addColumn('saved_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('operation_card_copies_pk', ['operation_id', 'conversation_id'])
        .execute();
      await db.schema
        .createTable('approval_channels')
        .addColumn('tenant_id', 'text', (c) => c.primaryKey())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('service_url', 'text', (c) => c.notNull())
        .addColumn('conversation_id', 'text', (c) => c.notNull())
        .addColumn('conversation_kind', 'text', (c) => c.notNull())
        .addColumn('bot_id', 'text', (c) => c.notNull())
        .addColumn('set_by_id', 'text', (c) => c.notNull())
        .addColumn('set_by_name', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text')
        .addColumn('set_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  // "Took effect" is evidence of this action (issue 16): the partner as read right before the Graph call, kept
  // with the claim, so that a read after a lost answer or a crash is compared with it. Null on every older
  // record (and while pending): the catalogue then judges without it. No check on the status: it is Graph's
  // enum, which may grow (unknownFutureValue).
  '0008_partner_before': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('operations').addColumn('before_status', 'text').execute();
      await db.schema.alterTable('operations').addColumn('before_expiry', 'text').execute();
    },
  },
  // The watch at any scale (issue 16): a cursor per subscription instead of a delivery per (event, subscription).
  '0009_watch_cursors': { up: migrateWatchCursors },
  // A new operation kind needs no migration (issue 18): the store checks the kinds, from the catalogue.
  '0010_operation_kinds_unchecked': { up: dropOperationKindCheck },
  // Customer tenants and the fleet operation (issue 19): one open operation per partner per target tenant.
  '0011_customers_and_fleets': { up: addCustomersAndFleets },
  // `watch @all` (issue 19): a subscription's scope, and a customer's read failure reported once.
  '0012_watch_customers': { up: addWatchCustomers },
  // `watch @all` remembered (issue 19): customers configured after it are told to the conversation once each.
  '0013_watch_all': { up: addWatchAll },
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

const localMigrations = new Map<string, Promise<unknown>>();

/** Brings the schema to the latest version. Resolves to the names of the migrations this call applied. */
export async function migrateToLatest(db: Kysely<Database>, engine: Engine, sqlitePath?: string): Promise<string[]> {
  if (engine === 'postgres') {
    const migrationTableSchema = await currentPostgresSchema(db);
    return check(await new Migrator({ db, provider, migrationTableSchema }).migrateToLatest());
  }
  if (!sqlitePath) return migrateSqlite(db); // ':memory:' is private to its connection
  const previous = localMigrations.get(sqlitePath) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(() => migrateSqlite(db));
  localMigrations.set(sqlitePath, mine);
  try {
    return await mine;
  } finally {
    if (localMigrations.get(sqlitePath) === mine) localMigrations.delete(sqlitePath);
  }
}

async function migrateSqlite(db: Kysely<Database>): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    let result: MigrationResultSet;
    try {
      result = await new Migrator({ db: conn, provider }).migrateToLatest();
    } catch (e) {
      await sql`rollback`.execute(conn);
      throw e;
    }
    if (result.error) {
      await sql`rollback`.execute(conn);
    } else {
      await sql`commit`.execute(conn);
    }
    return check(result);
  });
}

function check(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const what = failed ? `migration ${failed} failed` : 'migration failed';
    const detail = result.error instanceof Error ? result.error.message : String(result.error);
    throw new StoreError('store.migration', `Database ${what}: ${detail}`, result.error);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
