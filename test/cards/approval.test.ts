/**
 * Two-person approval as people see it: the request card (buttons per viewer, and the refresh that asks
 * Teams for the requester's own view), the decided cards and the history, in both languages. The `approvals`
 * card and the own-request denial: approvals-command.test.ts.
 */
import { type AdaptiveCard } from '../../src/cards';
import { renderReply } from '../../src/commands';
import type { ActionRecord } from '../../src/core/model';
import type { ApprovalViewer, Reply } from '../../src/core/replies';
import { assertValidCard, executeActions, factValue, textBlocks, visibleText } from './card-shape';
import { ALICE_MRI, appError, approvalOperation, everyReply, operation, partner } from './fixtures';

const EN = { locale: 'en-US', timeZone: 'Europe/Berlin' };
const ZH = { locale: 'zh-CN', timeZone: 'Asia/Shanghai' };
const bob = { id: 'user-bob', name: 'Bob Operator' };
const alice = { id: 'user-alice', name: 'Alice Admin' };

const confirm = (op: ActionRecord, viewer?: ApprovalViewer): Reply => ({
  type: 'confirm',
  operation: op,
  partner: partner(),
  ...(viewer ? { viewer } : {}),
});
const opReply = (op: ActionRecord, extra: Partial<Extract<Reply, { type: 'operation' }>> = {}): Reply => ({
  type: 'operation',
  operation: op,
  alreadyDecided: false,
  ...extra,
});
const render = (reply: Reply, view = EN): AdaptiveCard => {
  const card = renderReply(reply, view);
  assertValidCard(card);
  return card;
};
const buttons = (card: AdaptiveCard) => executeActions(card).map((a) => [a.verb, a.title, a.data, a.style]);

const approved = approvalOperation(
  { state: 'running', executor: bob },
  { status: 'approved', decidedAt: '2026-11-28T10:03:00Z' },
);

describe('a request waiting for approval', () => {
  it('says what is asked, by whom and when, that another person must approve, and until when', () => {
    const card = render(confirm(approvalOperation()));
    const text = visibleText(card);
    expect(textBlocks(card)[0]).toMatchObject({
      text: 'Approval needed: disconnect TeamViewer Connector',
      style: 'heading',
      color: 'Attention',
    });
    expect(factValue(card, 'Partner')).toBe('TeamViewer Connector');
    expect(factValue(card, 'Status')).toBe('Onboarded (connected)');
    expect(factValue(card, 'State')).toBe('Waiting for approval');
    expect(text).toContain('Disconnecting stops remote sessions through this connector until it is onboarded again.');
    expect(text).toContain('Requested by Alice Admin at 2026-11-28 10:00 UTC (11:00 Europe/Berlin).');
    expect(text).toContain('Waiting for another admin or approver.');
    expect(text).toContain('It can be approved until 2026-11-28 10:15 UTC (11:15 Europe/Berlin); then it expires.');
    expect(card.fallbackText).toBe('Approval needed: disconnect TeamViewer Connector');
  });

  it('names a reconnect as such, with the reconnect effect', () => {
    const card = render(confirm(approvalOperation({ kind: 'reconnect' })));
    expect(textBlocks(card)[0].text).toBe('Approval needed: reconnect TeamViewer Connector');
    expect(textBlocks(card)[0].color).toBeUndefined();
    expect(visibleText(card)).toMatch(/starts onboarding again/);
  });

  it.each([
    ['the card everybody sees', undefined],
    ['an approver', 'approver' as const],
  ])("%s: Approve (op.confirm, the kind's style) and Reject (op.reject)", (_, viewer) => {
    for (const reply of [confirm(approvalOperation(), viewer), opReply(approvalOperation(), { viewer })]) {
      const card = render(reply);
      expect(buttons(card)).toEqual([
        ['op.confirm', 'Approve', { operationId: 'op-7f3a' }, 'destructive'],
        ['op.reject', 'Reject', { operationId: 'op-7f3a' }, undefined],
      ]);
      expect(visibleText(card)).not.toContain('You asked for this');
    }
    const reconnect = render(confirm(approvalOperation({ kind: 'reconnect' }), viewer));
    expect(buttons(reconnect)[0]).toEqual(['op.confirm', 'Approve', { operationId: 'op-7f3a' }, 'positive']);
  });

  it('the requester: only Withdraw (op.cancel), and why they cannot approve', () => {
    for (const reply of [
      confirm(approvalOperation(), 'requester'),
      opReply(approvalOperation(), { viewer: 'requester' }),
    ]) {
      const card = render(reply);
      expect(buttons(card)).toEqual([['op.cancel', 'Withdraw', { operationId: 'op-7f3a' }, undefined]]);
      expect(visibleText(card)).toContain('You asked for this; another admin or approver must approve it.');
    }
  });

  it('an onlooker: no buttons, and who can decide', () => {
    const card = render(confirm(approvalOperation(), 'onlooker'));
    expect(card.actions).toBeUndefined();
    expect(executeActions(card)).toEqual([]);
    expect(visibleText(card)).toContain(
      'Only an admin or approver other than the requester can approve or reject this request.',
    );
  });

  it("asks Teams for the requester's own view: refresh with op.view and the requester's MRI, whoever the card is for", () => {
    for (const viewer of [undefined, 'approver', 'requester', 'onlooker'] as const) {
      for (const reply of [confirm(approvalOperation(), viewer), opReply(approvalOperation(), { viewer })]) {
        expect(render(reply).refresh).toEqual({
          action: { type: 'Action.Execute', title: 'Refresh', verb: 'op.view', data: { operationId: 'op-7f3a' } },
          userIds: [ALICE_MRI],
        });
      }
    }
  });

  it("keeps the refresh but lists nobody when the requester's id in the channel is not known", () => {
    const card = render(confirm(approvalOperation({}, { requesterChannelId: undefined })));
    expect(card.refresh).toEqual({
      action: expect.objectContaining({ verb: 'op.view', data: { operationId: 'op-7f3a' } }),
    });
  });

  it('after a transient failure of an Approve click: the error as the operation card shows it, the buttons still there', () => {
    const error = appError('graph.throttled', { retryAfterSeconds: 30, requestId: 'req-3' });
    const card = render(opReply(approvalOperation({ errorKind: 'graph.throttled' }), { error, viewer: 'approver' }));
    const text = visibleText(card);
    expect(textBlocks(card)[0].text).toBe('Approval needed: disconnect TeamViewer Connector');
    expect(text).toContain('Microsoft Graph is busy');
    expect(text).toContain('Try again in 30 s.');
    expect(text).toContain('Nothing was changed; the request still waits for approval.');
    expect(text).toContain('Request ID: req-3');
    expect(executeActions(card).map((a) => a.verb)).toEqual(['op.confirm', 'op.reject']);
    expect(card.refresh?.userIds).toEqual([ALICE_MRI]);
  });

  it('a plain confirmation (no approval) keeps Disconnect / Cancel and has no refresh', () => {
    for (const reply of [
      confirm(operation()),
      opReply(operation({ errorKind: 'graph.throttled' }), { error: appError('graph.throttled') }),
    ]) {
      const card = render(reply);
      expect(card.refresh).toBeUndefined();
      expect(executeActions(card).map((a) => [a.verb, a.title])).toEqual([
        ['op.confirm', 'Disconnect'],
        ['op.cancel', 'Cancel'],
      ]);
    }
  });

  it('reads in Chinese for zh-CN', () => {
    const card = render(confirm(approvalOperation()), ZH);
    const text = visibleText(card);
    expect(textBlocks(card)[0].text).toBe('需要审批：断开 TeamViewer Connector 的连接');
    expect(text).toContain('正在等待另一位管理员或审批人。');
    expect(text).toContain('2026-11-28 10:15 UTC（Asia/Shanghai 18:15）');
    expect(card.actions?.map((a) => a.title)).toEqual(['批准', '驳回']);
    expect(render(confirm(approvalOperation(), 'requester'), ZH).actions?.map((a) => a.title)).toEqual(['撤回']);
    expect(visibleText(render(confirm(approvalOperation(), 'onlooker'), ZH))).toContain(
      '只有请求人以外的管理员或审批人才能批准或驳回此请求。',
    );
  });
});

describe('a decided request', () => {
  const requested = 'Requested by Alice Admin at 2026-11-28 10:00 UTC (11:00 Europe/Berlin).';

  it('approved, running: who asked, who approved and when, in progress; no refresh, no buttons that act', () => {
    const card = render(opReply(approved));
    const text = visibleText(card);
    expect(textBlocks(card)[0].text).toBe('Disconnect in progress');
    expect(text).toContain(requested);
    expect(text).toContain('Approved by Bob Operator at 2026-11-28 10:03 UTC (11:03 Europe/Berlin).');
    expect(text).toContain('In progress (started by Bob Operator).');
    expect(card.refresh).toBeUndefined();
    expect(executeActions(card).filter((a) => a.verb !== 'command')).toEqual([]);
  });

  it('approved, succeeded: the usual outcome and the approval', () => {
    const op = { ...approved, state: 'succeeded' as const, completedAt: '2026-11-28T10:04:00Z' };
    const card = render(opReply(op));
    const text = visibleText(card);
    expect(textBlocks(card)[0].text).toBe('Disconnected');
    expect(text).toContain(requested);
    expect(text).toContain('Approved by Bob Operator at 2026-11-28 10:03 UTC (11:03 Europe/Berlin).');
    expect(factValue(card, 'By')).toBe('Bob Operator');
    expect(factValue(card, 'When')).toBe('2026-11-28 10:04 UTC (11:04 Europe/Berlin)');
    // Said once, in the lines above, not again as a fact.
    expect(factValue(card, 'Requested by')).toBeUndefined();
    expect(card.refresh).toBeUndefined();
  });

  it('approved, failed: the failure and the approval', () => {
    const op = {
      ...approved,
      state: 'failed' as const,
      errorKind: 'graph.forbidden',
      completedAt: '2026-11-28T10:04:00Z',
    };
    const card = render(opReply(op, { error: appError('graph.forbidden') }));
    expect(textBlocks(card)[0].text).toBe('Disconnect failed');
    expect(visibleText(card)).toContain('Not permitted in Intune');
    expect(visibleText(card)).toContain('Approved by Bob Operator at');
    expect(card.refresh).toBeUndefined();
  });

  it('rejected: the title says so (not "cancelled"), who rejected and when, nothing changed', () => {
    const op = approvalOperation(
      { state: 'cancelled', executor: bob },
      { status: 'rejected', decidedAt: '2026-11-28T10:03:00Z' },
    );
    const card = render(opReply(op));
    const text = visibleText(card);
    expect(textBlocks(card)[0].text).toBe('Request rejected');
    expect(card.fallbackText).toBe('Request rejected');
    expect(text).toContain(requested);
    expect(text).toContain('Rejected by Bob Operator at 2026-11-28 10:03 UTC (11:03 Europe/Berlin).');
    expect(text).toContain('Nothing was changed.');
    expect(text).not.toMatch(/cancel/i);
    expect(card.refresh).toBeUndefined();
    expect(executeActions(card).map((a) => a.verb)).toEqual(['command']);
  });

  it('withdrawn: by the requester, and when', () => {
    const op = approvalOperation(
      { state: 'cancelled', executor: alice },
      { status: 'withdrawn', decidedAt: '2026-11-28T10:02:00Z' },
    );
    const card = render(opReply(op));
    expect(textBlocks(card)[0].text).toBe('Request withdrawn');
    expect(visibleText(card)).toContain('Withdrawn by Alice Admin at 2026-11-28 10:02 UTC (11:02 Europe/Berlin).');
    expect(visibleText(card)).not.toMatch(/cancel/i);
  });

  it('a late click on a closed request says the click changed nothing', () => {
    const op = approvalOperation(
      { state: 'cancelled', executor: bob },
      { status: 'rejected', decidedAt: '2026-11-28T10:03:00Z' },
    );
    expect(visibleText(render(opReply(op, { alreadyDecided: true })))).toContain(
      'This request was already closed; your click changed nothing.',
    );
    expect(visibleText(render(opReply(op)))).not.toContain('already closed');
  });

  it('expired: nobody approved it before the deadline; Try again asks anew', () => {
    const card = render(opReply(approvalOperation({ state: 'expired' })));
    expect(textBlocks(card)[0].text).toBe('Request expired without approval');
    expect(visibleText(card)).toContain(
      'Nobody approved it before 2026-11-28 10:15 UTC (11:15 Europe/Berlin) (expired).',
    );
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Try again',
        verb: 'command',
        data: { command: 'disconnect', partner: partner().id },
      },
    ]);
    expect(card.refresh).toBeUndefined();
  });

  it('without approval the cancelled and expired cards are as before', () => {
    expect(textBlocks(render(opReply(operation({ state: 'cancelled', executor: bob }))))[0].text).toBe('Cancelled');
    expect(textBlocks(render(opReply(operation({ state: 'expired' }))))[0].text).toBe('Request expired');
  });

  it('reads in Chinese for zh-CN', () => {
    const rejected = approvalOperation(
      { state: 'cancelled', executor: bob },
      { status: 'rejected', decidedAt: '2026-11-28T10:03:00Z' },
    );
    expect(textBlocks(render(opReply(rejected), ZH))[0].text).toBe('请求已被驳回');
    expect(visibleText(render(opReply(approved), ZH))).toContain(
      '已由 Bob Operator 于 2026-11-28 10:03 UTC（Asia/Shanghai 18:03） 批准。',
    );
    expect(visibleText(render(opReply(approvalOperation({ state: 'expired' })), ZH))).toContain(
      '之前无人批准（已过期）',
    );
  });
});

describe('history under approval', () => {
  it('names the requester, who approved, rejected or withdrew, the times and the outcome', () => {
    const ops = [
      approvalOperation(
        { id: 'a', createdAt: '2026-11-28T10:00:00Z', state: 'succeeded', executor: bob },
        { status: 'approved', decidedAt: '2026-11-28T10:03:00Z' },
      ),
      approvalOperation(
        { id: 'b', createdAt: '2026-11-28T09:00:00Z', state: 'cancelled', executor: bob },
        { status: 'rejected', decidedAt: '2026-11-28T09:05:00Z' },
      ),
      approvalOperation(
        { id: 'c', createdAt: '2026-11-28T08:00:00Z', state: 'cancelled', executor: alice },
        { status: 'withdrawn', decidedAt: '2026-11-28T08:01:00Z' },
      ),
      approvalOperation({
        id: 'd',
        createdAt: '2026-11-28T07:00:00Z',
        state: 'expired',
        expiresAt: '2026-11-28T08:00:00Z',
      }),
      approvalOperation(
        { id: 'e', createdAt: '2026-11-28T06:00:00Z', state: 'failed', executor: bob, errorKind: 'graph.forbidden' },
        { status: 'approved', decidedAt: '2026-11-28T06:02:00Z' },
      ),
    ];
    const lines = textBlocks(render({ type: 'history', operations: ops })).map((b) => b.text);
    expect(lines.filter((l) => /TeamViewer Connector: /.test(l))).toEqual([
      'Disconnect TeamViewer Connector: Succeeded',
      'Disconnect TeamViewer Connector: Rejected',
      'Disconnect TeamViewer Connector: Withdrawn',
      'Disconnect TeamViewer Connector: Expired without approval',
      'Disconnect TeamViewer Connector: Failed',
    ]);
    expect(lines).toContain(
      '2026-11-28 10:00 UTC (11:00 Europe/Berlin) · requested by Alice Admin · approved by Bob Operator at 2026-11-28 10:03 UTC (11:03 Europe/Berlin)',
    );
    expect(lines).toContain(
      '2026-11-28 09:00 UTC (10:00 Europe/Berlin) · requested by Alice Admin · rejected by Bob Operator at 2026-11-28 09:05 UTC (10:05 Europe/Berlin)',
    );
    expect(lines).toContain(
      '2026-11-28 08:00 UTC (09:00 Europe/Berlin) · requested by Alice Admin · withdrawn by Alice Admin at 2026-11-28 08:01 UTC (09:01 Europe/Berlin)',
    );
    expect(lines).toContain(
      '2026-11-28 07:00 UTC (08:00 Europe/Berlin) · requested by Alice Admin · nobody approved it before 2026-11-28 08:00 UTC (09:00 Europe/Berlin)',
    );
    expect(lines).toContain(
      '2026-11-28 06:00 UTC (07:00 Europe/Berlin) · requested by Alice Admin · approved by Bob Operator at 2026-11-28 06:02 UTC (07:02 Europe/Berlin) · reason: Not permitted in Intune',
    );
  });

  it('a request still waiting says until when', () => {
    const lines = textBlocks(render({ type: 'history', operations: [approvalOperation()] })).map((b) => b.text);
    expect(lines).toContain('Disconnect TeamViewer Connector: Waiting for approval');
    expect(lines.join('\n')).toContain('waiting for approval until 2026-11-28 10:15 UTC (11:15 Europe/Berlin)');
  });
});

describe('zh-CN renders every approval card in Chinese', () => {
  const approvalReplies = everyReply().filter(([name]) => /approv|ownRequest|rejected|withdrawn/.test(name));

  it('covers the approval replies', () => {
    expect(approvalReplies.length).toBeGreaterThanOrEqual(15);
  });

  it.each(approvalReplies)('%s', (_, reply) => {
    const en = render(reply, EN);
    const zh = render(reply, ZH);
    expect(textBlocks(zh)[0].text).toMatch(/\p{Script=Han}/u);
    // Every line of our own words is translated: no line of the English card is left in the Chinese one, but
    // for names, ids and times.
    const zhText = visibleText(zh);
    for (const line of visibleText(en)
      .split('\n')
      .filter((l) => /[a-z]{4,} [a-z]{3,}/.test(l) && !/TeamViewer|Operator|Admin|UTC/.test(l))) {
      expect(zhText).not.toContain(line);
    }
  });
});
