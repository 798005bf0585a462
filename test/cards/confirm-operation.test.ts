import { type ExecuteAction } from '../../src/cards';
import { renderReply } from '../../src/commands';
import { executeActions, factValue, textBlocks, visibleText } from './card-shape';
import { appError, operation, partner } from './fixtures';

const EN = { locale: 'en-US', timeZone: 'Europe/Berlin' };
const ZH = { locale: 'zh-CN', timeZone: 'Asia/Shanghai' };
const bob = { id: 'user-bob', name: 'Bob Operator' };

const byVerb = (actions: ExecuteAction[], verb: string) => actions.filter((a) => a.verb === verb);

describe('confirm card', () => {
  const reply = { type: 'confirm' as const, operation: operation(), partner: partner() };

  it('asks to disconnect the named partner, with its state, the effect, who asked and until when', () => {
    const card = renderReply(reply, EN);
    const text = visibleText(card);
    expect(textBlocks(card)[0].text).toBe('Disconnect TeamViewer Connector?');
    expect(textBlocks(card)[0].style).toBe('heading');
    expect(factValue(card, 'Status')).toBe('Onboarded (connected)');
    expect(factValue(card, 'Last connection')).toBe('2026-11-28 09:30 UTC (10:30 Europe/Berlin)');
    expect(text).toContain('Disconnecting stops remote sessions through this connector until it is onboarded again.');
    expect(text).toContain('Requested by Alice Admin at 2026-11-28 10:00 UTC (11:00 Europe/Berlin).');
    expect(text).toContain('This request expires at 2026-11-28 10:15 UTC (11:15 Europe/Berlin).');
  });

  it('has Disconnect (destructive, op.confirm) and Cancel (op.cancel) with the operation id', () => {
    const card = renderReply(reply, EN);
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Disconnect',
        verb: 'op.confirm',
        data: { operationId: 'op-7f3a' },
        style: 'destructive',
      },
      { type: 'Action.Execute', title: 'Cancel', verb: 'op.cancel', data: { operationId: 'op-7f3a' } },
    ]);
  });

  it('an earlier card of a request continued elsewhere says where and by whom, and keeps its buttons', () => {
    const continued = { by: bob, at: '2026-11-28T10:05:00.000Z', where: 'personal' as const };
    const card = renderReply({ ...reply, continued }, EN);
    expect(visibleText(card)).toContain(
      'Continued in a personal chat by Bob Operator at 2026-11-28 10:05 UTC (11:05 Europe/Berlin). Both cards work: the first click decides.',
    );
    expect(executeActions(card).map((a) => a.verb)).toEqual(['op.confirm', 'op.cancel']);
    expect(visibleText(renderReply({ ...reply, continued: { ...continued, where: 'channel' } }, ZH))).toContain(
      'Bob Operator 于 2026-11-28 10:05 UTC（Asia/Shanghai 18:05） 在频道中继续处理此请求',
    );
    expect(visibleText(renderReply({ ...reply, continued: { ...continued, where: 'groupChat' } }, EN))).toContain(
      'Continued in a group chat by Bob Operator',
    );
    expect(visibleText(renderReply(reply, EN))).not.toContain('Continued');
  });

  it('reads in Chinese for zh-CN', () => {
    const card = renderReply(reply, ZH);
    const text = visibleText(card);
    expect(textBlocks(card)[0].text).toBe('断开 TeamViewer Connector 的连接？');
    expect(text).toContain('断开连接后');
    expect(text).toContain('2026-11-28 10:00 UTC（Asia/Shanghai 18:00）');
    expect(card.actions?.map((a) => a.title)).toEqual(['断开连接', '取消']);
  });

  it('asks to reconnect with a positive Reconnect button', () => {
    const card = renderReply(
      {
        type: 'confirm',
        operation: operation({ kind: 'reconnect' }),
        partner: partner({ onboardingStatus: 'notOnboarded' }),
      },
      EN,
    );
    expect(textBlocks(card)[0].text).toBe('Reconnect TeamViewer Connector?');
    expect(visibleText(card)).toMatch(/starts onboarding again/);
    expect(card.actions?.[0]).toEqual({
      type: 'Action.Execute',
      title: 'Reconnect',
      verb: 'op.confirm',
      data: { operationId: 'op-7f3a' },
      style: 'positive',
    });
    expect(card.actions?.[1]).toMatchObject({ verb: 'op.cancel', title: 'Cancel' });
  });
});

describe('operation card', () => {
  const succeeded = operation({
    state: 'succeeded',
    executor: bob,
    completedAt: '2026-11-28T10:04:00Z',
    updatedAt: '2026-11-28T10:04:00Z',
    graphRequestId: 'req-1',
  });

  it('succeeded: Disconnected, the partner, the new state, by whom and when', () => {
    const card = renderReply({ type: 'operation', operation: succeeded, alreadyDecided: false }, EN);
    expect(textBlocks(card)[0].text).toBe('Disconnected');
    expect(factValue(card, 'Partner')).toBe('TeamViewer Connector');
    expect(factValue(card, 'New state')).toBe('Not onboarded (disconnected)');
    expect(factValue(card, 'By')).toBe('Bob Operator');
    expect(factValue(card, 'When')).toBe('2026-11-28 10:04 UTC (11:04 Europe/Berlin)');
    expect(visibleText(card)).toContain('Request ID: req-1');
    expect(visibleText(card)).not.toContain('already done');
    expect(executeActions(card).every((a) => a.verb === 'command')).toBe(true);
  });

  it('succeeded in zh-CN', () => {
    const card = renderReply({ type: 'operation', operation: succeeded, alreadyDecided: false }, ZH);
    expect(textBlocks(card)[0].text).toBe('已断开连接');
    expect(factValue(card, '执行人')).toBe('Bob Operator');
    expect(factValue(card, '新状态')).toContain('未载入');
  });

  it('a stale click: "This was already done by X at T"', () => {
    const card = renderReply({ type: 'operation', operation: succeeded, alreadyDecided: true }, EN);
    expect(visibleText(card)).toContain(
      'This was already done by Bob Operator at 2026-11-28 10:04 UTC (11:04 Europe/Berlin).',
    );
  });

  it('reconnect succeeded: Reconnection started, now onboarding', () => {
    const card = renderReply(
      { type: 'operation', operation: { ...succeeded, kind: 'reconnect' }, alreadyDecided: false },
      EN,
    );
    expect(textBlocks(card)[0].text).toBe('Reconnection started');
    expect(factValue(card, 'New state')).toMatch(/^Onboarding/);
  });

  it('running: in progress, started by the executor; no buttons that act', () => {
    const card = renderReply(
      { type: 'operation', operation: operation({ state: 'running', executor: bob }), alreadyDecided: false },
      EN,
    );
    expect(visibleText(card)).toContain('In progress (started by Bob Operator).');
    expect(executeActions(card).filter((a) => a.verb !== 'command')).toEqual([]);
  });

  it('cancelled: by whom', () => {
    const card = renderReply(
      { type: 'operation', operation: operation({ state: 'cancelled', executor: bob }), alreadyDecided: false },
      EN,
    );
    expect(visibleText(card)).toContain('Cancelled by Bob Operator.');
    expect(byVerb(executeActions(card), 'op.confirm')).toEqual([]);
  });

  it('expired: ask again, with a Try again button that runs the command again for the same partner', () => {
    const card = renderReply(
      { type: 'operation', operation: operation({ state: 'expired' }), alreadyDecided: false },
      EN,
    );
    expect(visibleText(card)).toContain('This request expired. Ask again.');
    expect(card.actions).toContainEqual({
      type: 'Action.Execute',
      title: 'Try again',
      verb: 'command',
      data: { command: 'disconnect', partner: partner().id },
    });
    expect(byVerb(executeActions(card), 'op.confirm')).toEqual([]);
    const again = renderReply(
      { type: 'operation', operation: operation({ state: 'expired', kind: 'reconnect' }), alreadyDecided: false },
      EN,
    );
    expect(again.actions?.[0]).toMatchObject({
      verb: 'command',
      data: { command: 'reconnect', partner: partner().id },
    });
  });

  it('failed: the error text and the request ids', () => {
    const error = appError('graph.forbidden', { requestId: 'req-9', clientRequestId: 'cli-9', status: 403 });
    const card = renderReply(
      {
        type: 'operation',
        operation: operation({ state: 'failed', executor: bob, errorKind: 'graph.forbidden' }),
        alreadyDecided: false,
        error,
      },
      EN,
    );
    const text = visibleText(card);
    expect(textBlocks(card)[0].text).toBe('Disconnect failed');
    expect(text).toContain('Not permitted in Intune');
    expect(text).toMatch(/Intune role/);
    const ids = textBlocks(card).find((b) => b.text.includes('req-9'));
    expect(ids).toMatchObject({ text: 'Request ID: req-9 · Client request ID: cli-9', size: 'Small', isSubtle: true });
    // Not permitted is permanent: no Try again, only the partner's status.
    expect(executeActions(card).map((a) => a.title)).toEqual(['Status']);
  });

  it('failed: Try again only where it can help (the change was not applied), not after a 404', () => {
    const notApplied = renderReply(
      {
        type: 'operation',
        operation: operation({ state: 'failed', errorKind: 'graph.outcomeUnknown' }),
        alreadyDecided: false,
      },
      EN,
    );
    expect(executeActions(notApplied).map((a) => a.title)).toEqual(['Try again', 'Status']);
    const gone = renderReply(
      {
        type: 'operation',
        operation: operation({ state: 'failed', errorKind: 'graph.notFound' }),
        alreadyDecided: false,
      },
      EN,
    );
    expect(executeActions(gone).map((a) => a.title)).not.toContain('Try again');
  });

  it('failed, seen later from the record only: the recorded kind and request id', () => {
    const card = renderReply(
      {
        type: 'operation',
        operation: operation({ state: 'failed', errorKind: 'graph.notFound', graphRequestId: 'req-7' }),
        alreadyDecided: true,
      },
      EN,
    );
    expect(visibleText(card)).toContain('Partner not found');
    expect(visibleText(card)).toContain('Request ID: req-7');
    expect(visibleText(card)).toMatch(/already failed at/);
  });

  it('pending after a throttled click: the error, and the Disconnect / Cancel buttons still there', () => {
    const error = appError('graph.throttled', { retryAfterSeconds: 30, requestId: 'req-3' });
    const card = renderReply(
      { type: 'operation', operation: operation({ errorKind: 'graph.throttled' }), alreadyDecided: false, error },
      EN,
    );
    const text = visibleText(card);
    expect(text).toContain('Try again in 30 s.');
    expect(text).toContain('Nothing was changed');
    expect(text).toContain('Request ID: req-3');
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Disconnect',
        verb: 'op.confirm',
        data: { operationId: 'op-7f3a' },
        style: 'destructive',
      },
      { type: 'Action.Execute', title: 'Cancel', verb: 'op.cancel', data: { operationId: 'op-7f3a' } },
    ]);
  });

  it('denied: the denial text, no buttons', () => {
    const card = renderReply(
      {
        type: 'operation',
        operation: operation({ state: 'denied', executor: bob, errorKind: 'authz.readOnly' }),
        alreadyDecided: false,
      },
      EN,
    );
    expect(visibleText(card)).toContain('Bob Operator was not allowed to do this.');
    expect(visibleText(card)).toContain('You may view the partners');
    expect(card.actions).toBeUndefined();
  });

  it('shows "someone" when a person has no name', () => {
    const card = renderReply(
      {
        type: 'operation',
        operation: operation({ state: 'cancelled', executor: { id: 'x', name: '  ' } }),
        alreadyDecided: false,
      },
      EN,
    );
    expect(visibleText(card)).toContain('Cancelled by someone.');
  });
});
