/** The watch's cards: what a person reads when a conversation starts or stops watching, the list, and the notices. */
import { renderReply } from '../../src/commands';
import type { Reply } from '../../src/core/replies';
import { executeActions, factValue, visibleText } from './card-shape';
import { appError, partner, subscription } from './fixtures';

const EN = { locale: 'en-US', timeZone: 'Europe/Berlin' };
const ZH = { locale: 'zh-CN', timeZone: 'Asia/Shanghai' };

describe('watch cards', () => {
  it('watch: says what will be posted here and how often, lists the partners as the bot sees them, says how to stop', () => {
    const card = renderReply(
      {
        type: 'watchStarted',
        created: true,
        conversation: 'channel',
        intervalSeconds: 300,
        partners: [partner({ displayName: 'Team*Viewer*' })],
      },
      EN,
    );
    const text = visibleText(card);
    expect(text).toContain('Watching the partners here');
    expect(text).toContain('Channel');
    expect(text).toContain('I look every 5 min.');
    expect(text).toContain('Team\\*Viewer\\*');
    expect(text).toContain('Onboarded (connected)');
    expect(text).toContain('Type unwatch here to stop.');
    expect(executeActions(card).map((a) => a.data)).toEqual([{ command: 'watching' }, { command: 'list' }]);
  });

  it("watch without the application permission: subscribed, with the warning and the error in the reader's language", () => {
    const reply: Reply = {
      type: 'watchStarted',
      created: false,
      conversation: 'groupChat',
      intervalSeconds: 90,
      readError: appError('graph.forbidden'),
    };
    const en = visibleText(renderReply(reply, EN));
    expect(en).toContain('Already watching the partners here');
    expect(en).toContain('every 90 s');
    expect(en).toContain('admin consent for the application permission DeviceManagementServiceConfig.Read.All');
    expect(en).toContain('Not permitted in Intune');
    const zh = visibleText(renderReply(reply, ZH));
    expect(zh).toContain('这里已经在关注合作伙伴');
    expect(zh).toContain('每 90 秒');
    expect(zh).toContain('DeviceManagementServiceConfig.Read.All');
  });

  it('watch when Graph could not be read for another reason (throttled): no talk of consent, the error and that it keeps trying', () => {
    const text = visibleText(
      renderReply(
        {
          type: 'watchStarted',
          created: true,
          conversation: 'channel',
          intervalSeconds: 300,
          readError: appError('graph.throttled', { retryAfterSeconds: 30 }),
        },
        EN,
      ),
    );
    expect(text).toContain('I could not read the partners just now. The watch is on; I keep trying.');
    expect(text).toContain('Microsoft Graph is busy');
    expect(text).not.toContain('admin consent');
  });

  it('watching: each conversation with who set it up and since when, this one marked', () => {
    const card = renderReply(
      {
        type: 'watching',
        subscriptions: [subscription('s1'), subscription('s2', { createdBy: { id: 'x', name: 'Lee *Gu*' } })],
        hereId: 's2',
        intervalSeconds: 3600,
      },
      EN,
    );
    const text = visibleText(card);
    expect(text).toContain('Conversations watching the partners (2)');
    expect(text).toContain('Channel · this conversation');
    expect(text).toContain('Lee \\*Gu\\*');
    expect(text).toContain('The partners are read every 1 h.');
    expect(visibleText(renderReply({ type: 'watching', subscriptions: [], intervalSeconds: 300 }, ZH))).toContain(
      '没有会话在关注合作伙伴',
    );
  });

  it('a status change: before and now, whoever made it, the buttons act as the clicker', () => {
    const card = renderReply(
      {
        type: 'watchNotice',
        notice: { kind: 'statusChanged', partner: partner({ onboardingStatus: 'notOnboarded' }), from: 'onboarded' },
        observedAt: '2026-11-28T10:05:00Z',
      },
      EN,
    );
    expect(visibleText(card)).toContain('TeamViewer Connector changed state');
    expect(factValue(card, 'Before')).toBe('Onboarded (connected)');
    expect(factValue(card, 'Now')).toBe('Not onboarded (disconnected)');
    expect(factValue(card, 'Noticed')).toContain('2026-11-28 10:05');
    expect(visibleText(card)).toContain('the Intune admin center, PowerShell or the partner');
    expect(executeActions(card).map((a) => (a.data as { command?: string }).command)).toEqual(['status', 'reconnect']);
  });

  it('an onboarding request about to run out, or run out, shows when; a gone partner offers the list', () => {
    const expiring = renderReply(
      {
        type: 'watchNotice',
        notice: {
          kind: 'expiring',
          partner: partner({ onboardingStatus: 'onboarding', onboardingRequestExpiryDateTime: '2026-11-29T08:00:00Z' }),
          expired: false,
        },
        observedAt: '2026-11-28T10:05:00Z',
      },
      ZH,
    );
    expect(visibleText(expiring)).toContain('TeamViewer Connector 的载入请求即将到期');
    expect(factValue(expiring, '载入请求到期时间')).toContain('2026-11-29');
    const expired = visibleText(
      renderReply(
        {
          type: 'watchNotice',
          notice: { kind: 'expiring', partner: partner({ onboardingStatus: 'onboarding' }), expired: true },
          observedAt: '2026-11-28T10:05:00Z',
        },
        EN,
      ),
    );
    expect(expired).toContain('The onboarding request of TeamViewer Connector ran out');
    const gone = renderReply(
      {
        type: 'watchNotice',
        notice: { kind: 'removed', partner: { id: 'p3', displayName: 'Fabrikam' } },
        observedAt: '2026-11-28T10:05:00Z',
      },
      EN,
    );
    expect(visibleText(gone)).toContain('Partner gone: Fabrikam');
    expect(executeActions(gone).map((a) => a.data)).toEqual([{ command: 'list' }]);
  });
});
