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
  Generated,
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

export type Engine = 'sqlite' | 'postgres';

/** Timestamps are stored as fixed-width ISO 8601 UTC text (`YYYY-MM-DDTHH:mm:ss.sssZ`): text order = time order. */
export interface OperationsTable {
  id: string;
  kind: string;
  partner_id: string;
  partner_name: string;
  tenant_id: string;
  conversation_id: string;
  requester_id: string;
  requester_name: string;
  executor_id: string | null;
  executor_name: string | null;
  state: string;
  graph_request_id: string | null;
  error_kind: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string;
  completed_at: string | null;
  /** How the outcome became known: 'graph' | 'read' | 'sweeper' (migration 0005). */
  settled_by: string | null;
  /** Two-person approval (migration 0007): 'waiting' | 'approved' | 'rejected' | 'withdrawn'; null when none was asked. */
  approval_status: string | null;
  /** The requester's id in the channel (an MRI in Teams), for the card's user-specific view. */
  requester_channel_id: string | null;
  /** When the request was approved, rejected or withdrawn. */
  decided_at: string | null;
  /** The partner as read right before the Graph call, kept with the claim (migration 0008): its onboardingStatus; null when not read. */
  before_status: string | null;
  /** ... and its onboardingRequestExpiryDateTime, when it had one. */
  before_expiry: string | null;
  /** The customer tenant it acts in (0011), lowercased, and the customer's short name; null: the bot's own tenant. */
  target_tenant_id: string | null;
  target_name: string | null;
  /** The fleet operation it is part of (0011). */
  fleet_id: string | null;
}

/** A fleet operation (0011): one request over many customers; its children are rows of `operations`. */
export interface FleetOperationsTable {
  id: string;
  tenant_id: string;
  conversation_id: string;
  kind: string;
  partner_query: string;
  selector: string;
  requester_id: string;
  requester_name: string;
  executor_id: string | null;
  executor_name: string | null;
  state: string;
  approval_status: string | null;
  requester_channel_id: string | null;
  decided_at: string | null;
  /** JSON: FleetMember[] (core/fleet-model.ts). */
  members: string;
  created_at: string;
  updated_at: string;
  expires_at: string;
  completed_at: string | null;
}

/** Each conversation's default customer (0011); a cleared one keeps its row with null target and who cleared it. */
export interface ConversationCustomersTable {
  /** Lowercased. */
  tenant_id: string;
  conversation_id: string;
  target_tenant_id: string | null;
  target_name: string | null;
  set_by_id: string;
  set_by_name: string;
  set_at: string;
}

/** Bot (teams-ai turn) state: one JSON document per key, with the eTag of its last write. */
export interface BotStateTable {
  key: string;
  value: string;
  etag: string;
  updated_at: string;
}

/** Where each operation's card was posted (a conversation reference and the message id); see core/card-ref.ts. */
export interface OperationCardsTable {
  operation_id: string;
  activity_id: string;
  service_url: string;
  channel_id: string;
  conversation_id: string;
  conversation_type: string | null;
  tenant_id: string;
  bot_id: string;
  locale: string;
  time_zone: string | null;
  saved_at: string;
}

/** A copy of an operation's card in another conversation (the approvers' channel); one per conversation (0007). */
export type OperationCardCopiesTable = OperationCardsTable;

/** Each tenant's approvers' channel (`approvals here`; 0007): its conversation address and who set it. */
export interface ApprovalChannelsTable {
  /** Lowercased: tenant ids are GUIDs, compared without case. */
  tenant_id: string;
  channel_id: string;
  service_url: string;
  conversation_id: string;
  conversation_kind: string;
  bot_id: string;
  set_by_id: string;
  set_by_name: string;
  locale: string;
  time_zone: string | null;
  set_at: string;
}

/** A conversation subscribed to the watch: its address for proactive messages, and who asked. */
export interface WatchSubscriptionsTable {
  id: string;
  tenant_id: string;
  conversation_id: string;
  conversation_kind: string;
  channel_id: string;
  service_url: string;
  bot_id: string;
  created_by_id: string;
  created_by_name: string;
  locale: string;
  time_zone: string | null;
  created_at: string;
  /** The cursor (0009): every event of the tenant numbered up to this one was told (delivered or given up). */
  told_seq: Generated<number>;
  /** 'own' (every row before 0012) or 'customers': a row of a `watch @all`, tenant_id the customer's (0012). */
  scope: Generated<string>;
  /** For a customers row: the conversation's own tenant (0012). */
  home_tenant_id: string | null;
  customer_name: string | null;
  customer_display_name: string | null;
  /** When an instance claimed the notices after the cursor (null: not claimed). */
  claimed_at: string | null;
  /** Failed attempts at the event after the cursor, when to try it again (null: now), and the last error. */
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
}

/** Per watched tenant: the version of its partner snapshots (compare-and-set for the poller). */
export interface WatchTenantsTable {
  tenant_id: string;
  version: number;
  updated_at: string;
  /** The number of the tenant's last event (0009); never goes back, so a cursor never points into another watch. */
  last_seq: Generated<number>;
  /** 1 when the poller's first look is kept; 0 after the last unwatch (the row stays for last_seq) (0009). */
  baselined: Generated<number>;
  /** The read failure already reported to the tenant's subscribers; null: none (0012). */
  read_failure: Generated<string | null>;
}

/** A conversation's `watch @all` (0013): who typed it, and the customers known then and told since (JSON arrays). */
export interface WatchAllTable {
  home_tenant_id: string;
  conversation_id: string;
  conversation_kind: string;
  channel_id: string;
  service_url: string;
  bot_id: string;
  created_by_id: string;
  created_by_name: string;
  locale: string;
  time_zone: string | null;
  created_at: string;
  known_tenants: string;
  told_tenants: Generated<string>;
}

/** What the poller last saw of a partner. */
export interface WatchPartnersTable {
  tenant_id: string;
  partner_id: string;
  display_name: string;
  onboarding_status: string;
  request_expiry: string | null;
  expiry_notice_for: string | null;
}

/** A noticed change (the notice as JSON), numbered per tenant in the order noticed (0009: (tenant_id, seq) PK). */
export interface WatchEventsTable {
  tenant_id: string;
  seq: number;
  id: string;
  kind: string;
  partner_id: string;
  notice: string;
  observed_at: string;
}

/** The poller's lease (one row): who polls, until when, and when the last poll ended. */
export interface WatchLeaseTable {
  name: string;
  holder: string;
  expires_at: string;
  polled_at: string | null;
}

export interface Database {
  operations: OperationsTable;
  bot_state: BotStateTable;
  operation_cards: OperationCardsTable;
  operation_card_copies: OperationCardCopiesTable;
  approval_channels: ApprovalChannelsTable;
  watch_subscriptions: WatchSubscriptionsTable;
  watch_tenants: WatchTenantsTable;
  watch_partners: WatchPartnersTable;
  watch_all: WatchAllTable;
  watch_events: WatchEventsTable;
  watch_lease: WatchLeaseTable;
  fleet_operations: FleetOperationsTable;
  conversation_customers: ConversationCustomersTable;
}

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
