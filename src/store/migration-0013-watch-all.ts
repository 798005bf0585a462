/**
 * Migration 0013 (issue 19, `watch @all` hears of customers added later), both engines: `watch_all`, one row per
 * conversation that typed `watch @all` (its address, who typed it, the language and time zone its notices are
 * written in), with `known_tenants`, the customer tenants configured when it was typed (a JSON array, sorted), and
 * `told_tenants`, the customers told to it since as new (a JSON array, sorted; compared whole for the
 * compare-and-set that tells each once across instances).
 * Frozen here as made: a migration means the same thing whatever the code later says.
 */
import { sql, type Kysely } from 'kysely';

export async function addWatchAll(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('watch_all')
    .addColumn('home_tenant_id', 'text', (c) => c.notNull())
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
    .addColumn('known_tenants', 'text', (c) => c.notNull())
    .addColumn('told_tenants', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addPrimaryKeyConstraint('watch_all_pk', ['home_tenant_id', 'conversation_id'])
    .execute();
}
