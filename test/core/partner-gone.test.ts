/**
 * The partner is deleted between the request and the click: the click's read of the partner (kept as the evidence
 * before the action) gets Graph's 404. Nothing is sent, and the request fails for everyone with "the partner is
 * gone" and no Try again, as the action's own 404 would have failed it: not a request left open with buttons that
 * can only get the same answer until it expires.
 */
import type { RequestContext } from '../../src/core/context';
import { AppError } from '../../src/core/errors';
import { ADMIN, inMemoryCore, SECOND_ADMIN, type Core } from './support/in-memory-ports';

describe('a click on a partner that is gone', () => {
  let core: Core;
  beforeEach(async () => {
    core = await inMemoryCore();
  });
  afterEach(() => core.close());

  const as = (who: string): RequestContext =>
    core.as(who, { conversationId: '19:helpdesk@thread.tacv2', kind: 'channel' });
  const graphActions = () =>
    core.gateway.calls.filter((c) => c.startsWith('disconnect') || c.startsWith('beginOnboarding'));

  it('fails the request for everyone, sends nothing, and a later click says it was already decided', async () => {
    const asked = await core.service.handleCommand({ name: 'disconnect', partner: 'TeamViewer' }, as(ADMIN));
    if (asked.type !== 'confirm') throw new Error(`expected a confirmation, got ${asked.type}`);
    core.gateway.failNextGet = new AppError('graph.notFound', 'Graph: 404 ResourceNotFound', {
      status: 404,
      requestId: 'req-gone',
    });

    const answer = await core.service.confirm(asked.operation.id, as(ADMIN));
    expect(answer.audience).toBe('everyone');
    expect(answer.reply).toMatchObject({
      type: 'operation',
      operation: { state: 'failed', errorKind: 'graph.notFound', graphRequestId: 'req-gone', settledBy: 'graph' },
    });
    expect(graphActions()).toEqual([]);
    expect(await core.store.operations.get(asked.operation.id)).toMatchObject({
      state: 'failed',
      executor: { id: ADMIN },
    });

    const later = await core.service.confirm(asked.operation.id, as(SECOND_ADMIN));
    expect(later.reply).toMatchObject({ type: 'operation', operation: { state: 'failed' }, alreadyDecided: true });
    expect(graphActions()).toEqual([]);
  });
});
