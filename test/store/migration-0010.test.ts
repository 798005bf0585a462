/**
 * Migration 0010: the operation kinds are the store's to check (from the catalogue), not a CHECK constraint, so
 * a new kind needs no migration. A database at 0009 with its records, migrated: every row kept as it was, the
 * database takes a kind it never heard of, the other checks and every index of `operations` are still there
 * (the partial unique index of open operations still refuses a second open one), on both engines.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { openStore } from '../../src/store';
import type { OperationRecord } from '../../src/core/model';
import { openDb } from '../../src/store/db';
import { MIGRATIONS } from '../../src/store/migrations';
import type { Database } from '../../src/store/db';
import {
  describeOn,
  ENGINES,
  freshDatabaseEach,
  leftAtMigration,
  operationRowAt,
  record,
  warnIfNoPostgres,
  withDb,
  withStore,
} from './helpers';
import type { Target } from './helpers';

warnIfNoPostgres();
// After every later migration too (the test opens the store, which migrates to the latest): 0011 adds the fleet's.
const OPERATIONS_INDEXES = [
  'operations_fleet_idx',
  'operations_one_open_per_partner',
  'operations_state_updated_idx',
  'operations_tenant_created_idx',
  'operations_tenant_partner_created_idx',
  'operations_tenant_partner_state_created_idx',
];

/** What a database at 0009 holds: every kind, open and settled, with and without the later columns. */
const RECORDS: OperationRecord[] = [
  record({ kind: 'disconnect', partnerId: 'p1', state: 'pending', expiresAt: '2999-01-01T00:00:00.000Z' }),
  record({
    kind: 'reconnect',
    partnerId: 'p2',
    state: 'running',
    executor: { id: 'aad-x', name: '李雷 (Li Lei)' },
    before: { onboardingStatus: 'onboarded' },
  }),
  record({
    kind: 'disconnect',
    partnerId: 'p1',
    state: 'succeeded',
    executor: { id: 'aad-x', name: 'Megan Bowen' },
    graphRequestId: 'req-1',
    settledBy: 'read',
    completedAt: '2025-03-01T10:01:00.000Z',
    approval: { status: 'approved', requesterChannelId: 'msteams', decidedAt: '2025-03-01T10:00:30.000Z' },
    before: { onboardingStatus: 'onboarding', onboardingRequestExpiryDateTime: '2025-03-02T10:00:00.000Z' },
  }),
  record({ kind: 'view', partnerId: 'p3', state: 'denied', errorKind: 'auth.notAllowed' }),
];

describe.each(ENGINES)('migration 0010 on $name', (engine) => {
  describeOn(engine)('a database at 0009 with its records', () => {
    let target: Target;
    freshDatabaseEach(engine, 0, (t) => (target = t));

    it('keeps every record, lets the database take a new kind, and keeps the other checks and every index', async () => {
      const tableBefore = await leftAtMigration(target, '0009', async (db) => {
        for (const r of RECORDS) await insertRaw(db, operationRowAt('0009', r));
        // The constraint this migration drops was there: the database refused a kind it did not list.
        expect(await refusal(insertRaw(db, rawRow({ kind: 'scratch', partnerId: 'p9', state: 'failed' })))).toMatch(
          /check constraint/i,
        );
        return engine.engine === 'sqlite' ? sqliteTable(db) : undefined;
      });
      await withStore(target.options, async (store) => {
        expect(store.appliedMigrations).toEqual(
          Object.keys(MIGRATIONS)
            .filter((name) => name >= '0010')
            .sort(),
        );
        for (const r of RECORDS) expect(await store.operations.get(r.id)).toStrictEqual(r);
        // The open-operations index still refuses a second open operation for p1, through the store's own error.
        await expect(store.operations.insert(record({ partnerId: 'p1' }))).rejects.toMatchObject({
          kind: 'store.openOperationExists',
        });
        // The store, not the database, refuses a kind the catalogue does not know.
        await expect(
          store.operations.insert(record({ kind: 'scratch' as never, partnerId: 'p8' })),
        ).rejects.toMatchObject({ kind: 'store.invalidInput' });
      });
      await withDb(target.options, async (db, kind) => {
        await insertRaw(db, rawRow({ kind: 'scratch', partnerId: 'p9', state: 'failed' }));
        expect(await db.selectFrom('operations').select('kind').where('partner_id', '=', 'p9').execute()).toEqual([
          { kind: 'scratch' },
        ]);
        // The checks on the state, the settlement and the approval status stay the database's too.
        expect(await refusal(insertRaw(db, rawRow({ partnerId: 'p10', state: 'bogus' })))).toMatch(/check constraint/i);
        expect(
          await refusal(insertRaw(db, rawRow({ partnerId: 'p10', state: 'failed', settled_by: 'guess' }))),
        ).toMatch(/check constraint/i);
        expect(
          await refusal(insertRaw(db, rawRow({ partnerId: 'p10', state: 'failed', approval_status: 'maybe' }))),
        ).toMatch(/check constraint/i);
        expect(await operationsIndexes(db, kind)).toEqual(OPERATIONS_INDEXES);
        // SQLite's rebuilt table is the old one, column for column, without the kind's constraint.
        // (0011 then added three columns, which SQLite writes before the table's constraints.)
        const added0011 = ', "target_tenant_id" text, "target_name" text, "fleet_id" text';
        if (kind === 'sqlite')
          expect((await sqliteTable(db))?.replace(added0011, '')).toBe(
            tableBefore?.replace(
              `, constraint "operations_kind_check" check (kind in ('disconnect', 'reconnect', 'view'))`,
              '',
            ),
          );
        // And the index is the partial unique one: a second open row for p2 (running) is refused, a settled one is not.
        expect(await refusal(insertRaw(db, rawRow({ partnerId: 'p2', state: 'pending' })))).toMatch(/unique/i);
        await insertRaw(db, rawRow({ partnerId: 'p2', state: 'expired' }));
      });
    });

    it('leaves a record of a kind this version does not know (a newer one wrote it) out of the lists the core reads (sweeper, status, history)', async () => {
      const store = await openStore(target.options);
      const { db } = openDb(target.options);
      try {
        const known = [
          record({ partnerId: 'k1', state: 'running' }),
          record({ kind: 'reconnect', partnerId: 'k2', state: 'pending' }),
        ];
        for (const r of known) await store.operations.insert(r);
        await insertRaw(db, rawRow({ kind: 'scratch', partnerId: 'n1', state: 'running', id: 'newer-running' }));
        await insertRaw(db, rawRow({ kind: 'scratch', partnerId: 'n2', state: 'pending', id: 'newer-pending' }));
        const ids = (records: OperationRecord[]) => records.map((r) => r.id);
        expect(ids(await store.operations.staleRunning('2026-01-01T00:00:00.000Z', 10))).toEqual([known[0].id]);
        expect(ids(await store.operations.overduePending('2026-01-01T00:00:00.000Z', 10))).toEqual([known[1].id]);
        // status (its running records), the open request in the way and `history` read the history: the same there.
        expect(ids(await store.operations.history({ tenantId: 'tenant-a', limit: 10 })).sort()).toEqual(
          ids(known).sort(),
        );
        expect(
          ids(
            await store.operations.history({ tenantId: 'tenant-a', partnerId: 'n1', states: ['running'], limit: 10 }),
          ),
        ).toEqual([]);
      } finally {
        await db.destroy();
        await store.close();
      }
    });
  });
});

function rawRow(overrides: Record<string, unknown>): Record<string, unknown> {
  const at = '2025-03-01T10:00:00.000Z';
  return {
    id: `raw-${String(overrides.partnerId)}-${String(overrides.state)}-${Math.random().toString(36).slice(2, 8)}`,
    kind: 'disconnect',
    partner_id: overrides.partnerId,
    partner_name: 'TeamViewer Connector',
    tenant_id: 'tenant-a',
    conversation_id: '19:conversation@thread.tacv2',
    requester_id: 'aad-requester',
    requester_name: 'Adele Vance',
    created_at: at,
    updated_at: at,
    expires_at: at,
    ...Object.fromEntries(Object.entries(overrides).filter(([k]) => k !== 'partnerId')),
  };
}

/** The database's refusal message ('accepted' when it took the row). Its errors are not this realm's Error: no toThrow. */
async function refusal(statement: Promise<void>): Promise<string> {
  return statement.then(
    () => 'accepted',
    (e: { message?: unknown }) => String(e.message),
  );
}

async function insertRaw(db: Kysely<Database>, row: Record<string, unknown>): Promise<void> {
  await db
    .insertInto('operations')
    .values(row as never)
    .execute();
}

async function sqliteTable(db: Kysely<Database>): Promise<string | undefined> {
  return (
    await sql<{ sql: string }>`select sql from sqlite_master where type = 'table' and name = 'operations'`.execute(db)
  ).rows[0]?.sql;
}

async function operationsIndexes(db: Kysely<Database>, kind: 'sqlite' | 'postgres'): Promise<string[]> {
  const rows =
    kind === 'postgres'
      ? await sql<{
          name: string;
        }>`select indexname as name from pg_indexes where schemaname = current_schema() and tablename = 'operations' and indexname <> 'operations_pkey'`.execute(
          db,
        )
      : await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'index' and tbl_name = 'operations' and name not like 'sqlite_autoindex_%'`.execute(
          db,
        );
  return rows.rows.map((r) => r.name).sort();
}
