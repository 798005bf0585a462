/**
 * The partner as read before the Graph call, kept with the claim (migration 0008), on both engines and the
 * in-memory store of the core's unit tests: it round-trips through insert / get / history / transition, a record
 * without it has no `before` key, and a database an older version left at 0007 is migrated with its records intact
 * (without a before snapshot, which the catalogue's evidence then judges without).
 */
import type { OperationRecord, PartnerBefore } from '../../src/core/model';
import type { Store } from '../../src/store';
import { MIGRATIONS } from '../../src/store/migrations';
import {
  describeOn,
  freshDatabaseEach,
  itOn,
  leftAtMigration,
  operationRowAt,
  OPERATION_STORE_ENGINES,
  record,
  warnIfNoPostgres,
  withFreshDatabase,
  withStore,
} from './helpers';

warnIfNoPostgres();

const onboarding: PartnerBefore = {
  onboardingStatus: 'onboarding',
  onboardingRequestExpiryDateTime: '2030-01-01T10:00:00.000Z',
};

describe.each(OPERATION_STORE_ENGINES)('the partner before the call, $name', (engine) => {
  describeOn(engine)('contract', () => {
    let store: Store;
    freshDatabaseEach(engine, 1, (_, [s]) => (store = s));

    it('is kept with the claim (pending -> running) and read back; the expiry normalized to UTC milliseconds', async () => {
      const r = record({ expiresAt: '2999-01-01T00:00:00.000Z' });
      await store.operations.insert(r);
      expect(await store.operations.get(r.id)).not.toHaveProperty('before');
      const claimed = await store.operations.transition(r.id, ['pending'], 'running', {
        before: { onboardingStatus: 'onboarding', onboardingRequestExpiryDateTime: '2030-01-01T18:00:00+08:00' },
      });
      expect(claimed?.before).toStrictEqual(onboarding);
      expect((await store.operations.get(r.id))?.before).toStrictEqual(onboarding);
      // A later transition that says nothing of it keeps it.
      const done = await store.operations.transition(r.id, ['running'], 'failed', {
        errorKind: 'reconciled.notApplied',
      });
      expect(done?.before).toStrictEqual(onboarding);
      expect((await store.operations.history({ tenantId: r.tenantId, limit: 5 }))[0].before).toStrictEqual(onboarding);
    });

    it('a status alone (no onboarding request) has no expiry; a record inserted with it round-trips', async () => {
      const full = record({
        state: 'running',
        expiresAt: '2999-01-01T00:00:00.000Z',
        before: { onboardingStatus: 'onboarded' },
      });
      await store.operations.insert(full);
      expect(await store.operations.get(full.id)).toStrictEqual(full);
    });

    it('an expiry in a form the store cannot normalize is kept as Graph sent it (a claim never fails over it)', async () => {
      const r = record({ expiresAt: '2999-01-01T00:00:00.000Z' });
      await store.operations.insert(r);
      const odd = { onboardingStatus: 'onboarding' as const, onboardingRequestExpiryDateTime: '2030-01-01T10:00:00' };
      expect((await store.operations.transition(r.id, ['pending'], 'running', { before: odd }))?.before).toStrictEqual(
        odd,
      );
    });
  });
});

describe.each(OPERATION_STORE_ENGINES.filter((e) => e.shared))(
  '0008_partner_before on a database left at 0007, $name',
  (engine) => {
    itOn(engine)(
      'adds the columns, keeping the records (without a before snapshot); a running one can still be settled',
      async () => {
        await withFreshDatabase(engine, async (target) => {
          const old = record({ state: 'succeeded', settledBy: 'graph', completedAt: '2025-03-01T10:01:00.000Z' });
          const running = record({
            partnerId: 'partner-running',
            state: 'running',
            executor: { id: 'aad-x', name: 'X' },
            expiresAt: '2999-01-01T00:00:00.000Z',
          });
          await leftAtMigration(target, '0007', async (db) => {
            // The rows as the previous version wrote them (no before columns yet).
            await db
              .insertInto('operations')
              .values([old, running].map((r: OperationRecord) => operationRowAt('0007', r)) as never)
              .execute();
          });
          await withStore(target.options, async (store) => {
            expect(store.appliedMigrations).toEqual(
              Object.keys(MIGRATIONS)
                .filter((name) => name >= '0008')
                .sort(),
            );
            expect(await store.operations.get(old.id)).toStrictEqual(old);
            expect(await store.operations.get(running.id)).toStrictEqual(running);
            const settled = await store.operations.transition(running.id, ['running'], 'failed', {
              errorKind: 'reconciled.cannotTell',
              settledBy: 'sweeper',
            });
            expect(settled).toMatchObject({ state: 'failed', errorKind: 'reconciled.cannotTell' });
            expect(settled).not.toHaveProperty('before');
          });
        });
      },
    );
  },
);
