/**
 * One `store.statement` span per SQL statement inside the work it serves (a turn, a poll, a sweep), on both
 * engines: the engine and the operation, never the SQL or its parameters; a failing statement is marked as an
 * error. A statement outside any span (the poller's lease on an instance that is not polling) is not a trace.
 */
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver } from 'kysely';
import type { Store } from '../../src/store';
import { tracedDialect } from '../../src/store/traced-dialect';
import { registerTestTelemetry, type TestTelemetry } from '../support/telemetry';
import { describeOn, ENGINES, freshDatabaseEach, record, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();
let telemetry: TestTelemetry;
beforeAll(() => {
  telemetry = registerTestTelemetry();
});
afterAll(() => telemetry?.shutdown());

/** Runs `work` inside a span, as a turn, a poll or a sweep does. */
const within = <T>(work: () => Promise<T>): Promise<T> =>
  trace.getTracer('test').startActiveSpan('test.work', async (span) => {
    try {
      return await work();
    } finally {
      span.end();
    }
  });

describe.each(ENGINES)('store statements on $name', (engine) => {
  describeOn(engine)('spans', () => {
    let store: Store;
    freshDatabaseEach(engine, 1, (_, [s]) => (store = s));
    beforeEach(() => telemetry.reset());

    it('names the engine and the operation of each statement, and nothing of its SQL or values', async () => {
      const secretName = 'Partner-with-a-secret-name';
      await within(async () => {
        await store.operations.insert(record({ id: 'op-spans-1', partnerName: secretName }));
        await store.operations.get('op-spans-1');
      });
      const spans = telemetry.spans().filter((s) => s.name === 'store.statement');
      const system = engine.engine === 'postgres' ? 'postgresql' : 'sqlite';
      expect(spans.map((s) => s.attributes['db.operation.name'])).toEqual(expect.arrayContaining(['insert', 'select']));
      for (const s of spans) {
        expect(s.attributes['db.system.name']).toBe(system);
        expect(Object.keys(s.attributes).sort()).toEqual(['db.operation.name', 'db.system.name']);
        expect(JSON.stringify(s.attributes)).not.toContain(secretName);
      }
    });

    it('records no span for a statement outside any work (no root trace per statement)', async () => {
      await store.operations.get('op-nobody');
      expect(telemetry.spans().filter((s) => s.name === 'store.statement')).toEqual([]);
    });
  });
});

describe('a failing statement', () => {
  it("is marked as an error, by the error's name only, and the error reaches the caller unchanged", async () => {
    telemetry.reset();
    const refusal = Object.assign(new Error('duplicate key value violates unique constraint: (id)=(op-secret-id)'), {
      name: 'DatabaseError',
    });
    const connection: DatabaseConnection = {
      executeQuery: () => Promise.reject(refusal),
      streamQuery: () => {
        throw new Error('not used');
      },
    };
    const driver = { acquireConnection: async () => connection } as unknown as Driver;
    const dialect = tracedDialect({ createDriver: () => driver } as unknown as Dialect, 'postgresql');
    const traced = await dialect.createDriver().acquireConnection();
    await expect(
      within(() => traced.executeQuery(CompiledQuery.raw('insert into operations values ($1)', ['op-secret-id']))),
    ).rejects.toBe(refusal);
    const [span] = telemetry.spans().filter((s) => s.name === 'store.statement');
    expect(span).toMatchObject({
      name: 'store.statement',
      status: { code: SpanStatusCode.ERROR, message: 'DatabaseError' },
    });
    expect(span.attributes).toEqual({
      'db.system.name': 'postgresql',
      'db.operation.name': 'insert',
      'error.type': 'DatabaseError',
    });
  });
});
