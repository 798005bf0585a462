/**
 * The rule in force at the click decides, never the rule in force when the request was made (design.md, "Edges,
 * decided"). Changing `approval.required` between the request and the click plays what a restart with other
 * settings, or a rolling deployment whose instances disagree, does to the bot: the next click is answered by an
 * instance that reads the new setting. The end-to-end proof (two bot processes on one database) is
 * test/e2e/policy-change.test.ts.
 */
import type { RequestContext } from '../../src/core/context';
import { AppError } from '../../src/core/errors';
import type { ActionResult } from '../../src/core/replies';
import { ADMIN, inMemoryCore, SECOND_ADMIN, type Core } from './support/in-memory-ports';

const CHANNEL = '19:helpdesk@thread.tacv2';

describe('the approval rule in force at the click decides', () => {
  let core: Core;
  beforeEach(async () => {
    core = await inMemoryCore();
  });
  afterEach(() => core.close());

  const as = (who: string): RequestContext => {
    const ctx = core.as(who, { conversationId: CHANNEL, kind: 'channel' });
    return { ...ctx, actor: { ...ctx.actor, channelUserId: `29:${who}` } };
  };
  const ask = async (who = ADMIN) => {
    const reply = await core.service.handleCommand({ name: 'disconnect', partner: 'TeamViewer' }, as(who));
    if (reply.type !== 'confirm') throw new Error(`expected a confirmation, got ${reply.type}`);
    return reply.operation;
  };
  const graphActions = () =>
    core.gateway.calls.filter((c) => c.startsWith('disconnect') || c.startsWith('beginOnboarding'));
  const stored = async (id: string) => (await core.store.operations.get(id))!;
  const shown = (r: ActionResult) => (r.reply.type === 'operation' ? r.reply : undefined);

  it('a plain confirmation clicked after approval became required turns into a request for approval, for everyone; Graph is not called', async () => {
    const confirmation = await ask();
    expect(confirmation.approval).toBeUndefined();
    core.approval.required = true;
    core.approval.approverUsers = 1;

    const answer = await core.service.confirm(confirmation.id, as(ADMIN));

    expect(graphActions()).toEqual([]);
    expect(answer.audience).toBe('everyone');
    expect(shown(answer)).toMatchObject({
      operation: { state: 'pending', approval: { status: 'waiting', requesterChannelId: `29:${ADMIN}` } },
      approvalNowRequired: true,
    });
    const record = await stored(confirmation.id);
    expect(record).toMatchObject({ state: 'pending', approval: { status: 'waiting' } });
    // The request may be approved for as long as any request under approval.
    expect(Date.parse(record.expiresAt)).toBe(core.clock.now().getTime() + 60 * 60_000);
    // The history says why the click did not act.
    const denied = await core.store.operations.history({ tenantId: record.tenantId, states: ['denied'], limit: 5 });
    expect(denied.map((d) => [d.requester.id, d.errorKind])).toEqual([[ADMIN, 'authz.approvalRequired']]);
  });

  it('the requester cannot then approve it; a second admin can, and only then does Graph act, once', async () => {
    const confirmation = await ask();
    core.approval.required = true;
    core.approval.approverUsers = 1;
    await core.service.confirm(confirmation.id, as(ADMIN));

    const own = await core.service.confirm(confirmation.id, as(ADMIN));
    expect(own.reply).toMatchObject({ type: 'denied', reason: 'ownRequest' });
    expect(graphActions()).toEqual([]);

    const approved = await core.service.confirm(confirmation.id, as(SECOND_ADMIN));
    expect(shown(approved)?.operation).toMatchObject({
      state: 'succeeded',
      requester: { id: ADMIN },
      executor: { id: SECOND_ADMIN },
      approval: { status: 'approved' },
    });
    expect(graphActions()).toHaveLength(1);
  });

  it("a second admin's click on a plain Disconnect is not taken as an approval: the card becomes the request, without the requester's own view", async () => {
    const confirmation = await ask();
    core.approval.required = true;
    core.approval.approverUsers = 1;

    const answer = await core.service.confirm(confirmation.id, as(SECOND_ADMIN));
    expect(graphActions()).toEqual([]);
    expect(shown(answer)?.operation.approval).toEqual({ status: 'waiting' });
    // The click that converted it was not an informed approval; an approval click is.
    const approved = await core.service.confirm(confirmation.id, as(SECOND_ADMIN));
    expect(shown(approved)?.operation).toMatchObject({ state: 'succeeded', executor: { id: SECOND_ADMIN } });
  });

  it('Cancel on the old card still cancels it (nothing reaches Graph either way)', async () => {
    const confirmation = await ask();
    core.approval.required = true;
    const answer = await core.service.cancel(confirmation.id, as(ADMIN));
    expect(shown(answer)?.operation.state).toBe('cancelled');
    expect(graphActions()).toEqual([]);
  });

  it("Intune's 403 to one approver's click is a refusal of that approver, not of the request: it waits for another, who may approve it", async () => {
    core.approval.required = true;
    core.approval.approverUsers = 1;
    const request = await ask();
    core.gateway.failNextAction = new AppError('graph.forbidden', 'Intune: not permitted', { status: 403 });
    const refused = await core.service.confirm(request.id, as(SECOND_ADMIN));
    expect(refused.audience).toBe('clicker');
    expect(shown(refused)).toMatchObject({
      viewer: 'onlooker',
      cannotApprove: { enforced: true },
      error: { kind: 'graph.forbidden' },
    });
    expect(await stored(request.id)).toMatchObject({ state: 'pending', approval: { status: 'waiting' } });
    const approved = await core.service.confirm(request.id, as(SECOND_ADMIN));
    expect(shown(approved)?.operation.state).toBe('succeeded');
  });

  it('a request asked under approval, clicked after approval was switched off, follows the rule now in force: one admin may act', async () => {
    core.approval.required = true;
    core.approval.approverUsers = 1;
    const request = await ask();
    expect(request.approval).toMatchObject({ status: 'waiting' });
    core.approval.required = false;

    const answer = await core.service.confirm(request.id, as(ADMIN));
    expect(shown(answer)?.operation).toMatchObject({
      state: 'succeeded',
      executor: { id: ADMIN },
      approval: { status: 'approved' },
    });
    expect(graphActions()).toHaveLength(1);
  });
});
