/**
 * The watch at scale (issue 16): what one poll costs the store when 20 partners change at once, against the
 * number of watching conversations, and what telling them costs. In the bench process, on the store alone
 * (no Graph, no connector): the real WatchPoller and WatchDeliverer on a SQLite file, and on PostgreSQL when
 * BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set (in a schema of its own, dropped afterwards). The notices
 * go to a notifier that answers at once: Teams' pacing (30 a second per tenant) is the outbound queue's, not
 * measured here. Statements are counted with the store's own StatementCounter.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Partner } from '../src/core/model';
import { silentLogger } from '../src/core/logger';
import { WatchDeliverer } from '../src/core/watch-delivery';
import { WatchPoller } from '../src/core/watch-poller';
import { openDb, StatementCounter } from '../src/store/db';
import { migrateToLatest } from '../src/store/migrations';
import { KyselyWatchStore } from '../src/store/watch-store';
import { subscribeMany } from '../test/store/watch-fixtures';

export interface WatchScaleFigures {
  engine: 'sqlite' | 'postgres';
  subscriptions: number;
  changes: number;
  pollStatements: number;
  pollMs: number;
  tellStatements: number;
  tellMs: number;
  notices: number;
}

const partners = (n: number, status: Partner['onboardingStatus']): Partner[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    displayName: `Partner ${i}`,
    onboardingStatus: status,
    onboardingUrl: '',
    lastConnectionDateTime: '2025-03-01T09:00:00Z',
    onboardingRequestExpiryDateTime: '0001-01-01T00:00:00Z',
  }));

async function measureOne(
  engine: 'sqlite' | 'postgres',
  subscriptions: number,
  changes: number,
): Promise<WatchScaleFigures> {
  const pgUrl = process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim();
  const dir = engine === 'sqlite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-watch-')) : undefined;
  const schema = `bench_watch_${process.pid}_${subscriptions}`;
  const admin = async (q: string) => {
    const c = new Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  let options;
  if (engine === 'postgres') {
    await admin(`create schema ${schema}`);
    const u = new URL(pgUrl!);
    u.searchParams.set('options', `-c search_path=${schema}`);
    options = { databaseUrl: u.toString() };
  } else options = { dataDir: dir };
  const { db, sqlitePath } = openDb(options);
  try {
    await migrateToLatest(db, engine, sqlitePath);
    await subscribeMany(options, subscriptions);
    const counter = new StatementCounter();
    const store = new KyselyWatchStore(db.withPlugin(counter), sqlitePath);
    let now = Date.parse('2025-03-01T10:00:00.000Z');
    let seen = partners(changes, 'onboarded');
    let notices = 0;
    const clock = { now: () => new Date(now) };
    const deliverer = new WatchDeliverer({
      store,
      notifier: { notify: async () => (notices++, { delivered: true }) },
      clock,
      log: silentLogger,
    });
    let seq = 0;
    const poller = new WatchPoller({
      store,
      gateway: { list: async () => seen },
      deliverer,
      clock,
      log: silentLogger,
      newId: () => `ev-${++seq}`,
      holder: 'bench',
      intervalSeconds: 60,
      expiryWarningHours: 24,
    });
    await poller.pollAll(); // the first look
    seen = partners(changes, 'notOnboarded');
    now += 60_000;
    const s0 = counter.statements;
    const t0 = performance.now();
    await poller.pollAll();
    const pollMs = performance.now() - t0;
    const s1 = counter.statements;
    await deliverer.kick();
    const tellMs = performance.now() - t0 - pollMs;
    return {
      engine,
      subscriptions,
      changes,
      pollStatements: s1 - s0,
      pollMs,
      tellStatements: counter.statements - s1,
      tellMs,
      notices,
    };
  } finally {
    await db.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (engine === 'postgres') await admin(`drop schema if exists ${schema} cascade`);
  }
}

export async function measureWatchScale(
  sizes: number[],
  changes: number,
  log: (s: string) => void,
): Promise<WatchScaleFigures[]> {
  const pg = Boolean(process.env.BENCH_DATABASE_URL?.trim() || process.env.TEST_DATABASE_URL?.trim());
  const out: WatchScaleFigures[] = [];
  for (const engine of pg ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) {
    for (const n of sizes) {
      const f = await measureOne(engine, n, changes);
      out.push(f);
      log(
        `  watch on ${engine}: ${n} subscriptions, ${changes} changes: poll ${f.pollStatements} statements ${f.pollMs.toFixed(1)} ms; telling ${f.notices} notices ${f.tellStatements} statements ${f.tellMs.toFixed(0)} ms`,
      );
    }
  }
  if (!pg) log('  (PostgreSQL not measured: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  return out;
}

export function watchScaleTable(rows: WatchScaleFigures[]): string {
  const lines = [
    '| engine | subscriptions | changes | poll: statements | poll: ms | notices | telling: statements | telling: ms | statements per notice |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.engine} | ${r.subscriptions} | ${r.changes} | ${r.pollStatements} | ${r.pollMs.toFixed(1)} | ${r.notices} | ${r.tellStatements} | ${r.tellMs.toFixed(0)} | ${(r.tellStatements / Math.max(1, r.notices)).toFixed(3)} |`,
    );
  }
  return lines.join('\n');
}
