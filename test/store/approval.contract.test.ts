/**
 * Two-person approval on the operations (migration 0007), on both engines and the in-memory store of the core's
 * unit tests: the approval facts round-trip through insert / get / history / transition, the database refuses
 * a status it does not know, and a database an older version left at 0006 is migrated with its records intact.
 */
import { sql } from 'kysely';
import type { ApprovalFacts, OperationRecord } from '../../src/core/model';
import { StoreError, type Store } from '../../src/store';
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
  withDb,
  withStore,
  type Target,
} from './helpers';

warnIfNoPostgres();

const MRI = '29:1a2b3c-requester-mri';
const waiting = (over: Partial<OperationRecord> = {}) =>
  record({ expiresAt: '2999-01-01T00:00:00.000Z', approval: { status: 'waiting', requesterChannelId: MRI }, ...over });

describe.each(OPERATION_STORE_ENGINES)('approval on the operations, $name', (engine) => {
  describeOn(engine)('contract', () => {
    let target: Target;
    let store: Store;
    freshDatabaseEach(engine, 1, (t, [s]) => {
      target = t;
      store = s;
    });

    it('round-trips the approval facts through insert, get and history, and leaves them out of a record without', async () => {
      const full = record({
        state: 'cancelled',
        executor: { id: 'aad-approver', name: 'Megan Bowen' },
        approval: { status: 'rejected', requesterChannelId: MRI, decidedAt: '2025-03-01T18:05:00+08:00' },
        completedAt: '2025-03-01T10:05:00.000Z',
      });
      const bare = waiting({ partnerId: 'partner-bare', approval: { status: 'waiting' } });
      const none = record({ partnerId: 'partner-none' });
      for (const r of [full, bare, none]) await store.operations.insert(r);
      const stored = { ...full, approval: { ...full.approval!, decidedAt: '2025-03-01T10:05:00.000Z' } }; // UTC, like every instant
      expect(await store.operations.get(full.id)).toStrictEqual(stored);
      expect(await store.operations.get(bare.id)).toStrictEqual(bare); // no undefined keys appear
      expect(await store.operations.get(none.id)).toStrictEqual(none);
      expect(await store.operations.get(none.id)).not.toHaveProperty('approval');
      const listed = await store.operations.history({ tenantId: 'tenant-a', limit: 10 });
      expect(listed.find((r) => r.id === full.id)).toStrictEqual(stored);
      expect(listed.find((r) => r.id === bare.id)?.approval).toStrictEqual({ status: 'waiting' });
    });

    it('insertOpen keeps the approval facts, and gives back the waiting request that is in the way with its own', async () => {
      const first = waiting();
      expect(await store.operations.insertOpen(first)).toStrictEqual(first);
      const second = record({ expiresAt: '2999-01-01T00:00:00.000Z' });
      expect(await store.operations.insertOpen(second)).toStrictEqual(first);
      const plain = record({ partnerId: 'partner-plain', expiresAt: '2999-01-01T00:00:00.000Z' });
      expect(await store.operations.insertOpen(plain)).toStrictEqual(plain);
    });

    it('an approval (pending -> running while not expired) sets the facts and the decision time; later transitions keep them', async () => {
      const r = waiting({ expiresAt: '2025-03-01T11:00:00.000Z' });
      await store.operations.insert(r);
      const decided: ApprovalFacts = {
        status: 'approved',
        requesterChannelId: MRI,
        decidedAt: '2025-03-01T10:20:00.000Z',
      };
      const executor = { id: 'aad-approver', name: 'Megan Bowen' };
      const patch = { executor, approval: decided, updatedAt: '2025-03-01T10:20:00.000Z' };
      // Too late: the request expired; nothing changes.
      expect(
        await store.operations.transition(r.id, ['pending'], 'running', patch, {
          notExpiredAt: '2025-03-01T11:00:00.000Z',
        }),
      ).toBeUndefined();
      expect(await store.operations.get(r.id)).toStrictEqual(r);
      const running = await store.operations.transition(r.id, ['pending'], 'running', patch, {
        notExpiredAt: '2025-03-01T10:20:00.000Z',
      });
      expect(running).toStrictEqual({ ...r, ...patch, state: 'running' });
      // A click that did not win changes nothing either.
      expect(
        await store.operations.transition(r.id, ['pending'], 'cancelled', { approval: { status: 'withdrawn' } }),
      ).toBeUndefined();
      const done = await store.operations.transition(r.id, ['running'], 'succeeded', {
        completedAt: '2025-03-01T10:20:01.000Z',
        settledBy: 'graph',
      });
      expect(done?.approval).toStrictEqual(decided);
      expect(await store.operations.get(r.id)).toStrictEqual(done);
    });

    it('writes the approval facts whole: a field the patch leaves out is cleared', async () => {
      const r = waiting({
        approval: { status: 'waiting', requesterChannelId: MRI, decidedAt: '2025-03-01T10:01:00.000Z' },
      });
      await store.operations.insert(r);
      const withdrawn = await store.operations.transition(r.id, ['pending'], 'cancelled', {
        approval: { status: 'withdrawn' },
      });
      expect(withdrawn?.approval).toStrictEqual({ status: 'withdrawn' });
      expect((await store.operations.get(r.id))?.approval).toStrictEqual({ status: 'withdrawn' });
    });

    it('refuses an unknown approval status or a decision time without a zone, before the table', async () => {
      for (const approval of [
        { status: 'maybe' },
        { status: 'approved', decidedAt: '2025-03-01T10:00:00' },
      ] as ApprovalFacts[]) {
        const err = await store.operations.insert(waiting({ approval })).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect(err).toMatchObject({ kind: 'store.invalidInput' });
      }
      const r = waiting();
      await store.operations.insert(r);
      await expect(
        store.operations.transition(r.id, ['pending'], 'running', { approval: { status: 'maybe' as never } }),
      ).rejects.toMatchObject({
        kind: 'store.invalidInput',
        message: expect.stringContaining('"maybe"'),
      });
      expect(await store.operations.get(r.id)).toStrictEqual(r);
    });

    it('a transition with the approval facts is still one statement', async () => {
      const r = waiting();
      await store.operations.insert(r);
      const before = store.stats().operations;
      await store.operations.transition(r.id, ['pending'], 'running', {
        approval: { status: 'approved', decidedAt: '2025-03-01T10:02:00.000Z' },
      });
      expect(store.stats().operations).toBe(before + 1);
    });

    (engine.shared ? it : it.skip)('the database itself refuses an approval status it does not know', async () => {
      const r = waiting();
      await store.operations.insert(r);
      await withDb(target.options, async (db) => {
        // By its message: better-sqlite3's SqliteError is not an Error of this test file's realm once another
        // suite in the same jest worker loaded the native module first, so rejects.toThrow would not see it.
        const refused = await sql`update operations set approval_status = 'maybe' where id = ${r.id}`.execute(db).then(
          () => 'updated',
          (e: unknown) => String((e as { message?: unknown }).message),
        );
        expect(refused).toMatch(/check constraint/i);
        await sql`update operations set approval_status = 'approved' where id = ${r.id}`.execute(db);
      });
      expect((await store.operations.get(r.id))?.approval).toStrictEqual({
        status: 'approved',
        requesterChannelId: MRI,
      });
    });
  });
});

describe.each(OPERATION_STORE_ENGINES.filter((e) => e.shared))(
  '0007_approval on a database left at 0006, $name',
  (engine) => {
    itOn(engine)('adds the approval columns and tables, keeping the operations and their cards', async () => {
      await withFreshDatabase(engine, async (target) => {
        const old = record({ state: 'succeeded', settledBy: 'graph', completedAt: '2025-03-01T10:01:00.000Z' });
        const open = record({ partnerId: 'partner-open', expiresAt: '2999-01-01T00:00:00.000Z' });
        await leftAtMigration(target, '0006', async (db) => {
          // The rows as the previous version wrote them (no approval columns yet).
          await db
            .insertInto('operations')
            .values([old, open].map((r: OperationRecord) => operationRowAt('0006', r)) as never)
            .execute();
          await db
            .insertInto('operation_cards')
            .values(card0006(old.id) as never)
            .execute();
        });
        await withStore(target.options, async (store) => {
          // 0007 and the later ones (Kysely applies them in order).
          expect(store.appliedMigrations).toEqual(
            Object.keys(MIGRATIONS)
              .sort()
              .filter((name) => name >= '0007'),
          );
          expect(await store.operations.get(old.id)).toStrictEqual(old);
          expect(await store.cards.all(old.id)).toEqual([
            expect.objectContaining({ activityId: 'activity-old', conversationId: 'a:personal' }),
          ]);
          expect(await store.approvals.approvalChannel('tenant-a')).toBeUndefined();
          // An open record from before can still be decided; only a record asked under approval gets the facts.
          const ran = await store.operations.transition(open.id, ['pending'], 'running', {});
          expect(ran).not.toHaveProperty('approval');
        });
      });
    });
  },
);

function card0006(operationId: string) {
  return {
    operation_id: operationId,
    activity_id: 'activity-old',
    service_url: 'https://smba.trafficmanager.net/emea/',
    channel_id: 'msteams',
    conversation_id: 'a:personal',
    conversation_type: 'personal',
    tenant_id: 'tenant-a',
    bot_id: '28:bot-app-id',
    locale: 'en-US',
    time_zone: null,
    saved_at: '2025-03-01T10:00:30.000Z',
  };
}
