/**
 * One `store.statement` span per SQL statement, on both engines: the engine and the operation, never the SQL
 * or its parameters; a failing statement is marked as an error.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver } from 'kysely';
import { openStore, type Store } from '../../src/store';
import { tracedDialect } from '../../src/store/traced-dialect';
import { registerTestTelemetry, type TestTelemetry } from '../support/telemetry';
import { ENGINES, record, warnIfNoPostgres, type Target } from './helpers';

warnIfNoPostgres();
let telemetry: TestTelemetry;
beforeAll(() => {
  telemetry = registerTestTelemetry();
});
afterAll(() => telemetry?.shutdown());

describe.each(ENGINES)('store statements on $name', (engine) => {
  const d = engine.available ? describe : describe.skip;
  d('spans', () => {
    let target: Target;
    let store: Store;
    beforeEach(async () => {
      target = await engine.fresh();
      store = await openStore(target.options);
      telemetry.reset();
    });
    afterEach(async () => {
      await store.close();
      await target.cleanup();
    });

    it('names the engine and the operation of each statement, and nothing of its SQL or values', async () => {
      const secretName = 'Partner-with-a-secret-name';
      await store.operations.insert(record({ id: 'op-spans-1', partnerName: secretName }));
      await store.operations.get('op-spans-1');
      const spans = telemetry.spans().filter((s) => s.name === 'store.statement');
      const system = engine.engine === 'postgres' ? 'postgresql' : 'sqlite';
      expect(spans.map((s) => s.attributes['db.operation.name'])).toEqual(expect.arrayContaining(['insert', 'select']));
      for (const s of spans) {
        expect(s.attributes['db.system.name']).toBe(system);
        expect(Object.keys(s.attributes).sort()).toEqual(['db.operation.name', 'db.system.name']);
        expect(JSON.stringify(s.attributes)).not.toContain(secretName);
      }
    });
  });
});

describe('a failing statement', () => {
  it('is marked as an error, by the error\'s name only, and the error reaches the caller unchanged', async () => {
    telemetry.reset();
    const refusal = Object.assign(new Error('duplicate key value violates unique constraint: (id)=(op-secret-id)'), { name: 'DatabaseError' });
    const connection: DatabaseConnection = {
      executeQuery: () => Promise.reject(refusal),
      streamQuery: () => { throw new Error('not used'); },
    };
    const driver = { acquireConnection: async () => connection } as unknown as Driver;
    const dialect = tracedDialect({ createDriver: () => driver } as unknown as Dialect, 'postgresql');
    const traced = await dialect.createDriver().acquireConnection();
    await expect(traced.executeQuery(CompiledQuery.raw('insert into operations values ($1)', ['op-secret-id']))).rejects.toBe(refusal);
    const [span] = telemetry.spans();
    expect(span).toMatchObject({ name: 'store.statement', status: { code: SpanStatusCode.ERROR, message: 'DatabaseError' } });
    expect(span.attributes).toEqual({ 'db.system.name': 'postgresql', 'db.operation.name': 'insert', 'error.type': 'DatabaseError' });
  });
});
