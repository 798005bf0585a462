/**
 * Migration 0011 (issue 19): a database at 0010 with its records, migrated, on both engines: every record reads back
 * as it was (no customer, no fleet), the open ones still hold their partner in the bot's own tenant, and the same
 * partner can now have an open operation in a customer tenant.
 */
import { Migrator } from 'kysely';
import { openStore } from '../../src/store';
import type { OperationRecord } from '../../src/core/model';
import { currentPostgresSchema, openDb } from '../../src/store/db';
import { MIGRATIONS } from '../../src/store/migrations';
import { ENGINES, operationRowAt, record, warnIfNoPostgres } from './helpers';
import type { Target } from './helpers';

warnIfNoPostgres();
const CONTOSO = { tenantId: '0f3c2a9e-0000-4000-8000-00000000c0c0', name: 'contoso' };

const RECORDS: OperationRecord[] = [
  record({ partnerId: 'p1', state: 'pending', expiresAt: '2999-01-01T00:00:00.000Z' }),
  record({ kind: 'reconnect', partnerId: 'p2', state: 'running', before: { onboardingStatus: 'onboarded' } }),
  record({
    partnerId: 'p1',
    state: 'succeeded',
    settledBy: 'graph',
    completedAt: '2025-03-01T10:01:00.000Z',
    approval: { status: 'approved' },
  }),
];

describe.each(ENGINES)('migration 0011 on $name', (engine) => {
  const d = engine.available ? describe : describe.skip;
  d('a database at 0010 with its records', () => {
    let target: Target;
    beforeEach(async () => {
      target = await engine.fresh();
    });
    afterEach(() => target.cleanup());

    it('keeps every record (no customer), keeps one open operation per partner in the own tenant, and allows one per customer', async () => {
      const { db, engine: kind } = openDb(target.options);
      const older = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0011'));
      try {
        const migrationTableSchema = kind === 'postgres' ? await currentPostgresSchema(db) : undefined;
        const migrator = new Migrator({ db, provider: { getMigrations: async () => older }, migrationTableSchema });
        expect((await migrator.migrateToLatest()).error).toBeUndefined();
        await db
          .insertInto('operations')
          .values(RECORDS.map((r) => operationRowAt('0010', r)) as never)
          .execute();
      } finally {
        await db.destroy();
      }
      const store = await openStore(target.options);
      try {
        expect(store.appliedMigrations.filter((name) => name < '0012')).toEqual(['0011_customers_and_fleets']);
        for (const r of RECORDS) expect(await store.operations.get(r.id)).toStrictEqual(r);
        expect((await store.operations.history({ tenantId: 'tenant-a', limit: 10 })).map((r) => r.id).sort()).toEqual(
          RECORDS.map((r) => r.id).sort(),
        );
        await expect(store.operations.insert(record({ partnerId: 'p1' }))).rejects.toMatchObject({
          kind: 'store.openOperationExists',
        });
        await expect(store.operations.insert(record({ partnerId: 'p2' }))).rejects.toMatchObject({
          kind: 'store.openOperationExists',
        });
        const inContoso = record({ partnerId: 'p1', customer: CONTOSO });
        await store.operations.insert(inContoso);
        expect(await store.operations.get(inContoso.id)).toStrictEqual(inContoso);
      } finally {
        await store.close();
      }
    });
  });
});
