/**
 * Migration 0010 (issue 18, "an operation kind is a row"): the operation kinds are checked by the store, from the
 * catalogue (operation-store.ts refuses another kind with `store.invalidInput`), no longer by the CHECK constraint
 * `operations_kind_check` of migration 0001, so that a new kind needs no migration. Every row is kept as it is.
 *
 * - PostgreSQL: ALTER TABLE operations DROP CONSTRAINT operations_kind_check.
 * - SQLite cannot drop a constraint in place: the table is rebuilt as its documentation says for any other schema
 *   change (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"): create the
 *   new table, copy the rows, drop the old one, rename the new one, create the indexes again. It runs inside the
 *   migration's BEGIN IMMEDIATE (migrations.ts): all or nothing. No other table, view or trigger refers to
 *   `operations`. The new table is the old one column for column, in the same order, with the other checks
 *   (state, settled_by, approval_status) and the five indexes (0001, 0003, 0004, and 0005's partial unique index
 *   of open operations), frozen here as they were made: a migration means the same thing whatever the code later says.
 */
import { sql, SqliteAdapter } from 'kysely';
import type { Kysely } from 'kysely';

const STATES = ['pending', 'running', 'succeeded', 'failed', 'cancelled', 'expired', 'denied'];
const SETTLED = ['graph', 'read', 'sweeper'];
const APPROVAL = ['waiting', 'approved', 'rejected', 'withdrawn'];
const inList = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

const REBUILT = 'operations_0010';
const TEXT_NOT_NULL = ['partner_id', 'partner_name', 'tenant_id', 'conversation_id', 'requester_id', 'requester_name'];
/** Every column of `operations` at 0009, in table order. */
const COLUMNS = [
  'id',
  'kind',
  ...TEXT_NOT_NULL,
  'executor_id',
  'executor_name',
  'state',
  'graph_request_id',
  'error_kind',
  'created_at',
  'updated_at',
  'expires_at',
  'completed_at',
  'settled_by',
  'approval_status',
  'requester_channel_id',
  'decided_at',
  'before_status',
  'before_expiry',
];

export async function dropOperationKindCheck(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await sql`alter table operations drop constraint operations_kind_check`.execute(db);
    return;
  }
  await createRebuiltTable(db);
  const columns = sql.join(COLUMNS.map((c) => sql.ref(c)));
  await sql`insert into ${sql.table(REBUILT)} (${columns}) select ${columns} from operations`.execute(db);
  await db.schema.dropTable('operations').execute();
  await db.schema.alterTable(REBUILT).renameTo('operations').execute();
  await createIndexes(db);
}

async function createRebuiltTable(db: Kysely<any>): Promise<void> {
  let table = db.schema
    .createTable(REBUILT)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull());
  for (const name of TEXT_NOT_NULL) table = table.addColumn(name, 'text', (c) => c.notNull());
  await table
    .addColumn('executor_id', 'text')
    .addColumn('executor_name', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('graph_request_id', 'text')
    .addColumn('error_kind', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('settled_by', 'text', (c) => c.check(sql`settled_by in (${inList(SETTLED)})`))
    .addColumn('approval_status', 'text', (c) => c.check(sql`approval_status in (${inList(APPROVAL)})`))
    .addColumn('requester_channel_id', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('before_status', 'text')
    .addColumn('before_expiry', 'text')
    .addCheckConstraint('operations_state_check', sql`state in (${inList(STATES)})`)
    .execute();
}

/** The indexes of `operations` as migrations 0001, 0003, 0004 and 0005 made them (dropped with the old table). */
async function createIndexes(db: Kysely<any>): Promise<void> {
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
  await db.schema
    .createIndex('operations_tenant_partner_state_created_idx')
    .on('operations')
    .columns(['tenant_id', 'partner_id', 'state', 'created_at'])
    .execute();
  await db.schema
    .createIndex('operations_state_updated_idx')
    .on('operations')
    .columns(['state', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('operations_one_open_per_partner')
    .unique()
    .on('operations')
    .columns(['tenant_id', 'partner_id'])
    .where(sql<boolean>`state in ('pending', 'running')`)
    .execute();
}
