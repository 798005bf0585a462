/** The cards of `watch @all`: the start card per customer, a notice naming its customer, and "cannot read <customer>". */
import { renderReply } from '../../src/commands';
import { AppError } from '../../src/core/errors';
import type { Reply } from '../../src/core/replies';
import { assertValidCard, executeActions, visibleText } from './card-shape';
import { partner, subscription } from './fixtures';

const EN = { locale: 'en-US', timeZone: 'Europe/Berlin' };
const ZH = { locale: 'zh-CN', timeZone: 'Asia/Shanghai' };
const CONTOSO = { name: 'contoso', displayName: 'Contoso Ltd' };

describe('watch @all cards', () => {
  it('watch @all: a row per customer, how many partners were read or why not, and how to stop', () => {
    const reply: Reply = {
      type: 'watchStarted',
      created: true,
      conversation: 'channel',
      intervalSeconds: 300,
      customers: [
        { ...CONTOSO, created: true, partners: 1 },
        {
          name: 'fabrikam',
          displayName: 'Fabrikam Inc',
          created: true,
          readError: new AppError('auth.failed', "The bot's own token request failed: invalid_client (AADSTS7000229)"),
        },
      ],
    };
    const text = visibleText(renderReply(reply, EN));
    expect(text).toContain("Watching every customer's partners here");
    expect(text).toContain('Contoso Ltd · contoso');
    expect(text).toContain('1 partners read');
    expect(text).toContain("cannot read: The bot's own token request failed: invalid\\_client (AADSTS7000229)");
    expect(text).toContain('unwatch @all');
    expect(visibleText(renderReply(reply, ZH))).toContain('已在这里关注所有客户的合作伙伴');
  });

  it('watch @all with no customers configured says so', () => {
    const text = visibleText(
      renderReply(
        { type: 'watchStarted', created: false, conversation: 'channel', intervalSeconds: 300, customers: [] },
        EN,
      ),
    );
    expect(text).toContain('This bot serves no customer tenants');
  });

  it("a notice of a customer's partner names the customer; the own tenant's does not", () => {
    const notice = {
      kind: 'statusChanged' as const,
      partner: partner({ onboardingStatus: 'notOnboarded' }),
      from: 'onboarded' as const,
    };
    const own = visibleText(renderReply({ type: 'watchNotice', notice, observedAt: '2026-11-28T10:05:00Z' }, EN));
    const theirs = visibleText(
      renderReply({ type: 'watchNotice', notice, observedAt: '2026-11-28T10:05:00Z', customer: CONTOSO }, EN),
    );
    expect(own).not.toContain('Contoso');
    expect(theirs).toContain('Customer: Contoso Ltd · contoso');
    expect(theirs).toContain('unwatch @all');
  });

  it("cannot read a customer: the notice says which and why, in the reader's language", () => {
    const reply: Reply = {
      type: 'watchNotice',
      notice: { kind: 'unreadable', reason: 'invalid_client (AADSTS7000229)' },
      observedAt: '2026-11-28T10:05:00Z',
      customer: { name: 'fabrikam', displayName: 'Fabrikam Inc' },
    };
    const en = visibleText(renderReply(reply, EN));
    expect(en).toContain('Cannot read Fabrikam Inc');
    expect(en).toContain('AADSTS7000229');
    expect(visibleText(renderReply(reply, ZH))).toContain('无法读取 Fabrikam Inc');
  });

  it('customers configured after watch @all: each is named, and the button runs watch @all again as the clicker, in both languages', () => {
    const reply: Reply = {
      type: 'watchNotice',
      notice: {
        kind: 'newCustomers',
        customers: [
          { name: 'wingtip', displayName: 'Wingtip Toys' },
          { name: 'tailspin', displayName: 'Tailspin_Toys' },
        ],
      },
      observedAt: '2026-11-28T10:05:00Z',
    };
    const en = renderReply(reply, EN);
    assertValidCard(en);
    const text = visibleText(en);
    expect(text).toContain('New customers, not watched here yet');
    expect(text).toContain(
      'Wingtip Toys (@wingtip) is now served by this bot; this channel does not hear about it yet.',
    );
    expect(text).toContain('Tailspin\\_Toys (@tailspin) is now served by this bot'); // markdown-escaped
    expect(text).toContain('Type watch @all again');
    expect(executeActions(en).map((a) => [a.title, a.data])).toEqual([
      ['Watch @all again', expect.objectContaining({ command: 'watch', target: 'all' })],
    ]);
    const zh = renderReply(reply, ZH);
    expect(visibleText(zh)).toContain('此机器人现在服务 Wingtip Toys (@wingtip)；此频道尚未收到它的消息。');
    expect(visibleText(zh)).toContain('新的客户，这里尚未关注');
    expect(executeActions(zh).map((a) => [a.title, a.data])).toEqual([
      ['再次关注 @all', expect.objectContaining({ command: 'watch', target: 'all' })],
    ]);
  });

  it('watching: each subscription says what it watches', () => {
    const reply: Reply = {
      type: 'watching',
      subscriptions: [subscription('s-own'), subscription('s-c', { customer: CONTOSO })],
      intervalSeconds: 300,
    };
    const text = visibleText(renderReply(reply, EN));
    expect(text).toContain("this tenant's partners");
    expect(text).toContain('customer Contoso Ltd · contoso (watch @all)');
  });
});
