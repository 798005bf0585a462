/**
 * Customer tenants (issue 19) in the store, on every engine (SQLite file, PostgreSQL, the in-memory store of the
 * core's tests): an operation's customer and fleet round-trip; one open operation per partner PER TARGET TENANT;
 * `history` reads the bot's own tenant unless asked for a customer; a conversation's default customer.
 */
import { openStore } from '../../src/store';
import type { Store } from '../../src/store';
import type { OperationRecord } from '../../src/core/model';
import { OPERATION_STORE_ENGINES, record, warnIfNoPostgres } from './helpers';
import type { Target } from './helpers';

warnIfNoPostgres();
const CONTOSO = { tenantId: '0f3c2a9e-0000-4000-8000-00000000c0c0', name: 'contoso' };
const FABRIKAM = { tenantId: '7a1b2c3d-0000-4000-8000-00000000fab0', name: 'fabrikam' };
const ids = (records: OperationRecord[]) => records.map((r) => r.id);

describe.each(OPERATION_STORE_ENGINES)('customer tenants on $name', (engine) => {
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

    it("round-trips an operation's customer and fleet id, and leaves them out of a record of the own tenant", async () => {
      const inCustomer = record({ customer: CONTOSO, fleetId: 'fleet-1' });
      const own = record({ partnerId: 'other-partner' });
      await store.operations.insert(inCustomer);
      await store.operations.insert(own);
      expect(await store.operations.get(inCustomer.id)).toStrictEqual(inCustomer);
      expect(await store.operations.get(own.id)).toStrictEqual(own); // no customer / fleetId keys
    });

    it("keeps a customer's tenant id lowercased (a GUID's case carries no meaning)", async () => {
      const r = record({ customer: { tenantId: CONTOSO.tenantId.toUpperCase(), name: 'contoso' } });
      await store.operations.insert(r);
      expect((await store.operations.get(r.id))?.customer).toEqual(CONTOSO);
      // ... so the same customer in the other case is the same target: its partner's one open operation is taken.
      await expect(store.operations.insert(record({ customer: CONTOSO }))).rejects.toMatchObject({
        kind: 'store.openOperationExists',
      });
    });

    it('allows one open operation per partner in each tenant: own, contoso, fabrikam; refuses a second in one of them', async () => {
      const own = record();
      const contoso = record({ customer: CONTOSO });
      const fabrikam = record({ customer: FABRIKAM, state: 'running' });
      for (const r of [own, contoso, fabrikam]) await store.operations.insert(r);
      const second = record({ customer: CONTOSO });
      await expect(store.operations.insert(second)).rejects.toMatchObject({
        kind: 'store.openOperationExists',
        message: expect.stringContaining('in customer "contoso"'),
      });
      await expect(store.operations.insert(record())).rejects.toMatchObject({ kind: 'store.openOperationExists' });
      // insertOpen hands back the open one of THAT customer, not another tenant's.
      expect((await store.operations.insertOpen(second)).id).toBe(contoso.id);
      expect((await store.operations.insertOpen(record({ customer: FABRIKAM }))).id).toBe(fabrikam.id);
      expect((await store.operations.insertOpen(record())).id).toBe(own.id);
      // Once contoso's is settled, a new one there is taken.
      await store.operations.transition(contoso.id, ['pending'], 'cancelled', {});
      const next = record({ customer: CONTOSO });
      expect((await store.operations.insertOpen(next)).id).toBe(next.id);
    });

    it("reads the bot's own tenant by default, a customer's when asked, every one with 'any'", async () => {
      const at = (minute: number) => `2025-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
      const own = record({ state: 'succeeded', createdAt: at(1) });
      const contoso = record({ state: 'succeeded', customer: CONTOSO, createdAt: at(2) });
      const fabrikam = record({ state: 'failed', customer: FABRIKAM, createdAt: at(3) });
      const contosoDenied = record({ kind: 'view', state: 'denied', customer: CONTOSO, createdAt: at(4) });
      for (const r of [own, contoso, fabrikam, contosoDenied]) await store.operations.insert(r);
      const history = (q: Partial<Parameters<Store['operations']['history']>[0]>) =>
        store.operations.history({ tenantId: 'tenant-a', limit: 10, ...q }).then(ids);
      // Exactly what it returned before customers existed: the own tenant's records.
      expect(await history({})).toEqual([own.id]);
      expect(await history({ partnerId: own.partnerId, states: ['succeeded'] })).toEqual([own.id]);
      expect(await history({ customerTenantId: CONTOSO.tenantId })).toEqual([contosoDenied.id, contoso.id]);
      expect(await history({ customerTenantId: CONTOSO.tenantId.toUpperCase(), states: ['denied'] })).toEqual([
        contosoDenied.id,
      ]);
      expect(await history({ customerTenantId: 'any' })).toEqual([contosoDenied.id, fabrikam.id, contoso.id, own.id]);
      expect(await history({ customerTenantId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
    });

    it('refuses a customer without a tenant id or a name, before it reaches the table', async () => {
      const bad = [
        record({ customer: { tenantId: '', name: 'contoso' } }),
        record({ customer: { tenantId: CONTOSO.tenantId, name: '' } }),
      ];
      for (const r of bad) {
        await expect(store.operations.insert(r)).rejects.toMatchObject({ kind: 'store.invalidInput' });
        expect(await store.operations.get(r.id)).toBeUndefined();
      }
    });

    it("sets, replaces and clears a conversation's default customer, per conversation and tenant", async () => {
      const c = store.conversationCustomers;
      const by = { id: 'aad-tech', name: 'Alex Wilber' };
      const channel = '19:general@thread.tacv2';
      expect(await c.conversationCustomer('tenant-a', channel)).toBeUndefined();
      await c.setConversationCustomer('tenant-a', channel, CONTOSO, by, '2025-03-01T10:00:00Z');
      expect(await c.conversationCustomer('TENANT-A', channel)).toEqual(CONTOSO);
      expect(await c.conversationCustomer('tenant-a', '19:other@thread.tacv2')).toBeUndefined();
      expect(await c.conversationCustomer('tenant-b', channel)).toBeUndefined();
      await c.setConversationCustomer('tenant-a', channel, FABRIKAM, by, '2025-03-01T10:01:00Z');
      expect(await c.conversationCustomer('tenant-a', channel)).toEqual(FABRIKAM);
      await c.setConversationCustomer('tenant-a', channel, undefined, by, '2025-03-01T10:02:00Z');
      expect(await c.conversationCustomer('tenant-a', channel)).toBeUndefined();
      await expect(
        c.setConversationCustomer('tenant-a', channel, CONTOSO, { id: '', name: '' }, '2025-03-01T10:03:00Z'),
      ).rejects.toMatchObject({
        kind: 'store.invalidInput',
      });
      expect(await c.conversationCustomer('', channel)).toBeUndefined(); // bad input is no customer, not a crash
    });
  });
});
