/** openStore's choice of engine, its defaults, and what it says when something is wrong. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openStore, redactUrl, StoreError } from '../../src/store';

describe('openStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-open-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the data folder and a WAL-mode SQLite file in it, with no setup', async () => {
    const dataDir = path.join(dir, 'nested', 'data');
    const store = await openStore({ dataDir });
    await store.close();
    const file = path.join(dataDir, 'bot.sqlite');
    expect(store.engine).toBe('sqlite');
    expect(store.location).toBe(file);
    const check = new BetterSqlite3(file, { readonly: true });
    try {
      expect(check.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = check.prepare(`select name from sqlite_master where type = 'table' order by name`).pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['bot_state', 'kysely_migration', 'operations']));
    } finally {
      check.close();
    }
  });

  it('places a relative sqliteFile in the data folder', async () => {
    const store = await openStore({ dataDir: dir, sqliteFile: 'other.db' });
    await store.close();
    expect(store.location).toBe(path.join(dir, 'other.db'));
    expect(fs.existsSync(path.join(dir, 'other.db'))).toBe(true);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL, without echoing its password', async () => {
    const err = await openStore({ databaseUrl: 'mysql://admin:s3cret@db.example/bot' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ kind: 'store.config', message: expect.stringContaining('postgres://') });
    expect((err as Error).message).not.toContain('s3cret');
  });

  it('says which file it could not open', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    await expect(openStore({ dataDir: blocker })).rejects.toMatchObject({
      kind: 'store.unavailable',
      message: expect.stringContaining(`Cannot open the sqlite database at ${path.join(blocker, 'bot.sqlite')}`),
    });
  });

  it('refuses a bad pool size', async () => {
    await expect(openStore({ databaseUrl: 'postgres://u@127.0.0.1/x', poolSize: 0 })).rejects.toMatchObject({
      kind: 'store.config',
    });
  });

  it('rejects, without the password, when PostgreSQL cannot be reached, and leaves no handle open', async () => {
    const err = await openStore({ databaseUrl: 'postgres://bot:s3cret@127.0.0.1:1/bot' }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      kind: 'store.unavailable',
      message: expect.stringMatching(
        /^Cannot open the postgres database at postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/bot: .*ECONNREFUSED/,
      ),
    });
    expect((err as Error).message).not.toContain('s3cret');
  });
});

describe('redactUrl', () => {
  it('masks the password and secret-looking parameters, and keeps the rest for diagnosis', () => {
    expect(
      redactUrl('postgres://bot:p%40ss@db.example:5432/bot?sslmode=require&password=x&options=-c%20search_path%3Dbot'),
    ).toBe('postgres://bot:***@db.example:5432/bot?sslmode=require&password=***&options=-c+search_path%3Dbot');
    expect(redactUrl('postgres://db.example/bot')).toBe('postgres://db.example/bot');
    expect(redactUrl('not a url with secret')).toBe('(unparseable URL)');
  });
});
