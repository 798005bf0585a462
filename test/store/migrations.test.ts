/**
 * Startup migrations when several instances start at once: in one process (several connections or pools)
 * and in several OS processes, on a fresh database, for both engines. Also pins the Kysely facts the
 * migration code relies on.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { Client, Pool } from 'pg';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { openStore } from '../../src/store';
import type { Store } from '../../src/store';
import type { OperationRecord } from '../../src/core/model';
import { MIGRATIONS } from '../../src/store/migrations';
import { noticePartner } from '../../src/core/watch-model';
import {
  describeOn,
  ENGINES,
  freshDatabaseEach,
  leftAtMigration,
  operationRowAt,
  PG_URL,
  postgresFixture,
  record,
  warnIfNoPostgres,
  withSearchPath,
  withStore,
} from './helpers';
import type { Target } from './helpers';

warnIfNoPostgres();
const ALL = Object.keys(MIGRATIONS).sort();
/** Kysely 0.28's PostgresAdapter: `select pg_advisory_xact_lock(3853314791062309107)` in the migration transaction. */
const KYSELY_PG_LOCK_ID = '3853314791062309107';

describe.each(ENGINES)('migrations on $name', (engine) => {
  describeOn(engine)('concurrent startup', () => {
    let target: Target;
    freshDatabaseEach(engine, 0, (t) => (target = t));

    it('applies each migration exactly once when 5 instances open a fresh database at once', async () => {
      const stores = await Promise.all(Array.from({ length: 5 }, () => openStore(target.options)));
      try {
        expect(stores.flatMap((s) => s.appliedMigrations).sort()).toEqual(ALL);
        const r = record();
        await stores[0].operations.insert(r);
        expect(await stores[4].operations.get(r.id)).toStrictEqual(r);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    it('applies each migration once and lets one click win when 3 processes start at once', async () => {
      // One partner each: a partner has at most one open operation.
      const records = Array.from({ length: 20 }, (_, i) =>
        record({ partnerId: `partner-${i}`, expiresAt: '2999-01-01T00:00:00.000Z' }),
      );
      const done = await runProcesses(3, target, records);
      expect(done.ready.flatMap((r) => r.applied as string[]).sort()).toEqual(ALL);
      expect(done.ready.reduce((n, r) => n + (r.inserted as number), 0)).toBe(records.length);
      const wins = done.done.flatMap((r) => r.wins as string[]).sort();
      expect(wins).toEqual(records.map((r) => r.id).sort()); // every record won exactly once
      await withStore(target.options, async (store) => {
        for (const r of records) expect((await store.operations.get(r.id))?.state).toBe('running');
      });
    }, 20_000);

    it('0005 settles the open duplicates an older version left, then keeps one open operation per partner', async () => {
      // The schema as the previous version left it, with what it allowed: several open operations per partner.
      const at = (m: number) => `2025-03-01T10:0${m}:00.000Z`;
      const rows = {
        p1: record({ partnerId: 'p', state: 'pending', createdAt: at(1) }),
        p2: record({ partnerId: 'p', state: 'pending', createdAt: at(2) }),
        q1: record({ partnerId: 'q', state: 'pending', createdAt: at(1) }),
        q2: record({ partnerId: 'q', state: 'running', createdAt: at(0) }),
        r1: record({ partnerId: 'r', state: 'running', createdAt: at(1) }),
        r2: record({ partnerId: 'r', state: 'running', createdAt: at(2) }),
        r3: record({ partnerId: 'r', state: 'pending', createdAt: at(3) }),
        s1: record({ partnerId: 'p', state: 'pending', tenantId: 'tenant-b' }),
        d1: record({ partnerId: 'p', state: 'denied' }),
      };
      await leftAtMigration(target, '0004', async (db) => {
        await db
          .insertInto('operations')
          .values(Object.values(rows).map((r: OperationRecord) => operationRowAt('0004', r)) as never)
          .execute();
      });
      await withStore(target.options, async (store) => {
        expect(store.appliedMigrations).toEqual(ALL.filter((name) => name >= '0005'));
        const state = async (r: OperationRecord) => (await store.operations.get(r.id))?.state;
        const now: Record<string, unknown> = {};
        for (const [name, r] of Object.entries(rows)) now[name] = await state(r);
        expect(now).toEqual({
          p1: 'expired',
          p2: 'pending',
          q1: 'expired',
          q2: 'running',
          r1: 'failed',
          r2: 'running',
          r3: 'expired',
          s1: 'pending',
          d1: 'denied',
        });
        expect(await store.operations.get(rows.r1.id)).toMatchObject({
          errorKind: 'reconciled.superseded',
          completedAt: expect.any(String),
        });
        await expect(store.operations.insert(record({ partnerId: 'p' }))).rejects.toMatchObject({
          kind: 'store.openOperationExists',
        });
      });
    });

    it('0006_watch applies after 0005 on a database that main left at 0005, keeping its operations', async () => {
      await leftAtMigration(target, '0005');
      const kept = record({ partnerId: 'p', expiresAt: '2999-01-01T00:00:00.000Z' });
      await withStore(target.options, async (before) => {
        // Opening with every migration known applies 0006 and the later ones (Kysely refuses out-of-order ones by default).
        expect(before.appliedMigrations).toEqual(ALL.filter((name) => name >= '0006'));
        await before.operations.insert(kept);
      });
      await withStore(target.options, async (after) => {
        expect(after.appliedMigrations).toEqual([]);
        expect(await after.operations.get(kept.id)).toStrictEqual(kept);
        expect(await after.watch.watchedTenants()).toEqual([]);
      });
    });

    it('0009 keeps the notices a database at 0008 still had to deliver: each subscription is told them from its cursor', async () => {
      const t = (s: number) => new Date(Date.parse('2025-03-01T10:00:00.000Z') + s * 1000).toISOString();
      await leftAtMigration(target, '0008', async (db) => {
        await db
          .insertInto('watch_subscriptions')
          .values(['s1', 's2', 's3'].map(legacySubscription) as never)
          .execute();
        await db
          .insertInto('watch_tenants')
          .values({ tenant_id: 'tenant-a', version: 2, updated_at: t(120) } as never)
          .execute();
        const events = [
          ['e1', 'tenant-a', 60, 0],
          ['e2', 'tenant-a', 60, 1],
          ['e3', 'tenant-a', 120, 0],
          ['x1', 'tenant-gone', 60, 0],
        ] as const;
        await db
          .insertInto('watch_events')
          .values(
            events.map(([id, tenant, s, ordinal]) => ({
              id,
              tenant_id: tenant,
              kind: 'removed',
              partner_id: 'p',
              notice: JSON.stringify({ kind: 'removed', partner: { id: 'p', displayName: id } }),
              observed_at: t(s),
              ordinal,
            })) as never,
          )
          .execute();
        const delivery = (event_id: string, subscription_id: string, state: string, more: object = {}) => ({
          event_id,
          subscription_id,
          state,
          attempts: 0,
          next_attempt_at: t(60),
          claimed_at: null,
          delivered_at: null,
          error: null,
          created_at: t(60),
          ...more,
        });
        await db
          .insertInto('watch_deliveries' as never)
          .values([
            delivery('e1', 's1', 'sent'),
            delivery('e2', 's1', 'pending', { attempts: 2, next_attempt_at: t(300), error: 'HTTP 502' }),
            delivery('e3', 's1', 'pending'),
            delivery('e1', 's2', 'sent'),
            delivery('e2', 's2', 'failed', { attempts: 8 }),
            delivery('e3', 's2', 'sending', { claimed_at: t(121) }),
          ] as never)
          .execute();
      });
      await withStore(target.options, async (store) => {
        expect(store.appliedMigrations).toEqual(ALL.filter((name) => name >= '0009'));
        const told = async (now: number) =>
          (await store.watch.dueNotices(t(now), t(0), 50, 10)).map((d) => [
            d.subscription.id,
            d.events.map((e) => noticePartner(e.notice)?.displayName),
            d.attempts,
          ]);
        expect(await told(200)).toEqual([['s2', ['e3'], 0]]); // s1's next waits for its retry time; s3 came after them
        expect(await told(300)).toEqual([
          ['s1', ['e2', 'e3'], 2],
          ['s2', ['e3'], 0],
        ]);
        // The next change is numbered after them, and told to all three.
        expect(
          await store.watch.recordChanges(
            'tenant-a',
            2,
            [],
            [
              {
                id: 'e4',
                tenantId: 'tenant-a',
                notice: { kind: 'removed', partner: { id: 'q', displayName: 'e4' } },
                observedAt: t(180),
              },
            ],
            t(180),
          ),
        ).toBe(true);
        expect(await told(300)).toEqual([
          ['s1', ['e2', 'e3', 'e4'], 2],
          ['s2', ['e3', 'e4'], 0],
          ['s3', ['e4'], 0],
        ]);
      });
    });
  });
});

/** A watch subscription of tenant-a as a row before migration 0009. */
function legacySubscription(id: string) {
  return {
    id,
    tenant_id: 'tenant-a',
    conversation_id: `19:${id}@thread.v2`,
    conversation_kind: 'groupChat',
    channel_id: 'msteams',
    service_url: 'https://smba.example/',
    bot_id: '28:bot',
    created_by_id: 'aad',
    created_by_name: 'Alex',
    locale: 'en-US',
    time_zone: null,
    created_at: '2025-03-01T10:00:00.000Z',
  };
}

(PG_URL ? describe : describe.skip)('Kysely Migrator on PostgreSQL (the facts the store relies on)', () => {
  let target: Target;
  freshDatabaseEach(postgresFixture, 0, (t) => (target = t));

  it('waits for the advisory lock that Kysely takes while migrating', async () => {
    const holder = new Client({ connectionString: PG_URL });
    await holder.connect();
    let store: Store | undefined;
    try {
      await holder.query(`select pg_advisory_lock(${KYSELY_PG_LOCK_ID})`);
      const opening = openStore(target.options).then((s) => (store = s));
      // The migrator blocks on the lock: a backend waits for it, and openStore has not resolved.
      await waitFor(async () => {
        const { rows } = await holder.query(
          `select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`,
        );
        return rows[0].n > 0;
      });
      expect(store).toBeUndefined();
      await holder.query(`select pg_advisory_unlock(${KYSELY_PG_LOCK_ID})`);
      await opening;
      expect(store!.appliedMigrations).toEqual(ALL);
    } finally {
      await store?.close();
      await holder.end();
    }
  });

  it('is fooled by a kysely_migration table in another schema unless its schema is pinned', async () => {
    const other = await postgresFixture.fresh(); // migrated: it has its own kysely_migration table
    const first = await openStore(other.options);
    await first.close();
    const pool = new Pool({ connectionString: target.options.databaseUrl });
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    try {
      const provider = { getMigrations: async () => MIGRATIONS };
      // The stock introspector also trips over a schema another test worker drops at that moment (the next
      // test's subject): that is not the fact under test, so such a run is repeated.
      let unpinned = await new Migrator({ db, provider }).migrateToLatest();
      for (let i = 0; i < 5 && /schema "[^"]+" does not exist/.test(String(unpinned.error)); i++)
        unpinned = await new Migrator({ db, provider }).migrateToLatest();
      expect(String(unpinned.error)).toMatch(/relation "kysely_migration(_lock)?" does not exist/);
      // What the store does: pin the bookkeeping tables to current_schema().
      const schema = new URL(target.options.databaseUrl!).searchParams.get('options')!.split('=')[1];
      const pinned = await new Migrator({ db, provider, migrationTableSchema: schema }).migrateToLatest();
      expect(pinned.error).toBeUndefined();
    } finally {
      await db.destroy();
      await other.cleanup();
    }
  });

  it('opens while another client creates and drops schemas in the same database', async () => {
    // Kysely's introspection trips over a concurrently dropped schema ("schema ... does not exist"); parallel
    // test workers (and other apps on a shared database) do exactly that. The store retries.
    const churner = new Client({ connectionString: PG_URL });
    await churner.connect();
    let stop = false;
    const churn = (async () => {
      for (let i = 0; !stop; i++) {
        const s = `store_test_churn_${process.pid}_${i}`;
        await churner.query(`create schema ${s}; create table ${s}.t (x int)`);
        await churner.query(`drop schema ${s} cascade`);
      }
    })();
    const targets: Target[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        const t = await postgresFixture.fresh();
        targets.push(t);
        const store = await openStore(t.options);
        await store.close();
        expect(store.appliedMigrations).toEqual(ALL);
      }
    } finally {
      stop = true;
      await churn;
      await churner.end();
      await Promise.all(targets.map((t) => t.cleanup()));
    }
  });

  it('fails with a clear error when the search_path schema does not exist', async () => {
    const url = withSearchPath(PG_URL!, 'store_test_missing_schema');
    await expect(openStore({ databaseUrl: url })).rejects.toThrow(/create the schema named in search_path/);
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Message = Record<string, unknown> & { step: string };

/** Starts n store processes on the same database and walks them through open and go in lockstep. */
async function runProcesses(n: number, target: Target, records: object[]) {
  const script = path.join(__dirname, 'fixtures', 'store-process.js');
  const children = Array.from({ length: n }, (_, i) => {
    const child = spawn(
      process.execPath,
      [script, JSON.stringify({ name: `instance-${i}`, options: target.options, records })],
      {
        cwd: path.resolve(__dirname, '../..'),
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const queue: Message[] = [];
    const waiters: Array<(m: Message) => void> = [];
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = JSON.parse(line) as Message;
      const w = waiters.shift();
      if (w) w(m);
      else queue.push(m);
    });
    const exited = new Promise<void>((resolve) =>
      child.on('exit', (code) => {
        // A process that dies answers every pending step with its exit, so the test fails instead of hanging.
        const m = { step: 'exit', code };
        waiters.splice(0).forEach((w) => w(m));
        queue.push(m);
        resolve();
      }),
    );
    const next = async (expected: string) => {
      const m = queue.shift() ?? (await new Promise<Message>((resolve) => waiters.push(resolve)));
      if (m.step !== expected) throw new Error(`instance-${i}: expected ${expected}, got ${JSON.stringify(m)}`);
      return m;
    };
    return { child, next, exited };
  });
  try {
    await Promise.all(children.map((c) => c.next('loaded')));
    children.forEach((c) => c.child.stdin!.write('open\n'));
    const ready = await Promise.all(children.map((c) => c.next('ready')));
    children.forEach((c) => c.child.stdin!.write('go\n'));
    const done = await Promise.all(children.map((c) => c.next('done')));
    await Promise.all(children.map((c) => c.exited));
    return { ready, done };
  } finally {
    for (const c of children) if (c.child.exitCode === null) c.child.kill();
  }
}
