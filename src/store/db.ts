/**
 * The one query layer for both engines: a Kysely instance over better-sqlite3 (embedded default) or pg
 * (shared mode). Everything above this file is engine-agnostic. better-sqlite3 (a native addon) is loaded
 * only when SQLite is the store: the cloud bundle, whose store is PostgreSQL, does not ship it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { Pool } from 'pg';
import { Kysely, PostgresDialect, PostgresIntrospector, SqliteDialect, sql } from 'kysely';
import { sqliteFolderRefusal, type FilesystemProbe } from './sqlite-location';
import { tracedDialect } from './traced-dialect';
import type {
  SqliteDatabase,
  DatabaseIntrospector,
  DatabaseMetadata,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  SchemaMetadata,
  TableMetadata,
  UnknownRow,
} from 'kysely';

import type { Database, Engine } from './schema';

export * from './schema';

export type StoreErrorKind =
  | 'store.duplicateId' // insert of an id that exists
  | 'store.openOperationExists' // insert of an open operation for a partner that already has one
  | 'store.invalidInput' // a value the schema does not allow (unknown state, date without zone, bad limit)
  | 'store.config' // bad options (URL scheme, pool size, missing schema, SQLite on a network filesystem)
  | 'store.migration' // a migration failed: the database is left at the previous version
  | 'store.unavailable'; // the database could not be opened or reached at startup

/** A store failure the caller can act on; `message` never holds a connection string or password. */
export class StoreError extends Error {
  readonly kind: StoreErrorKind;
  constructor(kind: StoreErrorKind, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'StoreError';
    this.kind = kind;
  }
}

/** Counts every statement sent through a Kysely instance that carries it (cheap: one increment). */
export class StatementCounter implements KyselyPlugin {
  statements = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.statements++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

export interface DbOptions {
  databaseUrl?: string;
  dataDir?: string;
  sqliteFile?: string;
  poolSize?: number;
  /** How the SQLite folder's filesystem is probed (tests); the real machine's by default. */
  filesystem?: FilesystemProbe;
}

export interface OpenDb {
  db: Kysely<Database>;
  engine: Engine;
  /** Safe to log: the SQLite path, or the PostgreSQL URL with its password and secrets masked. */
  location: string;
  /** The resolved SQLite file (absent for PostgreSQL and ':memory:'), used to serialize local migrators. */
  sqlitePath?: string;
}

/** How long a SQLite writer waits for another connection's lock before SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;
export const DEFAULT_DATA_DIR = 'data';
export const DEFAULT_SQLITE_FILE = 'bot.sqlite';

export function openDb(options: DbOptions): OpenDb {
  const url = options.databaseUrl?.trim();
  if (url) return openPostgres(url, options.poolSize);
  return openSqlite(options);
}

/**
 * better-sqlite3, required here and not at the top of the file, so a PostgreSQL bot never loads it. It is an
 * optional dependency: missing (the cloud bundle leaves it out), SQLite cannot be the store.
 */
export function loadBetterSqlite3(load: (id: string) => unknown = require): typeof BetterSqlite3 {
  try {
    return load('better-sqlite3') as typeof BetterSqlite3;
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code !== 'MODULE_NOT_FOUND') throw e;
    throw new StoreError(
      'store.config',
      'SQLite is the store (DATABASE_URL is not set) but the better-sqlite3 module is not installed here (the cloud bundle leaves it out: ' +
        'its store is PostgreSQL). Set DATABASE_URL to a PostgreSQL database, or run npm ci in the project (it installs better-sqlite3) to use SQLite.',
      e,
    );
  }
}

function openSqlite(options: DbOptions): OpenDb {
  const file = resolveSqliteFile(options);
  if (file !== ':memory:') {
    const refusal = sqliteFolderRefusal(path.dirname(file), options.filesystem);
    if (refusal) throw new StoreError('store.config', refusal);
  }
  const Sqlite = loadBetterSqlite3();
  let database: BetterSqlite3.Database | undefined;
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    // timeout = busy_timeout, set at open, before journal_mode=WAL (switching needs a short exclusive lock).
    database = new Sqlite(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
    if (file !== ':memory:') {
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL'); // durable enough in WAL mode, and much faster
    }
  } catch (e) {
    database?.close();
    throw new StoreError(
      'store.unavailable',
      `Cannot open the sqlite database at ${file}: ${e instanceof Error ? e.message : String(e)}`,
      e,
    );
  }
  const db = new Kysely<Database>({
    dialect: tracedDialect(new SqliteDialect({ database: withStatementCache(database) }), 'sqlite'),
  });
  return { db, engine: 'sqlite', location: file, sqlitePath: file === ':memory:' ? undefined : file };
}

/**
 * Kysely's SQLite driver prepares the statement again for every query. Preparing one of ours costs more than
 * running it (18 us against 7 us for a point read; the bot's profile showed better-sqlite3's Statement next to
 * `all` at the top of its self time), so prepared statements are kept per SQL text, a bounded number. The
 * store's connection runs one query at a time; a statement still busy in an iteration is never handed out.
 */
export function withStatementCache(database: BetterSqlite3.Database, max = 64): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(source: string) {
      let statement = cache.get(source);
      if (statement && !statement.busy) {
        cache.delete(source); // re-inserted below: Map order is the LRU order
      } else {
        statement = database.prepare(source);
      }
      cache.set(source, statement);
      if (cache.size > max) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}

export function resolveSqliteFile(options: DbOptions): string {
  if (options.sqliteFile === ':memory:') return ':memory:';
  const dataDir = path.resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  return path.resolve(dataDir, options.sqliteFile ?? DEFAULT_SQLITE_FILE);
}

function openPostgres(url: string, poolSize = 10): OpenDb {
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new StoreError(
      'store.config',
      `DATABASE_URL must be a postgres:// or postgresql:// URL (got ${redactUrl(url)})`,
    );
  }
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new StoreError('store.config', `poolSize must be a positive integer (got ${poolSize})`);
  }
  const pool = new Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its server emits 'error' on the pool; unhandled, that would end the process.
  // The next query fails (and is reported) on its own, so there is nothing else to do here.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: tracedDialect(new CurrentSchemaPostgresDialect({ pool }), 'postgresql') });
  return { db, engine: 'postgres', location: redactUrl(url) };
}

/**
 * Kysely's PostgresIntrospector.getTables (which the Migrator calls at every start to find its tables) reads
 * every schema of the database and calls has_schema_privilege(name) on each: when another client drops a
 * schema meanwhile, it fails with `schema "<theirs>" does not exist` (measured: ~9% of calls while another
 * client creates and drops schemas in a loop; parallel test workers do just that). It also lists other
 * schemas' tables. This one lists the tables of the current schema only, from the catalog, by OID.
 */
class CurrentSchemaIntrospector implements DatabaseIntrospector {
  private readonly stock: PostgresIntrospector;
  constructor(private readonly db: Kysely<any>) {
    this.stock = new PostgresIntrospector(db);
  }
  getSchemas(): Promise<SchemaMetadata[]> {
    return this.stock.getSchemas(); // a plain pg_namespace read: not affected
  }
  /** Tables and views of current_schema(), without their columns (the Migrator needs names only). */
  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; is_view: boolean }>`
      select c.relname as name, n.nspname as schema, c.relkind in ('v', 'm') as is_view
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v', 'm', 'f')`.execute(this.db);
    return rows.map((r) => ({ name: r.name, schema: r.schema, isView: r.is_view, columns: [] }));
  }
  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

class CurrentSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

/** The URL with its password and secret-looking query parameters masked. Never throws. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) {
      if (/pass|secret|token|key/i.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** The schema PostgreSQL creates tables in (first existing entry of search_path). */
export async function currentPostgresSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) {
    throw new StoreError(
      'store.config',
      'PostgreSQL has no schema to create tables in: create the schema named in search_path first',
    );
  }
  return schema;
}
