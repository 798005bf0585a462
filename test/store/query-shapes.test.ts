/**
 * The hot path's queries are compiled once per shape and run again with new values (src/store/query-shapes.ts):
 * each run answers for ITS values, on both engines, and counts one statement, as a query built each time did.
 */
import type { OperationRecord, OperationState } from '../../src/core/model';
import { openStore, type Store } from '../../src/store';
import { openDb } from '../../src/store/db';
import { QueryShapes } from '../../src/store/query-shapes';
import { ENGINES, record, warnIfNoPostgres, type Target } from './helpers';

warnIfNoPostgres();

describe.each(ENGINES)('queries kept by shape on $name', (engine) => {
  const d = engine.available ? describe : describe.skip;
  d('the store', () => {
    let target: Target;
    let store: Store;
    beforeEach(async () => {
      target = await engine.fresh();
      store = await openStore(target.options);
    });
    afterEach(async () => {
      await store.close();
      await target.cleanup();
    });

    it('answers each history read for its own tenant, partner, states and limit, one statement each', async () => {
      const add = (id: string, o: Partial<OperationRecord>) => store.operations.insert(record({ id, ...o }));
      await add('op-a-run', { partnerId: 'p-a', state: 'running' });
      await add('op-b-run', { partnerId: 'p-b', state: 'running' });
      await add('op-b-done', { partnerId: 'p-b', state: 'succeeded', createdAt: '2025-03-01T09:00:00.000Z' });
      await add('op-other-tenant', { partnerId: 'p-a', tenantId: 'tenant-b', state: 'running' });
      type States = OperationState[] | undefined;
      const ids = async (tenantId: string, partnerId: string | undefined, states: States, limit = 5) =>
        (await store.operations.history({ tenantId, partnerId, states, limit })).map((r) => r.id);
      const before = store.stats().operations;
      for (let round = 0; round < 2; round++) {
        expect(await ids('tenant-a', 'p-a', ['running'])).toEqual(['op-a-run']);
        expect(await ids('tenant-a', 'p-b', ['running'])).toEqual(['op-b-run']);
        expect(await ids('tenant-b', 'p-a', ['running'])).toEqual(['op-other-tenant']);
        expect(await ids('tenant-a', 'p-b', ['succeeded'])).toEqual(['op-b-done']);
        expect(await ids('tenant-a', 'p-b', ['running', 'succeeded'])).toEqual(['op-b-run', 'op-b-done']);
        expect(await ids('tenant-a', 'p-b', undefined, 1)).toEqual(['op-b-run']);
        expect(await ids('tenant-a', undefined, undefined)).toEqual(['op-b-run', 'op-a-run', 'op-b-done']);
      }
      expect(store.stats().operations - before).toBe(14);
    });

    it('reads the turn state of the keys asked for, one statement each', async () => {
      await store.botStorage.write({ a: { n: 1 }, b: { n: 2 }, c: { n: 3 } });
      const before = store.stats().botStorage;
      for (let round = 0; round < 2; round++) {
        expect(Object.keys(await store.botStorage.read(['a', 'b'])).sort()).toEqual(['a', 'b']);
        expect((await store.botStorage.read(['c', 'missing'])).c.n).toBe(3);
        expect(Object.keys(await store.botStorage.read(['b', 'c', 'b']))).toHaveLength(2);
      }
      expect(store.stats().botStorage - before).toBe(6);
    });
  });
});

describe('QueryShapes', () => {
  it('builds a query each time when its values do not all come back as parameters', async () => {
    const { db } = openDb({ sqliteFile: ':memory:' });
    try {
      const counter = { statements: 0 };
      const shapes = new QueryShapes(db, counter);
      let built = 0;
      // The value is ignored by this build: a kept shape could not put it anywhere, so none is kept.
      const ask = () =>
        shapes.rows('constant', ['ignored'], (d) => (built++, d.selectNoFrom((eb) => eb.val(1).as('one'))));
      expect(await ask()).toEqual([{ one: 1 }]);
      expect(await ask()).toEqual([{ one: 1 }]);
      expect(built).toBe(3); // once to learn the shape, then once per run
    } finally {
      await db.destroy();
    }
  });

  it('compiles a kept shape once, and counts only the statements it runs', async () => {
    const { db } = openDb({ sqliteFile: ':memory:' });
    try {
      const counter = { statements: 0 };
      const shapes = new QueryShapes(db, counter);
      let built = 0;
      const ask = (v: number) =>
        shapes.rows('value', [v], (d, values) => (built++, d.selectNoFrom((eb) => eb.val(values[0]).as('v'))));
      expect(await ask(7)).toEqual([{ v: 7 }]);
      expect(await ask(8)).toEqual([{ v: 8 }]);
      expect(built).toBe(1);
      expect(counter.statements).toBe(2);
    } finally {
      await db.destroy();
    }
  });
});
