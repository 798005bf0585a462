/**
 * Two-person approval's other storage (migration 0007), on both engines and the in-memory store: the copies of
 * an operation's card in other conversations (CardStore.saveCopy / all) and each tenant's approvers' channel.
 */
import type { ApprovalChannel } from '../../src/core/approval-model';
import type { CardRef } from '../../src/core/card-ref';
import { openStore, StoreError, type Store } from '../../src/store';
import {
  describeOn,
  freshDatabaseEach,
  OPERATION_STORE_ENGINES,
  record,
  warnIfNoPostgres,
  type Target,
} from './helpers';

warnIfNoPostgres();

const card = (over: Partial<CardRef> = {}): CardRef => ({
  activityId: 'activity-own',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  channelId: 'msteams',
  conversationId: 'a:requester-personal',
  conversationType: 'personal',
  tenantId: 'tenant-a',
  botId: '28:bot-app-id',
  locale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  ...over,
});
const approvers = (over: Partial<CardRef> = {}) =>
  card({
    activityId: 'activity-approvers',
    conversationId: '19:approvers@thread.tacv2',
    conversationType: 'channel',
    locale: 'en-US',
    ...over,
  });
const auditors = (over: Partial<CardRef> = {}) =>
  card({
    activityId: 'activity-auditors',
    conversationId: '19:auditors@thread.tacv2',
    conversationType: 'channel',
    ...over,
  });

const channel = (over: Partial<ApprovalChannel> = {}): ApprovalChannel => ({
  tenantId: 'tenant-a',
  address: {
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    conversationId: '19:approvers@thread.tacv2',
    kind: 'channel',
    tenantId: 'tenant-a',
    botId: '28:bot-app-id',
  },
  setBy: { id: 'aad-admin', name: 'Adele Vance' },
  locale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  setAt: '2025-03-01T10:00:00.000Z',
  ...over,
});

/** saved_at has millisecond resolution: a pause makes "saved later" unambiguous. */
const tick = () => new Promise((r) => setTimeout(r, 5));

describe.each(OPERATION_STORE_ENGINES)("card copies and approvers' channels on $name", (engine) => {
  describeOn(engine)('contract', () => {
    let target: Target;
    let store: Store;
    freshDatabaseEach(engine, 1, (t, [s]) => {
      target = t;
      store = s;
    });

    describe('card copies', () => {
      it('lists the own card first, then one copy per conversation by when it was saved; a copy saved again replaces it', async () => {
        const op = record();
        await store.cards.save(op.id, card());
        await store.cards.saveCopy(op.id, approvers());
        await tick();
        await store.cards.saveCopy(op.id, auditors());
        expect(await store.cards.all(op.id)).toStrictEqual([card(), approvers(), auditors()]);

        // Re-posted in the approvers' channel: the newer message replaces the older, and now counts as the newest.
        await tick();
        const { timeZone: _z, ...reposted } = approvers({ activityId: 'activity-approvers-2' });
        await store.cards.saveCopy(op.id, reposted);
        expect(await store.cards.all(op.id)).toStrictEqual([card(), auditors(), reposted]);
        // The own card is the own card: copies do not replace it.
        expect(await store.cards.get(op.id)).toStrictEqual(card());
      });

      it('lists the copies alone when the own card is not known, and nothing of other operations', async () => {
        const op = record();
        const other = record();
        await store.cards.saveCopy(op.id, approvers());
        await store.cards.save(other.id, card({ activityId: 'activity-other' }));
        await store.cards.saveCopy(other.id, auditors());
        expect(await store.cards.get(op.id)).toBeUndefined();
        expect(await store.cards.all(op.id)).toStrictEqual([approvers()]);
        expect(await store.cards.all(other.id)).toStrictEqual([card({ activityId: 'activity-other' }), auditors()]);
        expect(await store.cards.all('no-such-operation')).toEqual([]);
      });

      it('refuses a copy without the parts an update needs', async () => {
        await expect(store.cards.saveCopy('op-x', approvers({ conversationId: '' }))).rejects.toBeInstanceOf(
          StoreError,
        );
        await expect(store.cards.saveCopy('op-x', approvers({ activityId: '' }))).rejects.toThrow(/message id/);
        await expect(store.cards.saveCopy('', approvers())).rejects.toMatchObject({ kind: 'store.invalidInput' });
        expect(await store.cards.all('op-x')).toEqual([]);
      });

      it('saveCopy and all are one statement each, counted with the operations', async () => {
        const before = store.stats();
        await store.cards.saveCopy('op-y', approvers());
        await store.cards.all('op-y');
        expect(store.stats()).toMatchObject({ operations: before.operations + 2, botStorage: before.botStorage });
      });
    });

    describe("the approvers' channel", () => {
      it('is set, read back and replaced per tenant, whatever the case of the tenant id; other tenants have none', async () => {
        expect(await store.approvals.approvalChannel('tenant-a')).toBeUndefined();
        await store.approvals.setApprovalChannel(channel());
        expect(await store.approvals.approvalChannel('tenant-a')).toStrictEqual(channel());
        expect(await store.approvals.approvalChannel('TENANT-A')).toStrictEqual(channel());
        expect(await store.approvals.approvalChannel('tenant-b')).toBeUndefined();

        // Set again from another channel, by another admin, without a time zone: one channel per tenant.
        const { timeZone: _z, ...rest } = channel({
          tenantId: 'Tenant-A',
          address: { ...channel().address, tenantId: 'Tenant-A', conversationId: '19:security@thread.tacv2' },
          setBy: { id: 'aad-admin-2', name: '李雷 (Li Lei)' },
          locale: 'en-US',
          setAt: '2025-03-02T09:00:00+01:00',
        });
        await store.approvals.setApprovalChannel(rest);
        const replaced = await store.approvals.approvalChannel('tenant-a');
        expect(replaced).toStrictEqual({
          ...rest,
          tenantId: 'tenant-a',
          address: { ...rest.address, tenantId: 'tenant-a' },
          setAt: '2025-03-02T08:00:00.000Z',
        });
        expect(replaced).not.toHaveProperty('timeZone');

        await store.approvals.setApprovalChannel(
          channel({ tenantId: 'tenant-b', address: { ...channel().address, tenantId: 'tenant-b' } }),
        );
        expect((await store.approvals.approvalChannel('tenant-a'))?.address.conversationId).toBe(
          '19:security@thread.tacv2',
        );
      });

      it('refuses a channel without an address to post to, or in another tenant', async () => {
        const bad = [
          channel({ address: { ...channel().address, conversationId: '' } }),
          channel({ address: { ...channel().address, serviceUrl: '' } }),
          channel({ address: { ...channel().address, tenantId: 'tenant-b' } }),
          channel({ setAt: 'now' }),
        ];
        for (const c of bad)
          await expect(store.approvals.setApprovalChannel(c)).rejects.toMatchObject({ kind: 'store.invalidInput' });
        expect(await store.approvals.approvalChannel('tenant-a')).toBeUndefined();
      });

      (engine.shared ? it : it.skip)('is seen by every instance on the database', async () => {
        await store.approvals.setApprovalChannel(channel());
        const other = await openStore(target.options);
        try {
          expect(await other.approvals.approvalChannel('tenant-a')).toStrictEqual(channel());
        } finally {
          await other.close();
        }
      });

      it('one statement per call, counted with the operations', async () => {
        const before = store.stats().operations;
        await store.approvals.setApprovalChannel(channel());
        await store.approvals.approvalChannel('tenant-a');
        expect(store.stats().operations).toBe(before + 2);
      });
    });
  });
});
