/**
 * better-sqlite3 is an optional dependency, loaded only when SQLite is the store (the cloud bundle leaves it
 * out). Where it is missing, choosing SQLite is a clear startup error that says what to do; PostgreSQL never
 * needs it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeWithPostgres, postgresFixture } from './helpers';

type StoreModule = typeof import('../../src/store');

/** The store module as it loads where better-sqlite3 is not installed. */
function storeWithoutSqlite(): StoreModule {
  let mod: StoreModule | undefined;
  jest.isolateModules(() => {
    jest.doMock('better-sqlite3', () => {
      throw Object.assign(new Error("Cannot find module 'better-sqlite3'"), { code: 'MODULE_NOT_FOUND' });
    });
    mod = jest.requireActual('../../src/store') as StoreModule;
  });
  return mod!;
}

describe('the store without better-sqlite3 installed', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-nosqlite-'))));
  afterEach(() => {
    jest.dontMock('better-sqlite3');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses SQLite with a store.config error that names DATABASE_URL and npm ci', async () => {
    const { openStore, StoreError } = storeWithoutSqlite();
    const err = await openStore({ dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as InstanceType<typeof StoreError>).kind).toBe('store.config');
    expect((err as Error).message).toContain('the better-sqlite3 module is not installed here');
    expect((err as Error).message).toContain('Set DATABASE_URL to a PostgreSQL database');
    expect((err as Error).message).toContain('npm ci');
  });
});

describeWithPostgres('PostgreSQL without better-sqlite3')('PostgreSQL without better-sqlite3 installed', () => {
  afterEach(() => jest.dontMock('better-sqlite3'));

  it('opens, migrates and answers: it never loads better-sqlite3', async () => {
    const { openStore } = storeWithoutSqlite();
    const target = await postgresFixture.fresh();
    try {
      const store = await openStore(target.options);
      try {
        expect(store.engine).toBe('postgres');
        expect(store.appliedMigrations.length).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    } finally {
      await target.cleanup();
    }
  });
});
