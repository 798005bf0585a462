/** The OperationStore contract, run against both engines (SQLite file and PostgreSQL) and the in-memory store of the core's unit tests. */
import { openStore, StoreError } from '../../src/store';
import type { Store } from '../../src/store';
import { MIGRATIONS } from '../../src/store/migrations';
import { OPERATION_KINDS } from '../../src/core/catalogue';
import type { OperationKind } from '../../src/core/model';
import { describeOn, freshDatabaseEach, OPERATION_STORE_ENGINES, record, warnIfNoPostgres } from './helpers';
import type { Target } from './helpers';

warnIfNoPostgres();

describe.each(OPERATION_STORE_ENGINES)('OperationStore on $name', (engine) => {
  describeOn(engine)('contract', () => {
    let target: Target;
    let store: Store;
    const extra: Store[] = [];
    const open_ = async () => {
      const s = await openStore(target.options);
      extra.push(s);
      return s;
    };

    afterEach(() => Promise.all(extra.splice(0).map((s) => s.close()))); // before the database is dropped
    freshDatabaseEach(engine, 1, (t, [s]) => {
      target = t;
      store = s;
    });

    it('reports its engine and a location that is safe to log', () => {
      expect(store.engine).toBe(engine.engine);
      expect(store.location).not.toMatch(/:[^:@/]+@/); // no user:password@
    });

    it('round-trips every field of a record', async () => {
      const full = record({
        kind: 'reconnect',
        state: 'failed',
        executor: { id: 'aad-executor', name: '李雷 (Li Lei)' },
        graphRequestId: 'req-1234',
        errorKind: 'graph.forbidden',
        settledBy: 'read',
        createdAt: '2025-03-01T10:00:00.000Z',
        updatedAt: '2025-03-01T10:01:00.000Z',
        expiresAt: '2025-03-01T10:15:00.000Z',
        completedAt: '2025-03-01T10:01:00.500Z',
      });
      const minimal = record();
      await store.operations.insert(full);
      await store.operations.insert(minimal);
      expect(await store.operations.get(full.id)).toStrictEqual(full);
      expect(await store.operations.get(minimal.id)).toStrictEqual(minimal); // no undefined keys appear
      expect(await store.operations.get('no-such-id')).toBeUndefined();
    });

    it('stores instants as UTC with milliseconds, whatever offset they came with', async () => {
      const r = record({ createdAt: '2025-03-01T18:00:00+08:00', expiresAt: '2025-03-01T10:15Z' });
      await store.operations.insert(r);
      const got = await store.operations.get(r.id);
      expect(got?.createdAt).toBe('2025-03-01T10:00:00.000Z');
      expect(got?.expiresAt).toBe('2025-03-01T10:15:00.000Z');
    });

    it('rejects a duplicate id with a clear error and keeps the first record', async () => {
      const r = record();
      await store.operations.insert(r);
      const err = await store.operations.insert({ ...r, partnerName: 'other' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err).toMatchObject({
        kind: 'store.duplicateId',
        message: expect.stringContaining(`"${r.id}" already exists`),
      });
      expect((await store.operations.get(r.id))?.partnerName).toBe(r.partnerName);
    });

    it('rejects bad input before it reaches the table', async () => {
      const bad = [
        record({ state: 'bogus' as never }),
        record({ kind: 'delete' as never }),
        record({ createdAt: '2025-03-01T10:00:00' }), // no zone: would be read as local time
        record({ expiresAt: 'tomorrow' }),
        record({ id: '' }),
        record({ state: 'succeeded', settledBy: 'guess' as never }),
      ];
      for (const r of bad) {
        await expect(store.operations.insert(r)).rejects.toMatchObject({ kind: 'store.invalidInput' });
      }
      await expect(store.operations.history({ tenantId: 'tenant-a', limit: 0 })).rejects.toMatchObject({
        kind: 'store.invalidInput',
      });
      expect(await store.operations.history({ tenantId: 'tenant-a', limit: 10 })).toEqual([]);
    });

    it("accepts every kind the catalogue knows (and view), and refuses another with its own error, not the database's", async () => {
      const kinds = [...Object.keys(OPERATION_KINDS), 'view'];
      for (const kind of kinds)
        await store.operations.insert(record({ kind: kind as OperationKind, partnerId: `partner-${kind}` }));
      expect((await store.operations.history({ tenantId: 'tenant-a', limit: 10 })).map((r) => r.kind).sort()).toEqual(
        [...kinds].sort(),
      );
      const err = await store.operations
        .insert(record({ kind: 'scratch' as never, partnerId: 'partner-scratch' }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err).toMatchObject({ kind: 'store.invalidInput', message: 'Unknown operation kind "scratch"' });
    });

    describe('transition', () => {
      it('moves the state, applies the patch and returns the updated record', async () => {
        const r = record();
        await store.operations.insert(r);
        const patch = { executor: { id: 'aad-x', name: 'Megan Bowen' }, updatedAt: '2025-03-01T10:05:00.000Z' };
        const running = await store.operations.transition(r.id, ['pending'], 'running', patch, {
          notExpiredAt: '2025-03-01T10:05:00.000Z',
        });
        expect(running).toStrictEqual({ ...r, ...patch, state: 'running' });
        expect(await store.operations.get(r.id)).toStrictEqual(running);
        const done = await store.operations.transition(r.id, ['running'], 'succeeded', {
          graphRequestId: 'req-9',
          completedAt: '2025-03-01T10:05:01.000Z',
          updatedAt: '2025-03-01T10:05:01.000Z',
        });
        expect(done).toMatchObject({
          state: 'succeeded',
          executor: patch.executor,
          graphRequestId: 'req-9',
          completedAt: '2025-03-01T10:05:01.000Z',
        });
      });

      it('returns undefined and changes nothing when the state is not one of `from`', async () => {
        const r = record({ state: 'cancelled' });
        await store.operations.insert(r);
        expect(
          await store.operations.transition(r.id, ['pending', 'running'], 'running', {
            executor: { id: 'x', name: 'X' },
          }),
        ).toBeUndefined();
        expect(await store.operations.transition(r.id, [], 'running', {})).toBeUndefined();
        expect(await store.operations.transition('no-such-id', ['pending'], 'running', {})).toBeUndefined();
        expect(await store.operations.get(r.id)).toStrictEqual(r);
      });

      it('returns undefined when expired at `notExpiredAt` (expiresAt must be strictly later)', async () => {
        const r = record({ expiresAt: '2025-03-01T10:15:00.000Z' });
        await store.operations.insert(r);
        const t = store.operations;
        expect(
          await t.transition(r.id, ['pending'], 'running', {}, { notExpiredAt: '2025-03-01T10:16:00.000Z' }),
        ).toBeUndefined();
        expect(
          await t.transition(r.id, ['pending'], 'running', {}, { notExpiredAt: '2025-03-01T10:15:00.000Z' }),
        ).toBeUndefined();
        expect(await t.get(r.id)).toStrictEqual(r);
        // Expiring it is a transition like any other, and then it can no longer run.
        expect(
          await t.transition(r.id, ['pending'], 'expired', { updatedAt: '2025-03-01T10:16:00.000Z' }),
        ).toMatchObject({ state: 'expired' });
        expect(
          await t.transition(r.id, ['pending'], 'running', {}, { notExpiredAt: '2025-03-01T10:01:00.000Z' }),
        ).toBeUndefined();
      });

      it('clears an earlier error kind when the patch says null, and keeps it when the patch is silent', async () => {
        const r = record({ state: 'running', errorKind: 'graph.throttled' });
        await store.operations.insert(r);
        const back = await store.operations.transition(r.id, ['running'], 'pending', {});
        expect(back?.errorKind).toBe('graph.throttled');
        await store.operations.transition(r.id, ['pending'], 'running', {});
        const done = await store.operations.transition(r.id, ['running'], 'succeeded', { errorKind: null });
        expect(done).not.toHaveProperty('errorKind');
        expect(await store.operations.get(r.id)).not.toHaveProperty('errorKind');
      });

      it('sets updatedAt to now when the patch has none', async () => {
        const r = record();
        await store.operations.insert(r);
        const before = Date.now();
        const got = await store.operations.transition(r.id, ['pending'], 'cancelled', {});
        expect(Date.parse(got!.updatedAt)).toBeGreaterThanOrEqual(before - 1);
      });

      (engine.shared ? it : it.skip)('lets exactly one of 50 concurrent clicks on two instances win', async () => {
        const second = await open_();
        const r = record({ expiresAt: '2999-01-01T00:00:00.000Z' });
        await store.operations.insert(r);
        const now = new Date().toISOString();
        const clicks = Array.from({ length: 50 }, (_, i) =>
          (i % 2 ? second : store).operations.transition(
            r.id,
            ['pending'],
            'running',
            { executor: { id: `aad-${i}`, name: `User ${i}` } },
            { notExpiredAt: now },
          ),
        );
        const results = await Promise.all(clicks);
        const winners = results.filter((x) => x !== undefined);
        expect(winners).toHaveLength(1);
        expect(await store.operations.get(r.id)).toStrictEqual(winners[0]);
        expect(await second.operations.get(r.id)).toStrictEqual(winners[0]);
      });
    });

    describe('one open operation per partner', () => {
      const open = (o: Parameters<typeof record>[0] = {}) => record({ expiresAt: '2999-01-01T00:00:00.000Z', ...o });

      it("refuses a second open (pending or running) operation of the tenant's partner, and only that", async () => {
        const first = open();
        await store.operations.insert(first);
        for (const second of [open(), open({ state: 'running' })]) {
          const err = await store.operations.insert(second).catch((e: unknown) => e);
          expect(err).toBeInstanceOf(StoreError);
          expect(err).toMatchObject({ kind: 'store.openOperationExists' });
          expect(await store.operations.get(second.id)).toBeUndefined();
        }
        // Another partner, another tenant, and closed records (a denial, a success) are not in the way.
        for (const other of [
          open({ partnerId: 'partner-other' }),
          open({ tenantId: 'tenant-b' }),
          open({ state: 'denied' }),
          open({ state: 'succeeded' }),
        ]) {
          await store.operations.insert(other);
        }
        // Once the open one is closed, the partner may have a new one.
        await store.operations.transition(first.id, ['pending'], 'cancelled', {});
        const next = open();
        await store.operations.insert(next);
        expect((await store.operations.get(next.id))?.state).toBe('pending');
      });

      it('insertOpen saves the record, or gives back the open one in the way (pending or running)', async () => {
        const a = open();
        expect(await store.operations.insertOpen(a)).toStrictEqual(a);
        expect((await store.operations.insertOpen(open())).id).toBe(a.id);
        await store.operations.transition(a.id, ['pending'], 'running', {});
        expect(await store.operations.insertOpen(open())).toMatchObject({ id: a.id, state: 'running' });
        await store.operations.transition(a.id, ['running'], 'succeeded', { settledBy: 'graph' });
        const c = open();
        expect((await store.operations.insertOpen(c)).id).toBe(c.id);
        await expect(store.operations.insertOpen(open({ state: 'succeeded' }))).rejects.toMatchObject({
          kind: 'store.invalidInput',
        });
      });

      it(`of 20 concurrent requests for one partner${engine.shared ? ' on two instances' : ''} exactly one is saved, and all get it back`, async () => {
        const second = engine.shared ? await open_() : store;
        const candidates = Array.from({ length: 20 }, () => open());
        const results = await Promise.all(candidates.map((r, i) => (i % 2 ? second : store).operations.insertOpen(r)));
        const ids = new Set(results.map((r) => r.id));
        expect(ids.size).toBe(1);
        const [winner] = ids;
        expect(candidates.map((c) => c.id)).toContain(winner);
        const opened = await store.operations.history({
          tenantId: 'tenant-a',
          partnerId: 'partner-teamviewer',
          states: ['pending', 'running'],
          limit: 50,
        });
        expect(opened.map((r) => r.id)).toEqual([winner]);
      });
    });

    describe('history', () => {
      const at = (minute: number) => `2025-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
      const seed = async () => {
        const rows = [
          record({ id: 'h1', createdAt: at(1), state: 'succeeded' }),
          record({ id: 'h2', createdAt: at(2), state: 'running' }),
          record({ id: 'h3', createdAt: at(3), state: 'denied', partnerId: 'partner-other' }),
          record({ id: 'h4', createdAt: at(4), state: 'pending', partnerId: 'partner-third' }), // h2 is the open one of partner-teamviewer
          record({ id: 'h5', createdAt: at(5), state: 'running', tenantId: 'tenant-b' }),
          record({ id: 'h6', createdAt: at(2), state: 'failed' }), // same instant as h2: id breaks the tie
        ];
        for (const r of [...rows].reverse()) await store.operations.insert(r);
      };
      const ids = (rs: { id: string }[]) => rs.map((r) => r.id);

      it('lists a tenant newest first, and no other tenant', async () => {
        await seed();
        expect(ids(await store.operations.history({ tenantId: 'tenant-a', limit: 100 }))).toEqual([
          'h4',
          'h3',
          'h6',
          'h2',
          'h1',
        ]);
        expect(ids(await store.operations.history({ tenantId: 'tenant-b', limit: 100 }))).toEqual(['h5']);
        expect(await store.operations.history({ tenantId: 'tenant-z', limit: 100 })).toEqual([]);
      });

      it('filters by partner and states, and honours the limit', async () => {
        await seed();
        const h = (q: object) => store.operations.history({ tenantId: 'tenant-a', limit: 100, ...q }).then(ids);
        expect(await h({ partnerId: 'partner-other' })).toEqual(['h3']);
        expect(await h({ partnerId: 'partner-teamviewer', states: ['running', 'succeeded'] })).toEqual(['h2', 'h1']);
        expect(await h({ states: [] })).toEqual(['h4', 'h3', 'h6', 'h2', 'h1']);
        expect(await h({ limit: 2 })).toEqual(['h4', 'h3']);
      });

      it('keeps operations stuck in running, for a later reconciliation', async () => {
        await seed();
        const stuck = await store.operations.history({ tenantId: 'tenant-a', states: ['running'], limit: 100 });
        expect(stuck).toEqual([expect.objectContaining({ id: 'h2', state: 'running' })]);
      });
    });

    (engine.shared ? it : it.skip)('keeps the data when closed and reopened', async () => {
      const r = record();
      await store.operations.insert(r);
      await store.botStorage.write({ 'msteams/conv/conversation': { step: 1 } });
      await store.close();
      store = await open_();
      expect(store.appliedMigrations).toEqual([]);
      expect(await store.operations.get(r.id)).toStrictEqual(r);
      expect(await store.botStorage.read(['msteams/conv/conversation'])).toMatchObject({
        'msteams/conv/conversation': { step: 1 },
      });
    });

    it('makes one statement per call, and counts them', async () => {
      const r = record();
      const s = store.stats();
      await store.operations.insert(r);
      await store.operations.get(r.id);
      await store.operations.transition(r.id, ['pending'], 'running', {});
      await store.operations.history({ tenantId: 'tenant-a', limit: 5 });
      await store.operations.transition(r.id, [], 'running', {}); // nothing to do: no statement
      expect(store.stats()).toEqual({
        statements: s.statements + 4,
        operations: s.operations + 4,
        botStorage: s.botStorage,
      });
      expect(store.operations.stats().statements).toBe(s.operations + 4);
    });
  });
});

describe('OperationStore on SQLite :memory:', () => {
  it('needs no file and keeps records while open', async () => {
    const store = await openStore({ sqliteFile: ':memory:' });
    try {
      expect(store.location).toBe(':memory:');
      expect(store.appliedMigrations).toEqual(Object.keys(MIGRATIONS).sort());
      const r = record();
      await store.operations.insert(r);
      expect(await store.operations.get(r.id)).toStrictEqual(r);
    } finally {
      await store.operations.close(); // the port's close closes the whole store, and twice is fine
      await store.close();
    }
  });
});
