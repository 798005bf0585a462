/**
 * What the cards say about how an outcome became known, about an operation that is already open for the
 * partner, and about a click from another conversation, in en-US and zh-CN.
 */
import { renderReply } from '../../src/commands';
import type { Reply } from '../../src/core/replies';
import { executeActions, textBlocks, visibleText } from './card-shape';
import { appError, approvalOperation, operation } from './fixtures';

const EN = { locale: 'en-US', timeZone: 'Europe/Berlin' };
const ZH = { locale: 'zh-CN', timeZone: 'Asia/Shanghai' };
const bob = { id: 'user-bob', name: 'Bob Operator' };
const decided = { executor: bob, completedAt: '2026-11-28T10:04:00Z', updatedAt: '2026-11-28T10:04:00Z' };

describe('a lost answer, settled or not', () => {
  it('settled by a read, Graph had acted: Disconnected, and says how that is known', () => {
    const reply: Reply = {
      type: 'operation',
      operation: operation({ state: 'succeeded', settledBy: 'read', ...decided }),
      alreadyDecided: false,
    };
    const card = renderReply(reply, EN);
    expect(textBlocks(card)[0].text).toBe('Disconnected');
    expect(visibleText(card)).toContain(
      'Settled by reading the partner’s state afterwards: Intune shows the change as made.',
    );
    expect(visibleText(renderReply(reply, ZH))).toContain('已通过事后读取合作伙伴的状态确认：Intune 显示更改已完成。');
  });

  it('settled by a read, Graph had not acted: failed, the lost answer explained, and the read named', () => {
    const reply: Reply = {
      type: 'operation',
      operation: operation({ state: 'failed', settledBy: 'read', errorKind: 'graph.outcomeUnknown', ...decided }),
      alreadyDecided: false,
      error: appError('graph.outcomeUnknown', { status: 504, requestId: 'req-5' }),
    };
    const text = visibleText(renderReply(reply, EN));
    expect(text).toMatch(/^Disconnect failed$/m);
    expect(text).toContain('No answer from Microsoft Graph');
    expect(text).toContain('Intune shows the change as not made.');
    expect(text).toContain('Request ID: req-5');
    const zh = visibleText(renderReply(reply, ZH));
    expect(zh).toContain('未收到 Microsoft Graph 的答复');
    expect(zh).toContain('Intune 显示更改未完成');
  });

  it('not settled (the read failed too): "outcome not known yet", no button that could act again', () => {
    const reply: Reply = {
      type: 'operation',
      operation: operation({ state: 'running', executor: bob, errorKind: 'graph.outcomeUnknown' }),
      alreadyDecided: false,
      error: appError('graph.outcomeUnknown'),
    };
    const card = renderReply(reply, EN);
    expect(textBlocks(card)[0].text).toBe('Outcome not known yet');
    expect(visibleText(card)).toContain('It is not sent again');
    expect(executeActions(card).map((a) => a.verb)).toEqual(['command']); // Status only
    expect(textBlocks(renderReply(reply, ZH))[0].text).toBe('结果尚不确定');
  });

  it('settled by the background sweeper: says so', () => {
    const reply: Reply = {
      type: 'operation',
      operation: operation({ state: 'failed', settledBy: 'sweeper', errorKind: 'reconciled.notApplied', ...decided }),
      alreadyDecided: true,
    };
    expect(visibleText(renderReply(reply, EN))).toContain(
      'Settled later by the bot’s background check of the partner’s state: Intune shows the change as not made.',
    );
  });

  it('the reads cannot tell (closed as "outcome not known"): neither done nor failed, what to check, Status only; history says it too', () => {
    const closed = operation({
      kind: 'reconnect',
      state: 'failed',
      settledBy: 'sweeper',
      errorKind: 'reconciled.cannotTell',
      ...decided,
    });
    const card = renderReply({ type: 'operation', operation: closed, alreadyDecided: false }, EN);
    expect(textBlocks(card)[0].text).toBe('Outcome not known');
    const text = visibleText(card);
    expect(text).not.toMatch(/Reconnect failed|Reconnection started|not made/);
    expect(text).toContain('Check the partner in the Intune admin center');
    expect(executeActions(card).map((a) => a.data)).toEqual([expect.objectContaining({ command: 'status' })]);
    expect(textBlocks(renderReply({ type: 'operation', operation: closed, alreadyDecided: false }, ZH))[0].text).toBe(
      '结果未知',
    );
    const history = visibleText(renderReply({ type: 'history', operations: [closed] }, EN));
    expect(history).toMatch(/: Outcome not known/);
    expect(history).toContain('the bot cannot tell whether Intune made the change');
    expect(visibleText(renderReply({ type: 'history', operations: [closed] }, ZH))).toContain('结果未知');
  });

  it("Graph's own answer needs no note", () => {
    const reply: Reply = {
      type: 'operation',
      operation: operation({ state: 'succeeded', settledBy: 'graph', ...decided }),
      alreadyDecided: false,
    };
    expect(visibleText(renderReply(reply, EN))).not.toMatch(/Settled/);
  });
});

describe('an operation already open for the partner', () => {
  it('pending, its card in this conversation: where to click, who asked; no confirm button', () => {
    const card = renderReply({ type: 'operationOpen', operation: operation(), here: true }, EN);
    expect(textBlocks(card)[0].text).toBe('Already waiting for confirmation');
    const text = visibleText(card);
    expect(text).toContain('requested by Alice Admin at 2026-11-28 10:00 UTC');
    expect(text).toContain('Its card is above in this conversation');
    expect(executeActions(card).map((a) => [a.verb, a.data])).toEqual([
      ['command', { command: 'status', partner: operation().partnerId }],
    ]);
  });

  it('pending elsewhere, or running: says so, in both languages', () => {
    const elsewhere = renderReply({ type: 'operationOpen', operation: operation(), here: false }, EN);
    expect(visibleText(elsewhere)).toContain(
      'Its card is in another conversation; an admin who asks for the same change gets it where they ask. It expires at 2026-11-28 10:15 UTC',
    );
    const running = renderReply(
      {
        type: 'operationOpen',
        operation: operation({ kind: 'reconnect', state: 'running', executor: bob }),
        here: true,
      },
      ZH,
    );
    expect(textBlocks(running)[0].text).toBe('已在进行中');
    expect(visibleText(running)).toContain('正在执行（由 Bob Operator 发起）。');
  });
});

describe('an open request waiting for approval', () => {
  it('says it waits for approval by another admin or approver, not for a confirmation, in both languages', () => {
    const here = renderReply({ type: 'operationOpen', operation: approvalOperation(), here: true }, EN);
    expect(textBlocks(here)[0].text).toBe('Already waiting for approval');
    expect(visibleText(here)).toContain(
      'Its card is above in this conversation: another admin or approver can approve or reject it there, and the requester can withdraw it.',
    );
    expect(visibleText(here)).not.toMatch(/confirm/i);
    const elsewhere = renderReply({ type: 'operationOpen', operation: approvalOperation(), here: false }, EN);
    expect(visibleText(elsewhere)).toContain(
      'It waits for approval by another admin or approver, on its card in another conversation (and in the approvers’ channel, if there is one). It expires at 2026-11-28 10:15 UTC',
    );
    expect(visibleText(elsewhere)).not.toMatch(/confirm/i);
    const zh = renderReply({ type: 'operationOpen', operation: approvalOperation(), here: false }, ZH);
    expect(textBlocks(zh)[0].text).toBe('已在等待审批');
    expect(visibleText(zh)).toContain('另一位管理员或审批人');
  });
});

describe('a click from another conversation', () => {
  it('is told the card works only where it was asked', () => {
    const card = renderReply({ type: 'denied', reason: 'otherConversation', actor: bob }, EN);
    expect(visibleText(card)).toContain(
      'This card belongs to a request made in another conversation; its buttons work only there.',
    );
    expect(visibleText(renderReply({ type: 'denied', reason: 'otherConversation', actor: bob }, ZH))).toContain(
      '此卡片属于在另一个对话中发起的请求',
    );
  });
});
