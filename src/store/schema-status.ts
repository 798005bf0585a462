/**
 * A read-only look at the store's schema, for `npm run doctor`: which of the in-code migrations the database
 * has, which it lacks, and which it has that this code does not know (a newer version ran against it).
 * Nothing is created or migrated here (the bot migrates at startup, see migrations.ts). PostgreSQL: the
 * bookkeeping table is looked up in the current schema, as migrateToLatest pins it.
 */
import { Migrator, sql } from 'kysely';
import type { MigrationProvider } from 'kysely';
import { StoreError, currentPostgresSchema, openDb } from './db';
import type { DbOptions, Engine } from './db';
import { MIGRATIONS } from './migrations';

export interface SchemaStatus {
  engine: Engine;
  /** Safe to print (password masked). */
  location: string;
  applied: string[];
  pending: string[];
  /** Recorded in the database, unknown to this code. */
  unknown: string[];
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function readSchemaStatus(options: DbOptions): Promise<SchemaStatus> {
  const { db, engine, location } = openDb({ ...options, poolSize: 1 });
  try {
    const migrationTableSchema = engine === 'postgres' ? await currentPostgresSchema(db) : undefined;
    const migrator = new Migrator({ db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
    const known = await migrator.getMigrations();
    const applied = known.filter((m) => m.executedAt).map((m) => m.name);
    const pending = known.filter((m) => !m.executedAt).map((m) => m.name);
    let recorded: string[] = [];
    if (applied.length) {
      const table = migrationTableSchema
        ? sql.table(`${migrationTableSchema}.kysely_migration`)
        : sql.table('kysely_migration');
      const { rows } = await sql<{ name: string }>`select name from ${table}`.execute(db);
      recorded = rows.map((r) => r.name);
    }
    const unknown = recorded.filter((name) => !(name in MIGRATIONS));
    return { engine, location, applied, pending, unknown };
  } catch (e) {
    if (e instanceof StoreError) throw e;
    const why = e instanceof Error ? e.message || (e as NodeJS.ErrnoException).code : String(e);
    throw new StoreError('store.unavailable', `Cannot read the ${engine} database at ${location}: ${why}`, e);
  } finally {
    await db.destroy();
  }
}
