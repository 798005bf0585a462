/**
 * Migration 0012 (issue 19, `watch @all`), both engines:
 * - `watch_subscriptions` gains `scope` ('own': the conversation's own tenant, as every older row; 'customers': one
 *   row per customer tenant of a conversation's `watch @all`, its `tenant_id` that customer's), `home_tenant_id`
 *   (the conversation's tenant for a customers row) and the customer's `customer_name` / `customer_display_name`.
 * - `watch_tenants` gains `read_failure`: the failure already reported to the customer's subscribers (null: none),
 *   so that a customer the bot cannot read is reported once, not every poll, across instances and restarts.
 * Frozen here as made: a migration means the same thing whatever the code later says.
 */
import { sql, type Kysely } from 'kysely';

export async function addWatchCustomers(db: Kysely<any>): Promise<void> {
  // One column per ALTER: SQLite adds one column per statement.
  await db.schema
    .alterTable('watch_subscriptions')
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo(sql`'own'`))
    .execute();
  await db.schema.alterTable('watch_subscriptions').addColumn('home_tenant_id', 'text').execute();
  await db.schema.alterTable('watch_subscriptions').addColumn('customer_name', 'text').execute();
  await db.schema.alterTable('watch_subscriptions').addColumn('customer_display_name', 'text').execute();
  await db.schema
    .createIndex('watch_subscriptions_home_idx')
    .on('watch_subscriptions')
    .column('home_tenant_id')
    .execute();
  await db.schema.alterTable('watch_tenants').addColumn('read_failure', 'text').execute();
}
