/**
 * A user whose Intune role, by Intune's answer, lacks "Remote assistance connectors: Update": with
 * INTUNE_CHECK_MODE=enforce no button Intune would refuse is offered; with advise (the default) the buttons stay
 * with a note that Intune decides. Either way the card says whom to ask, in English and in Chinese.
 */
import { renderReply } from '../../src/commands';
import type { MissingIntunePermission } from '../../src/core/replies';
import { REMOTE_ASSISTANCE_UPDATE } from '../../src/core/resource-actions';
import { assertValidCard, executeActions, visibleText } from './card-shape';
import { partner } from './fixtures';

const EN = { locale: 'en-US', timeZone: 'Europe/Berlin' };
const ZH = { locale: 'zh-CN', timeZone: 'Asia/Shanghai' };
const missing: MissingIntunePermission = {
  action: REMOTE_ASSISTANCE_UPDATE,
  contact: 'it-admins@contoso.com',
  enforced: true,
};
const advice: MissingIntunePermission = { ...missing, enforced: false };
const partners = () => [
  partner(),
  partner({ id: 'p2', displayName: 'Old One', onboardingStatus: 'notOnboarded', lastConnectionDateTime: null }),
];

/** The buttons that would change a partner: Disconnect / Reconnect (a command) or a confirmation. */
const changeButtons = (card: ReturnType<typeof renderReply>) =>
  executeActions(card).filter(
    (a) =>
      a.verb === 'op.confirm' ||
      ('command' in a.data && (a.data.command === 'disconnect' || a.data.command === 'reconnect')),
  );

describe('partner list without the Intune permission', () => {
  it('offers Status but no Disconnect or Reconnect, and says which permission is missing and whom to ask', () => {
    const card = renderReply({ type: 'partnerList', partners: partners(), cannotChange: missing }, EN);
    assertValidCard(card);
    expect(changeButtons(card)).toEqual([]);
    expect(executeActions(card).filter((a) => 'command' in a.data && a.data.command === 'status')).toHaveLength(2);
    const text = visibleText(card);
    expect(text).toContain('TeamViewer Connector');
    expect(text).toContain('Disconnect and Reconnect are not offered');
    expect(text).toContain('Remote assistance connectors: Update');
    expect(text).toContain('Microsoft.Intune\\_RemoteAssistance\\_Update'); // escaped for Adaptive Card markdown
    expect(text).toContain('Ask it-admins@contoso.com to add it to your Intune role.');
  });

  it('with the permission (or when it could not be checked) the buttons are there and nothing is said', () => {
    const card = renderReply({ type: 'partnerList', partners: partners() }, EN);
    expect(changeButtons(card).map((a) => a.title)).toEqual(['Disconnect', 'Reconnect']);
    expect(visibleText(card)).not.toContain('Remote assistance connectors');
  });

  it('in Chinese, and without a configured contact it sends the user to their Intune administrator', () => {
    const card = renderReply(
      { type: 'partnerList', partners: partners(), cannotChange: { action: REMOTE_ASSISTANCE_UPDATE, enforced: true } },
      ZH,
    );
    expect(changeButtons(card)).toEqual([]);
    const text = visibleText(card);
    expect(text).toContain('未提供“断开连接”和“重新连接”按钮');
    expect(text).toContain('远程协助连接器：更新');
    expect(text).toContain('请联系你的 Intune 管理员将此权限添加到你的 Intune 角色。');
    expect(text).not.toMatch(/Disconnect|Ask /);
  });
});

describe('partner status without the Intune permission', () => {
  it('has no Disconnect button, but still Status-related ones, and explains', () => {
    const card = renderReply({ type: 'partnerStatus', partner: partner(), cannotChange: missing }, EN);
    assertValidCard(card);
    expect(changeButtons(card)).toEqual([]);
    expect(executeActions(card).map((a) => a.title)).toEqual(['History', 'List partners']);
    expect(visibleText(card)).toContain('Ask it-admins@contoso.com to add it to your Intune role.');
  });

  it('in Chinese', () => {
    const card = renderReply({ type: 'partnerStatus', partner: partner(), cannotChange: missing }, ZH);
    expect(changeButtons(card)).toEqual([]);
    expect(visibleText(card)).toContain('请联系 it-admins@contoso.com 将此权限添加到你的 Intune 角色。');
  });
});

describe('a disconnect or reconnect the Intune role does not allow', () => {
  it('answers with why and whom to ask instead of a confirmation', () => {
    const card = renderReply(
      { type: 'changeNotPermitted', kind: 'disconnect', partnerQuery: 'TeamViewer', missing },
      EN,
    );
    assertValidCard(card);
    expect(changeButtons(card)).toEqual([]);
    const text = visibleText(card);
    expect(text).toContain('Your Intune role cannot disconnect partners');
    expect(text).toContain('Remote assistance connectors: Update');
    expect(text).toContain('Nothing was changed.');
    expect(text).toContain('Ask it-admins@contoso.com');
    expect(card.fallbackText).toBe('Your Intune role cannot disconnect partners');
    expect(executeActions(card).map((a) => a.data)).toEqual([
      { command: 'status', partner: 'TeamViewer' },
      { command: 'list' },
    ]);
  });

  it('reconnect, in Chinese', () => {
    const card = renderReply({ type: 'changeNotPermitted', kind: 'reconnect', missing }, ZH);
    expect(changeButtons(card)).toEqual([]);
    expect(visibleText(card)).toContain('你的 Intune 角色无法重新连接合作伙伴');
    expect(visibleText(card)).toContain('未做任何更改');
    expect(executeActions(card).map((a) => a.data)).toEqual([{ command: 'list' }]);
  });
});

describe('advise: Intune says the permission is missing, the buttons stay', () => {
  it('the list and the status keep Disconnect / Reconnect and say that Intune decides on the click', () => {
    const list = renderReply({ type: 'partnerList', partners: partners(), cannotChange: advice }, EN);
    assertValidCard(list);
    expect(changeButtons(list).map((a) => a.title)).toEqual(['Disconnect', 'Reconnect']);
    const text = visibleText(list);
    expect(text).toContain(
      'Intune says your role does not include **Remote assistance connectors: Update** (Microsoft.Intune\\_RemoteAssistance\\_Update)',
    );
    expect(text).toContain('The buttons are offered all the same: Intune decides when you click.');
    expect(text).not.toContain('are not offered');
    expect(text).toContain('Ask it-admins@contoso.com');
    const status = renderReply({ type: 'partnerStatus', partner: partner(), cannotChange: advice }, EN);
    expect(changeButtons(status).map((a) => a.title)).toEqual(['Disconnect']);
  });

  it('the confirmation keeps its Disconnect button, with the note, in Chinese too', () => {
    const op = {
      id: 'op-1',
      tenantId: 't',
      kind: 'disconnect' as const,
      partnerId: 'p1',
      partnerName: 'TeamViewer Connector',
      state: 'pending' as const,
      requester: { id: 'u', name: 'U' },
      conversationId: 'c',
      createdAt: '2026-12-01T10:00:00Z',
      updatedAt: '2026-12-01T10:00:00Z',
      expiresAt: '2026-12-01T10:15:00Z',
    };
    const card = renderReply({ type: 'confirm', operation: op, partner: partner(), intuneAdvice: advice }, EN);
    assertValidCard(card);
    expect(changeButtons(card).map((a) => a.title)).toEqual(['Disconnect']);
    expect(visibleText(card)).toContain('Intune decides when you click');
    const zh = visibleText(
      renderReply({ type: 'confirm', operation: op, partner: partner(), intuneAdvice: advice }, ZH),
    );
    expect(zh).toContain('按钮仍然提供：点击时由 Intune 决定');
  });
});
