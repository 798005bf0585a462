/**
 * The fleet operation (issue 19) in the store, on every engine: a fleet and its children saved in one transaction
 * (all or nothing), a customer whose partner already has an open operation reported with it, the optimistic
 * transition, the fleet's history and children.
 */
import { openStore } from '../../src/store';
import type { Store } from '../../src/store';
import type { FleetRecord } from '../../src/core/fleet-model';
import type { CustomerRef, OperationRecord } from '../../src/core/model';
import { OPERATION_STORE_ENGINES, record, warnIfNoPostgres } from './helpers';
import type { Target } from './helpers';

warnIfNoPostgres();
const customer = (name: string, n: number): CustomerRef => ({
  tenantId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  name,
});
const CONTOSO = customer('contoso', 1);
const FABRIKAM = customer('fabrikam', 2);
const NORTHWIND = customer('northwind', 3);

function fleet(overrides: Partial<FleetRecord> = {}): FleetRecord {
  return {
    id: `fleet-${Math.random().toString(36).slice(2, 10)}`,
    tenantId: 'tenant-a',
    conversationId: '19:conversation@thread.tacv2',
    kind: 'disconnect',
    partnerQuery: 'TeamViewer',
    selector: 'all',
    requester: { id: 'aad-requester', name: 'Adele Vance' },
    state: 'pending',
    members: [
      { customer: CONTOSO, status: 'onboarded' },
      { customer: FABRIKAM, status: 'onboarded' },
      { customer: NORTHWIND, unreachable: 'auth.consentRequired' },
    ],
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    expiresAt: '2025-03-01T10:15:00.000Z',
    ...overrides,
  };
}

const childOf = (f: FleetRecord, c: CustomerRef, overrides: Partial<OperationRecord> = {}) =>
  record({ customer: c, fleetId: f.id, ...overrides });

describe.each(OPERATION_STORE_ENGINES)('FleetStore on $name', (engine) => {
  const d = engine.available ? describe : describe.skip;
  d('contract', () => {
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

    it('saves a fleet with a child per reachable customer, and reads both back', async () => {
      const f = fleet({ approval: { status: 'waiting', requesterChannelId: '29:adele' } });
      const children = [childOf(f, CONTOSO), childOf(f, FABRIKAM)];
      const saved = await store.fleets.insertFleet(f, children);
      const expected: FleetRecord = {
        ...f,
        members: [
          { customer: CONTOSO, status: 'onboarded', operationId: children[0].id },
          { customer: FABRIKAM, status: 'onboarded', operationId: children[1].id },
          { customer: NORTHWIND, unreachable: 'auth.consentRequired' },
        ],
      };
      expect(saved).toStrictEqual(expected);
      expect(await store.fleets.getFleet(f.id)).toStrictEqual(expected);
      expect(await store.fleets.getFleet('no-such-fleet')).toBeUndefined();
      expect((await store.fleets.fleetChildren(f.id)).map((c) => c.id).sort()).toEqual(
        children.map((c) => c.id).sort(),
      );
      for (const c of children) expect(await store.operations.get(c.id)).toStrictEqual(c);
      // The children are the customers' records: history per customer shows them.
      expect(
        (await store.operations.history({ tenantId: 'tenant-a', customerTenantId: CONTOSO.tenantId, limit: 5 })).map(
          (r) => r.id,
        ),
      ).toEqual([children[0].id]);
    });

    it('does not save a child where the partner already has an open operation in that customer, and says which one', async () => {
      const single = record({ customer: FABRIKAM, state: 'running' });
      await store.operations.insert(single);
      const f = fleet();
      const children = [childOf(f, CONTOSO), childOf(f, FABRIKAM)];
      const saved = await store.fleets.insertFleet(f, children);
      expect(saved.members[1]).toEqual({
        customer: FABRIKAM,
        status: 'onboarded',
        operationId: single.id,
        alreadyOpen: true,
      });
      expect(saved.members[0].operationId).toBe(children[0].id);
      expect(await store.operations.get(children[1].id)).toBeUndefined();
      expect((await store.fleets.fleetChildren(f.id)).map((c) => c.id)).toEqual([children[0].id]);
      // Re-running it finishes what is left: the next fleet meets the first one's open child, and takes fabrikam once free.
      await store.operations.transition(single.id, ['running'], 'succeeded', {});
      const again = fleet();
      const rerun = await store.fleets.insertFleet(again, [childOf(again, CONTOSO), childOf(again, FABRIKAM)]);
      expect(rerun.members.map((m) => [m.customer.name, m.alreadyOpen ?? false])).toEqual([
        ['contoso', true],
        ['fabrikam', false],
        ['northwind', false],
      ]);
      expect(rerun.members[0].operationId).toBe(children[0].id);
    });

    it('is all or nothing: a failure half-way leaves neither the fleet nor any child', async () => {
      const settled = record({ state: 'succeeded', partnerId: 'another-partner' });
      await store.operations.insert(settled);
      const f = fleet();
      // The second child reuses an id that exists: refused after the first child was written.
      const children = [childOf(f, CONTOSO), childOf(f, FABRIKAM, { id: settled.id })];
      await expect(store.fleets.insertFleet(f, children)).rejects.toMatchObject({ kind: 'store.duplicateId' });
      expect(await store.fleets.getFleet(f.id)).toBeUndefined();
      expect(await store.operations.get(children[0].id)).toBeUndefined();
      expect(await store.operations.get(settled.id)).toStrictEqual(settled);
      // The same fleet id twice: the second is refused, and its children are not kept either.
      const first = fleet();
      await store.fleets.insertFleet(first, [childOf(first, CONTOSO)]);
      const dup = { ...fleet(), id: first.id };
      const dupChild = childOf(dup, FABRIKAM);
      await expect(store.fleets.insertFleet(dup, [dupChild])).rejects.toMatchObject({ kind: 'store.duplicateId' });
      expect(await store.operations.get(dupChild.id)).toBeUndefined();
    });

    it('refuses children that are not the fleet’s, before anything is written', async () => {
      const f = fleet();
      const other = customer('tailspin', 9);
      const bad: OperationRecord[][] = [
        [record({ customer: CONTOSO })], // no fleetId
        [childOf(f, other)], // not one of its customers
        [childOf(f, CONTOSO), childOf(f, CONTOSO, { partnerId: 'p2' })], // two in one customer
        [childOf(f, CONTOSO, { tenantId: 'tenant-b' })],
        [childOf(f, CONTOSO, { state: 'succeeded' })],
        [childOf(f, CONTOSO, { kind: 'reconnect' })],
      ];
      for (const children of bad) {
        await expect(store.fleets.insertFleet(f, children)).rejects.toMatchObject({ kind: 'store.invalidInput' });
      }
      const twice = fleet({
        members: [{ customer: CONTOSO }, { customer: { ...CONTOSO, tenantId: CONTOSO.tenantId.toUpperCase() } }],
      });
      await expect(store.fleets.insertFleet(twice, [])).rejects.toMatchObject({ kind: 'store.invalidInput' });
      await expect(store.fleets.insertFleet(fleet({ state: 'bogus' as never }), [])).rejects.toMatchObject({
        kind: 'store.invalidInput',
      });
      expect(await store.fleets.getFleet(f.id)).toBeUndefined();
      expect(await store.operations.history({ tenantId: 'tenant-a', customerTenantId: 'any', limit: 10 })).toEqual([]);
    });

    it('moves a fleet only from the state it is expected in (one of two confirmations wins), and not once expired', async () => {
      const f = fleet();
      await store.fleets.insertFleet(f, [childOf(f, CONTOSO)]);
      const confirm = (who: string) =>
        store.fleets.transitionFleet(
          f.id,
          ['pending'],
          'running',
          { executor: { id: who, name: who }, updatedAt: '2025-03-01T10:01:00Z' },
          {
            notExpiredAt: '2025-03-01T10:01:00Z',
          },
        );
      const results = await Promise.all([confirm('aad-1'), confirm('aad-2')]);
      const winners = results.filter((r) => r !== undefined);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ state: 'running', updatedAt: '2025-03-01T10:01:00.000Z' });
      expect(await store.fleets.getFleet(f.id)).toStrictEqual(winners[0]);
      const members = winners[0]!.members.map((m) =>
        m.customer.name === 'northwind' ? { ...m, unreachable: 'auth.relationshipExpired' } : m,
      );
      const finished = await store.fleets.transitionFleet(f.id, ['running'], 'finished', {
        members,
        completedAt: '2025-03-01T10:02:00Z',
      });
      expect(finished).toMatchObject({ state: 'finished', completedAt: '2025-03-01T10:02:00.000Z', members });
      expect(await store.fleets.transitionFleet(f.id, ['running'], 'finished', {})).toBeUndefined();
      const late = fleet();
      await store.fleets.insertFleet(late, []);
      expect(
        await store.fleets.transitionFleet(
          late.id,
          ['pending'],
          'running',
          {},
          { notExpiredAt: '2025-03-01T10:15:00Z' },
        ),
      ).toBeUndefined();
      expect((await store.fleets.getFleet(late.id))?.state).toBe('pending');
    });

    it("lists a tenant's fleets newest first", async () => {
      const at = (m: number) => `2025-03-01T10:0${m}:00.000Z`;
      const fleets = [
        fleet({ createdAt: at(1) }),
        fleet({ createdAt: at(3) }),
        fleet({ createdAt: at(2) }),
        fleet({ tenantId: 'tenant-b', createdAt: at(4) }),
      ];
      for (const f of fleets) await store.fleets.insertFleet(f, []);
      expect((await store.fleets.fleetHistory('tenant-a', 10)).map((f) => f.id)).toEqual([
        fleets[1].id,
        fleets[2].id,
        fleets[0].id,
      ]);
      expect((await store.fleets.fleetHistory('tenant-a', 1)).map((f) => f.id)).toEqual([fleets[1].id]);
      await expect(store.fleets.fleetHistory('tenant-a', 0)).rejects.toMatchObject({ kind: 'store.invalidInput' });
    });
  });
});
