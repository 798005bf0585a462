/**
 * Outcomes that are never guessed, with in-memory ports: a lost answer is settled by one read of the partner
 * (never by a second action), a store failure after Graph's 204 never turns the success into a failure, a
 * partner has one open operation at a time, and an operation's card works only in its own tenant and
 * conversation.
 */
import { AppError } from '../../src/core/errors';
import type { OperationRecord } from '../../src/core/model';
import type { ActionResult, Reply } from '../../src/core/replies';
import { ADMIN, inMemoryCore, SECOND_ADMIN, TENANT, type Core } from './support/in-memory-ports';

/** The admins' shared chat: a card there may be clicked by anybody in it. */
const TEAM = { conversationId: '19:admins@thread.v2' };

describe('outcomes (in-memory ports)', () => {
  let core: Core;
  beforeEach(async () => {
    core = await inMemoryCore();
  });
  afterEach(() => core.close());

  const ask = async (text: string, who = ADMIN, where = TEAM): Promise<Reply> => {
    const [name, partner] = text.split(' ');
    return core.service.handleCommand({ name: name as 'disconnect', partner }, core.as(who, where));
  };
  const asked = async (text: string, who = ADMIN, where = TEAM) => {
    const reply = await ask(text, who, where);
    if (reply.type !== 'confirm') throw new Error(`expected a confirmation card, got ${reply.type}`);
    return reply.operation;
  };
  const click = (id: string, who = ADMIN, where = TEAM) => core.service.confirm(id, core.as(who, where));
  const record = async (id: string) => (await core.store.operations.get(id)) as OperationRecord;
  const actions = () => core.gateway.calls.filter((c) => c.startsWith('disconnect') || c.startsWith('beginOnboarding'));
  const reads = () => core.gateway.calls.filter((c) => c.startsWith('get '));
  const shown = (result: ActionResult) => (result.reply.type === 'operation' ? result.reply.operation : undefined);

  describe('an answer that was lost', () => {
    it('Graph did act: one read settles it as succeeded, for everyone; the action is not sent again', async () => {
      const op = await asked('disconnect TeamViewer');
      core.gateway.loseNextAnswer = 'afterActing';
      const result = await click(op.id);
      expect(result.audience).toBe('everyone');
      expect(shown(result)).toMatchObject({ state: 'succeeded', settledBy: 'read' });
      expect(actions()).toEqual([`disconnect ${op.partnerId}`]);
      // One read right before the action (kept with the claim), one after the lost answer.
      expect(reads()).toEqual([`get ${op.partnerId}`, `get ${op.partnerId}`]);
      expect(await record(op.id)).toMatchObject({
        state: 'succeeded',
        settledBy: 'read',
        graphRequestId: expect.stringMatching(/^req-lost-/),
        completedAt: expect.any(String),
      });
      expect((await record(op.id)).errorKind).toBeUndefined();
    });

    it('Graph did not act: the read settles it as failed (answer lost, not applied), for everyone', async () => {
      const op = await asked('reconnect Contoso');
      core.gateway.loseNextAnswer = 'withoutActing';
      const result = await click(op.id);
      expect(result).toMatchObject({ audience: 'everyone', reply: { error: { kind: 'graph.outcomeUnknown' } } });
      expect(await record(op.id)).toMatchObject({
        state: 'failed',
        errorKind: 'graph.outcomeUnknown',
        settledBy: 'read',
      });
      expect(actions()).toEqual([`beginOnboarding ${op.partnerId}`]);
      expect(reads()).toHaveLength(2);
    });

    it('the read fails too: still unknown (running); nothing is sent again; a later status settles it from Graph', async () => {
      const op = await asked('disconnect TeamViewer');
      core.gateway.loseNextAnswer = 'afterActing';
      core.gateway.failReadAfterAction = new AppError('graph.network', 'down');
      const result = await click(op.id);
      expect(result.audience).toBe('everyone');
      expect(shown(result)).toMatchObject({ state: 'running', errorKind: 'graph.outcomeUnknown' });
      expect(await record(op.id)).toMatchObject({ state: 'running', errorKind: 'graph.outcomeUnknown' });
      // Another click, or the same command again, acts on nothing meanwhile.
      expect(shown(await click(op.id, SECOND_ADMIN))).toMatchObject({ state: 'running' });
      expect(await ask('disconnect TeamViewer', SECOND_ADMIN)).toMatchObject({
        type: 'operationOpen',
        operation: { id: op.id, state: 'running' },
      });
      expect(actions()).toHaveLength(1);
      // Once the claim is older than the grace period, the partner's state settles it.
      core.clock.advanceMinutes(3);
      await ask('status TeamViewer');
      expect(await record(op.id)).toMatchObject({ state: 'succeeded', settledBy: 'read' });
      expect(actions()).toHaveLength(1);
    });
  });

  describe('a store failure after Graph acted', () => {
    it('is tried again: the success is recorded', async () => {
      const op = await asked('disconnect TeamViewer');
      core.flaky.failTransitions.set('succeeded', 2);
      const result = await click(op.id);
      expect(shown(result)).toMatchObject({ state: 'succeeded' });
      expect(core.flaky.failedWrites).toBe(2);
      expect(await record(op.id)).toMatchObject({ state: 'succeeded', settledBy: 'graph' });
    });

    it("stays down: the card still says what Graph did; the record is never failed, and is completed later from Graph's state", async () => {
      const op = await asked('disconnect TeamViewer');
      core.flaky.failTransitions.set('succeeded', 4); // every try of this click
      const result = await click(op.id);
      expect(result.audience).toBe('everyone');
      expect(shown(result)).toMatchObject({ state: 'succeeded', executor: { id: ADMIN } });
      expect(await record(op.id)).toMatchObject({ state: 'running' });
      // The store is back. Within the grace period the record is still "in progress"; then reconcile (status,
      // or the next disconnect/reconnect of the partner) finds it and settles it from the partner's state.
      core.clock.advanceMinutes(3);
      expect(await ask('reconnect TeamViewer')).toMatchObject({ type: 'confirm' });
      expect(await record(op.id)).toMatchObject({ state: 'succeeded', settledBy: 'read' });
      expect(actions()).toHaveLength(1);
    });
  });

  describe('one open operation per partner', () => {
    it('a second disconnect answers with the open one, pending or running, here or elsewhere; never a second card', async () => {
      const op = await asked('disconnect TeamViewer');
      expect(await ask('disconnect TeamViewer', SECOND_ADMIN)).toMatchObject({
        type: 'operationOpen',
        here: true,
        operation: { id: op.id, state: 'pending' },
      });
      expect(await ask('disconnect TeamViewer', SECOND_ADMIN, { conversationId: 'a:elsewhere' })).toMatchObject({
        type: 'operationOpen',
        here: false,
        operation: { id: op.id },
      });
      const open = await core.store.operations.history({
        tenantId: TENANT,
        partnerId: op.partnerId,
        states: ['pending', 'running'],
        limit: 10,
      });
      expect(open.map((r) => r.id)).toEqual([op.id]);
    });

    it('two admins at once: one card, the other sees it; one click, one Graph call', async () => {
      const [a, b] = await Promise.all([
        ask('disconnect TeamViewer', ADMIN),
        ask('disconnect TeamViewer', SECOND_ADMIN),
      ]);
      const types = [a.type, b.type].sort();
      expect(types).toEqual(['confirm', 'operationOpen']);
      const card = (a.type === 'confirm' ? a : b) as Extract<Reply, { type: 'confirm' }>;
      const other = (a.type === 'confirm' ? b : a) as Extract<Reply, { type: 'operationOpen' }>;
      expect(other.operation.id).toBe(card.operation.id);
      await Promise.all([click(card.operation.id, ADMIN), click(card.operation.id, SECOND_ADMIN)]);
      expect(actions()).toEqual([`disconnect ${card.operation.partnerId}`]);
    });

    it('a cancelled or expired card no longer holds the partner', async () => {
      const first = await asked('disconnect TeamViewer');
      await core.service.cancel(first.id, core.as(ADMIN, TEAM));
      const second = await asked('disconnect TeamViewer');
      core.clock.advanceMinutes(16);
      const third = await asked('disconnect TeamViewer');
      expect(new Set([first.id, second.id, third.id]).size).toBe(3);
      expect((await record(second.id)).state).toBe('expired');
    });
  });

  describe('whose card a click may touch', () => {
    it('a click from another conversation is refused with a clear card and recorded; Graph is not called', async () => {
      const op = await asked('disconnect TeamViewer');
      const elsewhere = { conversationId: 'a:elsewhere' };
      expect(await click(op.id, SECOND_ADMIN, elsewhere)).toEqual({
        audience: 'clicker',
        reply: {
          type: 'denied',
          reason: 'otherConversation',
          actor: { id: SECOND_ADMIN, name: SECOND_ADMIN },
          contact: undefined,
        },
      });
      expect(await core.service.cancel(op.id, core.as(ADMIN, elsewhere))).toMatchObject({
        reply: { type: 'denied', reason: 'otherConversation' },
      });
      expect(actions()).toEqual([]);
      expect((await record(op.id)).state).toBe('pending');
      const denied = await core.store.operations.history({ tenantId: TENANT, states: ['denied'], limit: 10 });
      expect(denied.map((d) => [d.errorKind, d.kind, d.partnerId, d.conversationId, d.executor?.id])).toEqual([
        ['authz.otherConversation', 'disconnect', op.partnerId, 'a:elsewhere', ADMIN],
        ['authz.otherConversation', 'disconnect', op.partnerId, 'a:elsewhere', SECOND_ADMIN],
      ]);
    });

    it('a channel card is clicked from its thread: the reply chain suffix of the conversation id is the same channel', async () => {
      const thread = { conversationId: '19:general@thread.tacv2;messageid=1700000000000' };
      const op = await asked('disconnect TeamViewer', ADMIN, thread);
      expect(shown(await click(op.id, SECOND_ADMIN, { conversationId: '19:general@thread.tacv2' }))).toMatchObject({
        state: 'succeeded',
      });
    });

    it("a click from another tenant learns nothing (unknown request), and is recorded in the operation's tenant", async () => {
      const op = await asked('disconnect TeamViewer');
      const outsider = core.as(ADMIN, TEAM);
      outsider.actor.tenantId = 'tenant-b';
      expect(await core.service.confirm(op.id, outsider)).toEqual({
        reply: { type: 'operationUnknown' },
        audience: 'clicker',
      });
      expect(actions()).toEqual([]);
      const denied = await core.store.operations.history({ tenantId: TENANT, states: ['denied'], limit: 10 });
      expect(denied.map((d) => [d.errorKind, d.partnerId])).toEqual([['authz.wrongTenant', op.partnerId]]);
      expect(await core.store.operations.history({ tenantId: 'tenant-b', limit: 10 })).toEqual([]);
    });
  });
});
