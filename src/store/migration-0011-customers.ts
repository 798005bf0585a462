/**
 * Migration 0011 (issue 19, customer tenants and the fleet operation), both engines:
 * - `operations` gains `target_tenant_id`, `target_name` (the customer tenant it acts in; null: the bot's own, as
 *   every older row) and `fleet_id` (indexed: a fleet's children).
 * - One open operation per partner becomes one per partner PER TARGET TENANT: the partial unique index keeps its
 *   name (`operations_one_open_per_partner`, by which the store recognizes the conflict) and now covers
 *   `(tenant_id, coalesce(target_tenant_id, ''), partner_id)` where the state is open. Both engines take an
 *   expression in a unique partial index (https://www.sqlite.org/expridx.html,
 *   https://www.sqlite.org/partialindex.html; https://www.postgresql.org/docs/current/indexes-expressional.html).
 *   Every older row has a null target, so the open rows that were unique before are unique after.
 * - `fleet_operations` (the fleet's own record, its members as JSON) and `conversation_customers` (a conversation's
 *   default customer).
 * Frozen here as made: a migration means the same thing whatever the code later says.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

const INDEX = 'operations_one_open_per_partner';
const FLEET_STATES = ['pending', 'running', 'finished', 'cancelled', 'expired'];
const APPROVAL = ['waiting', 'approved', 'rejected', 'withdrawn'];
const inList = (values: string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export async function addCustomersAndFleets(db: Kysely<any>): Promise<void> {
  // One column per ALTER: SQLite adds one column per statement.
  await db.schema.alterTable('operations').addColumn('target_tenant_id', 'text').execute();
  await db.schema.alterTable('operations').addColumn('target_name', 'text').execute();
  await db.schema.alterTable('operations').addColumn('fleet_id', 'text').execute();
  await db.schema.createIndex('operations_fleet_idx').on('operations').column('fleet_id').execute();
  await db.schema.dropIndex(INDEX).execute();
  await sql`create unique index ${sql.id(INDEX)} on operations (tenant_id, coalesce(target_tenant_id, ''), partner_id)
    where state in ('pending', 'running')`.execute(db);
  await createFleetOperations(db);
  await db.schema
    .createTable('conversation_customers')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('target_tenant_id', 'text')
    .addColumn('target_name', 'text')
    .addColumn('set_by_id', 'text', (c) => c.notNull())
    .addColumn('set_by_name', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_customers_pk', ['tenant_id', 'conversation_id'])
    .execute();
}

async function createFleetOperations(db: Kysely<any>): Promise<void> {
  let table = db.schema.createTable('fleet_operations').addColumn('id', 'text', (c) => c.primaryKey());
  const required = ['tenant_id', 'conversation_id', 'kind', 'partner_query', 'selector'];
  required.push('requester_id', 'requester_name');
  for (const name of required) table = table.addColumn(name, 'text', (c) => c.notNull());
  await table
    .addColumn('executor_id', 'text')
    .addColumn('executor_name', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('approval_status', 'text')
    .addColumn('requester_channel_id', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('members', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addCheckConstraint('fleet_operations_state_check', sql`state in (${inList(FLEET_STATES)})`)
    .addCheckConstraint('fleet_operations_approval_check', sql`approval_status in (${inList(APPROVAL)})`)
    .execute();
  await db.schema
    .createIndex('fleet_operations_tenant_created_idx')
    .on('fleet_operations')
    .columns(['tenant_id', 'created_at'])
    .execute();
}
