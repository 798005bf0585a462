/**
 * Two-person approval in the core (in-memory ports): a disconnect by one admin is a request that somebody else
 * must approve, and the server, not the buttons, enforces who may decide. The end-to-end proof over real HTTP
 * is test/e2e/approval.test.ts.
 */
import type { CardRef } from '../../src/core/card-ref';
import type { RequestContext } from '../../src/core/context';
import { AppError } from '../../src/core/errors';
import type { ActionRecord } from '../../src/core/model';
import type { ActionResult } from '../../src/core/replies';
import type { RolePermission } from '../../src/core/resource-actions';
import type { ConversationAddress } from '../../src/core/watch-model';
import { Cards } from './support/memory-cards';
import { ADMIN, inMemoryCore, READER, SECOND_ADMIN, STRANGER, TENANT, type Core } from './support/in-memory-ports';

const APPROVER = 'aad-approver';
const ASKED_IN = '19:helpdesk@thread.tacv2;messageid=1';
const APPROVERS = '19:approvers@thread.tacv2';
const readOnly: RolePermission[] = [
  {
    actions: [],
    resourceActions: [
      { allowedResourceActions: ['Microsoft.Intune_RemoteAssistance_Read'], notAllowedResourceActions: [] },
    ],
  },
];

const cardIn = (conversationId: string): CardRef => ({
  activityId: 'card-1',
  serviceUrl: 'https://smba.example/',
  channelId: 'msteams',
  conversationId,
  tenantId: TENANT,
  botId: '28:bot',
  locale: 'en-US',
});

describe('two-person approval (in-memory ports)', () => {
  let core: Core;
  let cards: Cards;
  beforeEach(async () => {
    cards = new Cards();
    core = await inMemoryCore(
      { approverUserIds: [APPROVER] },
      {
        cards: { cards, publisher: cards },
        approval: { required: true, approverUsers: 1 },
        intuneCheckMode: 'enforce',
      },
    );
  });
  afterEach(() => core.close());

  const as = (who: string, conversationId = ASKED_IN): RequestContext => {
    const ctx = core.as(who, { conversationId, kind: 'channel' });
    return { ...ctx, actor: { ...ctx.actor, channelUserId: `29:${who}` } };
  };
  const ask = async (text = 'disconnect TeamViewer', who = ADMIN): Promise<ActionRecord> => {
    const [name, partner] = text.split(' ');
    const reply = await core.service.handleCommand({ name: name as 'disconnect', partner }, as(who));
    if (reply.type !== 'confirm') throw new Error(`expected a request, got ${reply.type}`);
    return reply.operation;
  };
  const graphActions = () =>
    core.gateway.calls.filter((c) => c.startsWith('disconnect') || c.startsWith('beginOnboarding'));
  const stored = async (id: string) => (await core.store.operations.get(id))!;
  const op = (r: ActionResult) => (r.reply.type === 'operation' ? r.reply.operation : undefined);

  it('a disconnect is a request waiting for approval, valid for APPROVAL_TTL_MINUTES, naming the requester', async () => {
    const request = await ask();
    expect(request).toMatchObject({
      state: 'pending',
      requester: { id: ADMIN },
      approval: { status: 'waiting', requesterChannelId: `29:${ADMIN}` },
    });
    expect(Date.parse(request.expiresAt) - Date.parse(request.createdAt)).toBe(60 * 60_000);
    expect(graphActions()).toEqual([]);
    expect((await stored(request.id)).approval).toEqual({ status: 'waiting', requesterChannelId: `29:${ADMIN}` });
  });

  it('the requester can never approve it, whatever the click carries; the try is recorded and nothing changes', async () => {
    const request = await ask();
    const result = await core.service.confirm(request.id, as(ADMIN));
    expect(result).toMatchObject({ audience: 'clicker', reply: { type: 'denied', reason: 'ownRequest' } });
    expect(graphActions()).toEqual([]);
    expect((await stored(request.id)).state).toBe('pending');
    const denied = await core.store.operations.history({ tenantId: TENANT, states: ['denied'], limit: 5 });
    expect(denied.map((d) => [d.requester.id, d.errorKind])).toEqual([[ADMIN, 'authz.ownRequest']]);
  });

  it('another admin approves: one Graph call with the approver as the caller, the record names both and the times', async () => {
    const request = await ask();
    core.clock.advanceMinutes(5);
    const result = await core.service.confirm(request.id, as(SECOND_ADMIN));
    expect(result.audience).toBe('everyone');
    expect(graphActions()).toEqual([`disconnect ${request.partnerId}`]);
    const record = await stored(request.id);
    expect(record).toMatchObject({
      state: 'succeeded',
      requester: { id: ADMIN },
      executor: { id: SECOND_ADMIN },
      approval: { status: 'approved' },
    });
    expect(Date.parse(record.approval!.decidedAt!) - Date.parse(record.createdAt)).toBe(5 * 60_000);
    expect(op(result)?.approval?.status).toBe('approved');
  });

  it('a listed approver who is not an admin may approve; a reader or a stranger may not', async () => {
    const request = await ask();
    expect(await core.service.confirm(request.id, as(READER))).toMatchObject({
      audience: 'clicker',
      reply: { type: 'denied', reason: 'readOnly' },
    });
    expect(await core.service.confirm(request.id, as(STRANGER))).toMatchObject({
      audience: 'clicker',
      reply: { type: 'denied', reason: 'notAllowed' },
    });
    expect(graphActions()).toEqual([]);
    await core.service.confirm(request.id, as(APPROVER));
    expect(await stored(request.id)).toMatchObject({ state: 'succeeded', executor: { id: APPROVER } });
  });

  it('an approver whose Intune role cannot change the connector is told so (enforce mode); Graph is not called', async () => {
    core.gateway.intuneRoles.set(SECOND_ADMIN, readOnly);
    const request = await ask();
    expect(await core.service.confirm(request.id, as(SECOND_ADMIN))).toMatchObject({
      audience: 'clicker',
      reply: { type: 'changeNotPermitted', kind: 'disconnect' },
    });
    expect(graphActions()).toEqual([]);
    expect((await stored(request.id)).state).toBe('pending');
  });

  it('a rejected request can no longer be approved', async () => {
    const request = await ask();
    const rejected = await core.service.reject(request.id, as(SECOND_ADMIN));
    expect(rejected.audience).toBe('everyone');
    expect(await stored(request.id)).toMatchObject({
      state: 'cancelled',
      executor: { id: SECOND_ADMIN },
      approval: { status: 'rejected' },
    });
    const late = await core.service.confirm(request.id, as(APPROVER));
    expect(late).toMatchObject({
      audience: 'everyone',
      reply: { type: 'operation', alreadyDecided: true, operation: { state: 'cancelled' } },
    });
    expect(graphActions()).toEqual([]);
  });

  it('only an approver may reject; the requester declining is a withdrawal', async () => {
    const request = await ask();
    expect(await core.service.reject(request.id, as(READER))).toMatchObject({
      audience: 'clicker',
      reply: { type: 'denied', reason: 'readOnly' },
    });
    expect((await stored(request.id)).state).toBe('pending');
    await core.service.reject(request.id, as(ADMIN));
    expect(await stored(request.id)).toMatchObject({
      state: 'cancelled',
      executor: { id: ADMIN },
      approval: { status: 'withdrawn' },
    });
  });

  it('the requester withdraws (Cancel); Cancel by somebody else is a rejection', async () => {
    const first = await ask();
    await core.service.cancel(first.id, as(ADMIN));
    expect((await stored(first.id)).approval?.status).toBe('withdrawn');
    const second = await ask();
    await core.service.cancel(second.id, as(SECOND_ADMIN));
    expect(await stored(second.id)).toMatchObject({
      state: 'cancelled',
      executor: { id: SECOND_ADMIN },
      approval: { status: 'rejected' },
    });
    expect(await core.service.confirm(first.id, as(SECOND_ADMIN))).toMatchObject({ reply: { alreadyDecided: true } });
    expect(graphActions()).toEqual([]);
  });

  it('an expired request can no longer be approved', async () => {
    const request = await ask();
    core.clock.advanceMinutes(61);
    const late = await core.service.confirm(request.id, as(SECOND_ADMIN));
    expect(late).toMatchObject({ audience: 'everyone', reply: { type: 'operation', operation: { state: 'expired' } } });
    expect(graphActions()).toEqual([]);
  });

  it('the card refresh gives each viewer their view: the requester Withdraw, an approver Approve / Reject, others none', async () => {
    const request = await ask();
    const viewer = async (who: string) => {
      const r = await core.service.view(request.id, as(who));
      return r.reply.type === 'operation' ? [r.audience, r.reply.viewer] : [r.audience, r.reply.type];
    };
    expect(await viewer(ADMIN)).toEqual(['clicker', 'requester']);
    expect(await viewer(SECOND_ADMIN)).toEqual(['clicker', 'approver']);
    expect(await viewer(APPROVER)).toEqual(['clicker', 'approver']);
    expect(await viewer(READER)).toEqual(['clicker', 'onlooker']);
    expect(graphActions()).toEqual([]);
    // Past its time, a refresh settles it as expired, for everyone.
    core.clock.advanceMinutes(61);
    expect(await core.service.view(request.id, as(READER))).toMatchObject({
      audience: 'everyone',
      reply: { operation: { state: 'expired' } },
    });
  });

  it('a transient failure puts the request back to waiting, for the next click', async () => {
    const request = await ask();
    core.gateway.failNextAction = new AppError('graph.throttled', 'busy', { status: 429, retryAfterSeconds: 30 });
    const failed = await core.service.confirm(request.id, as(SECOND_ADMIN));
    expect(failed).toMatchObject({
      audience: 'clicker',
      reply: { type: 'operation', error: { kind: 'graph.throttled' } },
    });
    expect((await stored(request.id)).approval?.status).toBe('waiting');
    await core.service.confirm(request.id, as(APPROVER));
    expect(await stored(request.id)).toMatchObject({
      state: 'succeeded',
      executor: { id: APPROVER },
      approval: { status: 'approved' },
    });
  });

  it('an approver who asks for the same change elsewhere gets the request itself, with its buttons, and may approve it there', async () => {
    const request = await ask();
    const elsewhere = await core.service.handleCommand(
      { name: 'disconnect', partner: 'TeamViewer' },
      as(SECOND_ADMIN, 'a:lee'),
    );
    expect(elsewhere).toMatchObject({ type: 'confirm', copy: true, operation: { id: request.id } });
    if (elsewhere.type !== 'confirm') throw new Error(elsewhere.type);
    await core.service.cardPosted(elsewhere, cardIn('a:lee'));
    expect(await core.service.tellApprovers(elsewhere)).toBe(false); // it is not a new request
    expect(cards.own.get(request.id)).toBeUndefined(); // kept as a copy, not as the request's own card
    // Where it was asked, the same command says it is open (its card is there).
    expect(await core.service.handleCommand({ name: 'disconnect', partner: 'TeamViewer' }, as(ADMIN))).toMatchObject({
      type: 'operationOpen',
      here: true,
    });
    await core.service.confirm(request.id, as(SECOND_ADMIN, 'a:lee'));
    expect(await stored(request.id)).toMatchObject({ state: 'succeeded', executor: { id: SECOND_ADMIN } });
  });

  describe("the approvers' channel", () => {
    const approversAddress = (): ConversationAddress => ({
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/',
      conversationId: `${APPROVERS};messageid=9`,
      kind: 'channel',
      tenantId: TENANT,
      botId: '28:bot',
    });
    const setHere = async (who = ADMIN, kind: 'channel' | 'personal' = 'channel') => {
      const ctx = as(who, `${APPROVERS};messageid=9`);
      return core.service.handleCommand(
        { name: 'approvals', partner: 'here' },
        { ...ctx, conversation: { ...ctx.conversation, kind }, address: approversAddress() },
      );
    };

    it('`approvals here` by an admin in a channel sets it (the channel, not the thread); elsewhere it says where it works', async () => {
      expect(await setHere(ADMIN, 'personal')).toMatchObject({ type: 'approvals', notHere: 'personal' });
      expect(await core.store.approvals.approvalChannel(TENANT)).toBeUndefined();
      expect(await setHere(READER)).toMatchObject({ type: 'denied', reason: 'readOnly' });
      const set = await setHere();
      expect(set).toMatchObject({
        type: 'approvals',
        set: true,
        policy: { required: true, ttlMinutes: 60 },
        channel: { address: { conversationId: APPROVERS }, setBy: { id: ADMIN } },
      });
      expect(await core.service.handleCommand({ name: 'approvals' }, as(SECOND_ADMIN))).toMatchObject({
        type: 'approvals',
        channel: { address: { conversationId: APPROVERS } },
      });
    });

    it('a request is posted there too; approving from there works and replaces the card where it was asked', async () => {
      await setHere();
      const asked = await core.service.handleCommand({ name: 'disconnect', partner: 'TeamViewer' }, as(ADMIN));
      if (asked.type !== 'confirm') throw new Error(asked.type);
      await cards.save(asked.operation.id, cardIn(ASKED_IN));
      expect(await core.service.tellApprovers(asked)).toBe(true);
      expect(cards.posted.map((p) => [p.address.conversationId, p.reply.type])).toEqual([[APPROVERS, 'confirm']]);

      const approved = await core.service.confirm(
        asked.operation.id,
        as(SECOND_ADMIN, `${APPROVERS};messageid=posted-1`),
      );
      expect(approved.audience).toBe('everyone');
      expect(graphActions()).toHaveLength(1);
      // The card where it was asked is replaced by the service; the clicked one is the host's.
      expect(
        cards.updated.map((u) => [u.card.conversationId, u.reply.type === 'operation' && u.reply.operation.state]),
      ).toEqual([[ASKED_IN, 'succeeded']]);
    });

    it('a click from a conversation that has no card of the request is refused', async () => {
      await setHere();
      const request = await ask();
      const elsewhere = await core.service.confirm(request.id, as(SECOND_ADMIN, '19:elsewhere@thread.tacv2'));
      expect(elsewhere).toMatchObject({ audience: 'clicker', reply: { type: 'denied', reason: 'otherConversation' } });
      expect(graphActions()).toEqual([]);
    });

    it("without an approvers' channel nothing is posted, and a request asked in that channel is not posted twice", async () => {
      const asked = await core.service.handleCommand({ name: 'disconnect', partner: 'TeamViewer' }, as(ADMIN));
      expect(await core.service.tellApprovers(asked)).toBe(false);
      if (asked.type !== 'confirm') throw new Error(asked.type);
      await core.service.cancel(asked.operation.id, as(ADMIN));
      await setHere();
      const inChannel = await core.service.handleCommand(
        { name: 'disconnect', partner: 'TeamViewer' },
        as(ADMIN, `${APPROVERS};messageid=77`),
      );
      expect(await core.service.tellApprovers(inChannel)).toBe(false);
      expect(cards.posted).toEqual([]);
    });
  });
});
