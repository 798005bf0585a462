/**
 * Engines for the store contract. Each test gets a fresh, isolated database: a new SQLite file in a temp
 * folder, or a new PostgreSQL schema (named in search_path) that is dropped afterwards, so parallel jest
 * workers never collide. PostgreSQL is found through TEST_DATABASE_URL; without it those tests are skipped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Migrator, type Kysely } from 'kysely';
import type { OperationRecord } from '../../src/core/model';
import { openStore, type Store, type StoreOptions } from '../../src/store';
import { currentPostgresSchema, openDb, type Database, type Engine } from '../../src/store/db';
import { MIGRATIONS } from '../../src/store/migrations';

export const PG_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

let warned = false;
export function warnIfNoPostgres(): void {
  if (PG_URL || warned) return;
  warned = true;
  // Visible on purpose: a newcomer without PostgreSQL should know these tests did not run.
  console.warn(
    'store tests: TEST_DATABASE_URL is not set, so the PostgreSQL tests are SKIPPED (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)',
  );
}

/**
 * `describe` when PostgreSQL is there; otherwise `describe.skip`, plus one test of its own that prints why
 * (jest hides the output of a suite whose tests are all skipped).
 */
export function describeWithPostgres(what: string): jest.Describe {
  if (PG_URL) return describe;
  it('needs PostgreSQL: SKIPPED without TEST_DATABASE_URL', () => {
    console.warn(
      `${what}: TEST_DATABASE_URL is not set, so these tests are SKIPPED (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)`,
    );
  });
  return describe.skip;
}

export interface Target {
  /** Options for openStore; call as often as needed to mimic several instances. */
  options: StoreOptions;
  cleanup(): Promise<void>;
}

export interface EngineFixture {
  name: 'sqlite' | 'postgres' | 'sqlite in memory';
  engine: 'sqlite' | 'postgres';
  available: boolean;
  /** Several stores opened with the same options share the data (false for the in-memory store). */
  shared: boolean;
  fresh(): Promise<Target>;
}

export const sqliteFixture: EngineFixture = {
  name: 'sqlite',
  engine: 'sqlite',
  available: true,
  shared: true,
  async fresh() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-test-'));
    return {
      options: { dataDir: dir },
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  },
};

export const postgresFixture: EngineFixture = {
  name: 'postgres',
  engine: 'postgres',
  available: PG_URL !== undefined,
  shared: true,
  async fresh() {
    const schema = `store_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin(`create schema ${schema}`);
    return {
      options: { databaseUrl: withSearchPath(PG_URL!, schema), poolSize: 5 },
      cleanup: () => admin(`drop schema if exists ${schema} cascade`),
    };
  },
};

/** The in-memory store of the core's unit tests (test/core): the same code on SQLite's :memory: database. */
export const memoryFixture: EngineFixture = {
  name: 'sqlite in memory',
  engine: 'sqlite',
  available: true,
  shared: false,
  async fresh() {
    return { options: { sqliteFile: ':memory:' }, cleanup: async () => undefined };
  },
};

export const ENGINES: EngineFixture[] = [sqliteFixture, postgresFixture];
/** The operation-store contract also holds for the in-memory store. */
export const OPERATION_STORE_ENGINES: EngineFixture[] = [...ENGINES, memoryFixture];

/** `describe` where the engine is there, `describe.skip` where it is not (PostgreSQL without TEST_DATABASE_URL). */
export function describeOn(engine: EngineFixture): jest.Describe {
  return engine.available ? describe : describe.skip;
}

/** `it` where the engine is there, `it.skip` where it is not. */
export function itOn(engine: EngineFixture): jest.It {
  return engine.available ? it : it.skip;
}

/**
 * A fresh database for each test of the enclosing describe, opened as `stores` stores one after the other (several
 * stores on one database stand for several bot instances; 0: none, the test opens what it needs). `use` is given
 * them before each test; after it they are closed and the database dropped.
 */
export function freshDatabaseEach(
  engine: EngineFixture,
  stores: number,
  use: (target: Target, stores: Store[]) => void,
): void {
  let target: Target | undefined;
  const opened: Store[] = [];
  beforeEach(async () => {
    target = await engine.fresh();
    for (let i = 0; i < stores; i++) opened.push(await openStore(target.options));
    use(target, [...opened]);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await target?.cleanup();
    target = undefined;
  });
}

/** Runs `work` on a fresh database of `engine`, then drops it. */
export async function withFreshDatabase<T>(engine: EngineFixture, work: (target: Target) => Promise<T>): Promise<T> {
  const target = await engine.fresh();
  try {
    return await work(target);
  } finally {
    await target.cleanup();
  }
}

/** Opens a store on `options`, runs `work` with it, then closes it. */
export async function withStore<T>(options: StoreOptions, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Opens the database on `options` without the store (no migrations), runs `work` with it, then lets it go. */
export async function withDb<T>(
  options: StoreOptions,
  work: (db: Kysely<Database>, engine: Engine) => Promise<T>,
): Promise<T> {
  const { db, engine } = openDb(options);
  try {
    return await work(db, engine);
  } finally {
    await db.destroy();
  }
}

/**
 * Leaves the fresh database of `target` as an older version left it: at `migration` (e.g. '0006': every migration up
 * to and including 0006_..., none after), then runs `fill` on it (the rows that version wrote) and lets it go. The
 * store opened on it afterwards applies the rest.
 */
export async function leftAtMigration<T>(
  target: Target,
  migration: string,
  fill: (db: Kysely<Database>, engine: Engine) => Promise<T> = async () => undefined as T,
): Promise<T> {
  const names = Object.keys(MIGRATIONS).filter((name) => name.slice(0, migration.length) <= migration);
  if (!names.some((name) => name.startsWith(migration))) throw new Error(`no migration ${migration} in MIGRATIONS`);
  return withDb(target.options, async (db, engine) => {
    const migrations = Object.fromEntries(names.map((name) => [name, MIGRATIONS[name]]));
    const migrationTableSchema = engine === 'postgres' ? await currentPostgresSchema(db) : undefined;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    return await fill(db, engine);
  });
}

export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export async function admin(statement: string): Promise<void> {
  const client = new Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

let seq = 0;
export function record(overrides: Partial<OperationRecord> = {}): OperationRecord {
  seq++;
  return {
    id: `op-${process.pid}-${seq}-${randomBytes(3).toString('hex')}`,
    kind: 'disconnect',
    partnerId: 'partner-teamviewer',
    partnerName: 'TeamViewer Connector',
    tenantId: 'tenant-a',
    conversationId: '19:conversation@thread.tacv2',
    requester: { id: 'aad-requester', name: 'Adele Vance' },
    state: 'pending',
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    expiresAt: '2025-03-01T10:15:00.000Z',
    ...overrides,
  };
}

/** The columns of `operations` that later migrations added, by the migration that added them. */
const ADDED_BY: readonly [migration: string, columns: (r: OperationRecord) => Record<string, unknown>][] = [
  ['0005', (r) => ({ settled_by: r.settledBy ?? null })],
  [
    '0007',
    (r) => ({
      approval_status: r.approval?.status ?? null,
      requester_channel_id: r.approval?.requesterChannelId ?? null,
      decided_at: r.approval?.decidedAt ?? null,
    }),
  ],
  [
    '0008',
    (r) => ({
      before_status: r.before?.onboardingStatus ?? null,
      before_expiry: r.before?.onboardingRequestExpiryDateTime ?? null,
    }),
  ],
];

/**
 * A record as a row of `operations` in a database left at `migration` (e.g. '0006'): the columns that existed then,
 * for the tests that write such a database by hand and migrate it.
 */
export function operationRowAt(migration: string, r: OperationRecord): Record<string, unknown> {
  const row: Record<string, unknown> = {
    id: r.id,
    kind: r.kind,
    partner_id: r.partnerId,
    partner_name: r.partnerName,
    tenant_id: r.tenantId,
    conversation_id: r.conversationId,
    requester_id: r.requester.id,
    requester_name: r.requester.name,
    executor_id: r.executor?.id ?? null,
    executor_name: r.executor?.name ?? null,
    state: r.state,
    graph_request_id: r.graphRequestId ?? null,
    error_kind: r.errorKind ?? null,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    expires_at: r.expiresAt,
    completed_at: r.completedAt ?? null,
  };
  for (const [added, columns] of ADDED_BY) if (added <= migration) Object.assign(row, columns(r));
  return row;
}
