/** The `approvals` command's card, its help line, and the answer to approving one's own request. */
import { type AdaptiveCard } from '../../src/cards';
import { renderReply } from '../../src/commands';
import type { Reply } from '../../src/core/replies';
import { errorKindLabel, translator } from '../../src/i18n';
import { assertValidCard, factValue, textBlocks, visibleText } from './card-shape';
import { approvalChannel, operation } from './fixtures';

const EN = { locale: 'en-US', timeZone: 'Europe/Berlin' };
const ZH = { locale: 'zh-CN', timeZone: 'Asia/Shanghai' };
const alice = { id: 'user-alice', name: 'Alice Admin' };

const render = (reply: Reply, view = EN): AdaptiveCard => {
  const card = renderReply(reply, view);
  assertValidCard(card);
  return card;
};
const opReply = (op: Extract<Reply, { type: 'operation' }>['operation']): Reply => ({
  type: 'operation',
  operation: op,
  alreadyDecided: false,
});

describe('own request denied', () => {
  it('says why (another admin or approver must approve) and what to do (ask one, or withdraw)', () => {
    const card = render({ type: 'denied', reason: 'ownRequest', actor: alice });
    const text = visibleText(card);
    expect(text).toContain('You asked for this request yourself, so another admin or approver must approve it');
    expect(text).toContain('Ask another admin or approver to approve it, or withdraw it if it is no longer needed.');
    expect(text).not.toContain('You may view the partners');
    expect(text).toContain('Denied: Alice Admin');
  });

  it('has its own short label in the history, in both languages', () => {
    expect(errorKindLabel(translator('en-US'), 'authz.ownRequest')).toBe('Own request');
    expect(errorKindLabel(translator('zh-CN'), 'authz.ownRequest')).toBe('自己的请求');
  });

  it('a recorded ownRequest denial on an operation card explains it too', () => {
    const card = render(opReply(operation({ state: 'denied', executor: alice, errorKind: 'authz.ownRequest' })));
    expect(visibleText(card)).toContain('another admin or approver must approve it');
  });
});

describe('the approvals card', () => {
  const on = { required: true, ttlMinutes: 60, approverUsers: 2, approverGroups: 1 };

  it("on: how long requests stand, who approves, the approvers' channel and who set it when", () => {
    const card = render({ type: 'approvals', policy: on, channel: approvalChannel() });
    const text = visibleText(card);
    expect(textBlocks(card)[0].text).toBe('Two-person approval');
    expect(text).toMatch(/^On: every disconnect and reconnect must be approved by a second person/m);
    expect(text).toContain('A request can be approved for 60 minutes; then it expires.');
    expect(factValue(card, 'Who can approve')).toBe('The admins · approvers named by id: 2 · approver groups: 1');
    expect(text).toContain(
      'Requests are also posted in the approvers’ channel, set by Bob Operator at 2026-11-20 09:00 UTC (10:00 Europe/Berlin).',
    );
    expect(text).not.toContain('No approvers’ channel');
    expect(card.actions).toBeUndefined();
  });

  it('on, no named approvers, no channel: only the admins, and how to set a channel', () => {
    const card = render({ type: 'approvals', policy: { ...on, approverUsers: 0, approverGroups: 0, ttlMinutes: 15 } });
    const text = visibleText(card);
    expect(factValue(card, 'Who can approve')).toBe('The admins');
    expect(text).toContain('A request can be approved for 15 minutes');
    expect(text).toContain('No approvers’ channel is set');
    expect(text).toContain('To set one, type approvals here in a channel');
  });

  it("set: this channel is now the approvers' channel", () => {
    const text = visibleText(render({ type: 'approvals', policy: on, channel: approvalChannel(), set: true }));
    expect(text).toContain(
      'This channel is now the approvers’ channel: every request for approval is posted here too.',
    );
  });

  it.each([
    ['personal', 'Personal chat'],
    ['groupChat', 'Group chat'],
  ] as const)('notHere (%s): approvals here works only in a channel, naming where it was typed', (kind, words) => {
    const text = visibleText(render({ type: 'approvals', policy: on, notHere: kind }));
    expect(text).toContain(
      `approvals here works only in a channel, and you typed it in a conversation of another kind (${words}). Nothing was changed.`,
    );
    expect(text).not.toContain('This channel is now');
  });

  it('off: only a confirmation, and the setting that turns approval on', () => {
    const card = render({
      type: 'approvals',
      policy: { required: false, ttlMinutes: 60, approverUsers: 3, approverGroups: 0 },
      channel: approvalChannel(),
    });
    const text = visibleText(card);
    expect(text).toContain('Off: disconnect and reconnect only ask for a confirmation');
    // The setting shows as typed: its underscore is escaped, not read as emphasis.
    expect(text).toContain('Setting APPROVAL\\_REQUIRED=true in the bot’s configuration turns two-person approval on.');
    expect(text).not.toContain('Who can approve');
    expect(text).not.toContain('minutes');
  });

  it('reads in Chinese for zh-CN', () => {
    const text = visibleText(render({ type: 'approvals', policy: on, notHere: 'personal' }, ZH));
    expect(text).toContain('双人审批');
    expect(text).toContain('请求在 60 分钟内可以批准');
    expect(text).toContain('（个人聊天）');
    expect(text).toContain('审批 这里');
  });
});

describe('help', () => {
  it('lists approvals [here] for those who may act, not for readers', () => {
    expect(visibleText(render({ type: 'help', canAct: true }))).toContain('approvals [here]');
    expect(visibleText(render({ type: 'help', canAct: false }))).not.toContain('approvals');
    expect(visibleText(render({ type: 'help', canAct: true }, ZH))).toContain('审批 [这里]');
  });
});
