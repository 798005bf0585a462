/**
 * What the sweeper and a late click need from the store, on both engines: where each operation's card is
 * (kept and replaced), the abandoned `running` records of every tenant by age, and leadership (PostgreSQL:
 * one holder among several stores on the same schema, freed when the holder goes; other schemas do not
 * compete; SQLite: the single process leads).
 */
import type { CardRef } from '../../src/core/card-ref';
import { openStore, StoreError, type Store } from '../../src/store';
import { describeOn, ENGINES, freshDatabaseEach, record, warnIfNoPostgres, type Target } from './helpers';

warnIfNoPostgres();

const card = (over: Partial<CardRef> = {}): CardRef => ({
  activityId: 'activity-7',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  channelId: 'msteams',
  conversationId: '19:general@thread.tacv2;messageid=1700000000000',
  conversationType: 'channel',
  tenantId: 'tenant-a',
  botId: '28:bot-app-id',
  locale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  ...over,
});

describe.each(ENGINES)('the store on $name', (engine) => {
  describeOn(engine)('cards, abandoned records, leadership', () => {
    let target: Target;
    let store: Store;
    freshDatabaseEach(engine, 1, (t, [s]) => {
      target = t;
      store = s;
    });

    it('keeps where a card is, and the newest message id when it is saved again', async () => {
      const op = record();
      await store.operations.insert(op);
      expect(await store.cards.get(op.id)).toBeUndefined();
      await store.cards.save(op.id, card());
      expect(await store.cards.get(op.id)).toStrictEqual(card());
      const {
        conversationType: _t,
        timeZone: _z,
        ...required
      } = card({ activityId: 'activity-9', conversationId: 'a:personal' });
      const personal: CardRef = required;
      await store.cards.save(op.id, personal);
      expect(await store.cards.get(op.id)).toStrictEqual(personal);
    });

    it('refuses a card without the parts an update needs', async () => {
      await expect(store.cards.save('op-x', card({ serviceUrl: '' }))).rejects.toBeInstanceOf(StoreError);
      await expect(store.cards.save('op-x', card({ activityId: '' }))).rejects.toThrow(/message id/);
    });

    it('lists running records of every tenant not updated since a moment, oldest first, and nothing else', async () => {
      const at = (m: number) => `2025-03-01T10:${String(m).padStart(2, '0')}:00.000Z`;
      // One open operation per partner: each open record names a partner of its own.
      const old = record({ state: 'running', tenantId: 'tenant-b', updatedAt: at(1) });
      const older = record({ state: 'running', tenantId: 'tenant-a', updatedAt: at(0) });
      const fresh = record({ state: 'running', partnerId: 'partner-fresh', updatedAt: at(9) });
      const pending = record({ state: 'pending', partnerId: 'partner-pending', updatedAt: at(0) });
      const done = record({ state: 'succeeded', updatedAt: at(0), completedAt: at(0) });
      for (const r of [old, older, fresh, pending, done]) await store.operations.insert(r);
      expect((await store.operations.staleRunning(at(5), 10)).map((r) => r.id)).toEqual([older.id, old.id]);
      expect((await store.operations.staleRunning(at(5), 1)).map((r) => r.id)).toEqual([older.id]);
      expect(await store.operations.staleRunning(at(0), 10)).toEqual([]);
      await expect(store.operations.staleRunning(at(5), 0)).rejects.toBeInstanceOf(StoreError);
    });

    it('lists pending records of every tenant whose time ran out by a moment, the longest overdue first, and nothing else', async () => {
      const at = (m: number) => `2025-03-01T10:${String(m).padStart(2, '0')}:00.000Z`;
      const overdue = record({ state: 'pending', tenantId: 'tenant-b', partnerId: 'p-1', expiresAt: at(3) });
      const longer = record({ state: 'pending', tenantId: 'tenant-a', partnerId: 'p-2', expiresAt: at(1) });
      const justNow = record({ state: 'pending', partnerId: 'p-3', expiresAt: at(5) });
      const later = record({ state: 'pending', partnerId: 'p-4', expiresAt: at(9) });
      const running = record({ state: 'running', partnerId: 'p-5', expiresAt: at(0) });
      const expired = record({ state: 'expired', partnerId: 'p-6', expiresAt: at(0), completedAt: at(1) });
      for (const r of [overdue, longer, justNow, later, running, expired]) await store.operations.insert(r);
      // Overdue at a moment: its expiry is not after it (a click is refused from its expiry on).
      expect((await store.operations.overduePending(at(5), 10)).map((r) => r.id)).toEqual([
        longer.id,
        overdue.id,
        justNow.id,
      ]);
      expect((await store.operations.overduePending(at(5), 1)).map((r) => r.id)).toEqual([longer.id]);
      expect(await store.operations.overduePending(at(0), 10)).toEqual([]);
      await expect(store.operations.overduePending(at(5), 0)).rejects.toBeInstanceOf(StoreError);
    });

    if (engine.engine === 'sqlite') {
      it('SQLite serves one process: it always leads', async () => {
        const lead = store.leadership('sweeper');
        expect(await lead.acquire()).toBe(true);
        expect(await store.leadership('sweeper').acquire()).toBe(true);
        await lead.release();
      });
    } else {
      it('PostgreSQL: one holder among the instances; the next takes over when it releases or its session dies', async () => {
        const others = await Promise.all([openStore(target.options), openStore(target.options)]);
        try {
          const leads = [store, ...others].map((s) => s.leadership('sweeper'));
          const first = await Promise.all(leads.map((l) => l.acquire()));
          expect(first.filter(Boolean)).toHaveLength(1);
          const holder = leads[first.indexOf(true)];
          expect(await holder.acquire()).toBe(true); // still held: asking again does not lose it
          const rest = leads.filter((l) => l !== holder);
          expect(await Promise.all(rest.map((l) => l.acquire()))).toEqual([false, false]);
          // Another name is another lock.
          const watch = store.leadership('watch');
          expect(await watch.acquire()).toBe(true);
          await watch.release();

          // Released (a clean stop): one of the others takes it.
          await holder.release();
          const second = await Promise.all(rest.map((l) => l.acquire()));
          expect(second.filter(Boolean)).toHaveLength(1);
          const next = rest[second.indexOf(true)];
          const last = rest[second.indexOf(false)];

          // The holder's session dies (as when its process is killed): the server frees the lock.
          await sql(
            target,
            `select pg_terminate_backend(pid) from pg_locks
             where locktype = 'advisory' and granted and classid = 728361004 and objid = hashtext(current_schema() || ':sweeper')::oid`,
          );
          expect(await waitUntil(() => last.acquire())).toBe(true);
          // The old holder notices that it lost the lock, and does not take it back while the new one holds it.
          expect(await next.acquire().catch(() => false)).toBe(false);
          expect(await next.acquire()).toBe(false);
        } finally {
          await Promise.all(others.map((s) => s.close()));
        }
      });

      it('PostgreSQL: instances in another schema of the same database do not compete', async () => {
        const elsewhere = await engine.fresh();
        const foreign = await openStore(elsewhere.options);
        try {
          expect(await store.leadership('sweeper').acquire()).toBe(true);
          expect(await foreign.leadership('sweeper').acquire()).toBe(true);
          await foreign.leadership('sweeper').release();
        } finally {
          await foreign.close();
          await elsewhere.cleanup();
        }
      });
    }
  });
});

/** A statement on the target's schema through a connection of its own (the test's "administrator"). */
async function sql(target: Target, statement: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: target.options.databaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function waitUntil(check: () => Promise<boolean>, ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
