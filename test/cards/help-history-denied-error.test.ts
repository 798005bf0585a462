import { MAX_HISTORY_ENTRIES } from '../../src/cards';
import { renderReply } from '../../src/commands';
import type { OperationRecord } from '../../src/core/model';
import { assertValidCard, textBlocks, visibleText } from './card-shape';
import { appError, operation } from './fixtures';

const EN = { locale: 'en-US', timeZone: 'Europe/Berlin' };
const ZH = { locale: 'zh-CN' };

describe('help card', () => {
  it('lists every command with its usage when the reader can act', () => {
    const text = visibleText(renderReply({ type: 'help', canAct: true }, EN));
    for (const usage of [
      'help',
      'list',
      'status _partner_',
      'disconnect _partner_',
      'reconnect _partner_',
      'history [_partner_]',
    ])
      expect(text).toContain(usage);
    expect(text).toContain('@mention');
    expect(text).toMatch(/TeamViewer connector/);
  });

  it('shows the mutating commands only when the reader can act', () => {
    const card = renderReply({ type: 'help', canAct: false }, EN);
    const text = visibleText(card);
    expect(text).not.toContain('disconnect _partner_');
    expect(text).not.toContain('reconnect _partner_');
    expect(text).toContain('status _partner_');
    expect(card.actions).toEqual([
      { type: 'Action.Execute', title: 'List partners', verb: 'command', data: { command: 'list' } },
    ]);
  });

  it("says that a change may need another admin's or approver's approval (two-person approval), in both languages", () => {
    expect(visibleText(renderReply({ type: 'help', canAct: true }, EN))).toContain(
      'Where two-person approval is on, another admin or approver must approve it first.',
    );
    expect(visibleText(renderReply({ type: 'help', canAct: true }, ZH))).toContain('另一位管理员或审批人');
  });

  it('gives the Chinese command words in zh-CN', () => {
    const text = visibleText(renderReply({ type: 'help', canAct: true }, ZH));
    expect(text).toContain('断开 _合作伙伴_');
    expect(text).toContain('@提及');
  });
});

describe('history card', () => {
  const bob = { id: 'user-bob', name: 'Bob Operator' };
  const ops: OperationRecord[] = [
    operation({ id: 'a', createdAt: '2026-11-27T08:00:00Z', state: 'succeeded', executor: bob }),
    operation({
      id: 'b',
      createdAt: '2026-11-28T09:00:00Z',
      state: 'failed',
      executor: bob,
      errorKind: 'graph.forbidden',
    }),
    operation({ id: 'c', createdAt: '2026-11-26T08:00:00Z', kind: 'reconnect', state: 'cancelled' }),
  ];

  it('lists newest first: when, what, who, outcome, and why a failure failed', () => {
    const card = renderReply({ type: 'history', operations: ops }, EN);
    const lines = textBlocks(card).map((b) => b.text);
    const whats = lines.filter((l) => /TeamViewer Connector: /.test(l));
    expect(whats).toEqual([
      'Disconnect TeamViewer Connector: Failed',
      'Disconnect TeamViewer Connector: Succeeded',
      'Reconnect TeamViewer Connector: Cancelled',
    ]);
    expect(lines).toContain(
      '2026-11-28 09:00 UTC (10:00 Europe/Berlin) · requested by Alice Admin · by Bob Operator · reason: Not permitted in Intune',
    );
  });

  it('names the filter, and says so when empty', () => {
    expect(visibleText(renderReply({ type: 'history', operations: ops, partnerQuery: 'TeamViewer' }, EN))).toContain(
      'Only entries for “TeamViewer”.',
    );
    expect(visibleText(renderReply({ type: 'history', operations: [] }, EN))).toContain(
      'Nothing has been recorded yet.',
    );
    expect(visibleText(renderReply({ type: 'history', operations: [], partnerQuery: 'Old' }, EN))).toContain(
      'Nothing has been recorded for “Old”.',
    );
  });

  it(`shows at most ${MAX_HISTORY_ENTRIES} entries`, () => {
    const lots = Array.from({ length: 500 }, (_, i) =>
      operation({ id: `op-${i}`, createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() }),
    );
    const card = renderReply({ type: 'history', operations: lots }, EN);
    assertValidCard(card);
    expect(card.body.filter((e) => e.type === 'Container')).toHaveLength(MAX_HISTORY_ENTRIES);
    expect(visibleText(card)).toContain(`${500 - MAX_HISTORY_ENTRIES} older entries not shown.`);
    expect(visibleText(card)).toContain('2026-01-01 08:19 UTC'); // the newest (op-499)
  });
});

describe('denied card', () => {
  const actor = { id: 'u', name: 'Eve Visitor' };
  it.each([
    ['wrongTenant', undefined, 'This bot serves another organization'],
    ['notAllowed', 'it-admins@contoso.com', 'Ask it-admins@contoso.com to add you.'],
    ['notAllowed', undefined, 'Ask your Intune administrator to add you.'],
    ['readOnly', undefined, 'You may view the partners and their status, but not change them'],
  ] as const)('%s (%s)', (reason, contact, expected) => {
    const card = renderReply({ type: 'denied', reason, actor, contact }, EN);
    expect(textBlocks(card)[0].text).toBe('You are not allowed to do this');
    expect(visibleText(card)).toContain(expected);
    expect(visibleText(card)).toContain('Eve Visitor');
  });
});

describe('error card', () => {
  it('shows the text for the kind, the ids for support (small and subtle), and Try again', () => {
    const error = appError('graph.throttled', { retryAfterSeconds: 12, requestId: 'req-1', clientRequestId: 'cli-1' });
    const card = renderReply({ type: 'error', error, retry: { command: 'status', partner: 'TeamViewer' } }, EN);
    expect(textBlocks(card)[0].text).toBe('Microsoft Graph is busy');
    expect(visibleText(card)).toContain('Try again in 12 s.');
    expect(textBlocks(card)).toContainEqual(
      expect.objectContaining({ text: 'Request ID: req-1 · Client request ID: cli-1', size: 'Small', isSubtle: true }),
    );
    expect(card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Try again',
        verb: 'command',
        data: { command: 'status', partner: 'TeamViewer' },
        style: 'positive',
      },
    ]);
  });

  it('offers Grant consent (OpenUrl) for missing consent', () => {
    const consentUrl = 'https://login.microsoftonline.com/tenant-1/adminconsent?client_id=abc';
    const card = renderReply(
      { type: 'error', error: appError('auth.consentRequired'), retry: { command: 'list' }, consentUrl },
      EN,
    );
    expect(visibleText(card)).toContain('DeviceManagementServiceConfig.ReadWrite.All');
    expect(card.actions?.[0]).toEqual({ type: 'Action.OpenUrl', title: 'Grant consent', url: consentUrl });
    expect(card.actions?.[1]).toMatchObject({ verb: 'command', data: { command: 'list' } });
  });

  it('has no buttons without retry or consent URL, and no ids line without ids', () => {
    const card = renderReply({ type: 'error', error: appError('graph.notFound') }, EN);
    expect(card.actions).toBeUndefined();
    expect(visibleText(card)).not.toContain('Request ID');
    expect(visibleText(card)).toContain('List the partners again');
  });

  it.each([
    ['graph.forbidden', /Intune role/],
    ['auth.signInRequired', /Sign in/],
    ['auth.interactionRequired', /Sign in again/],
    ['auth.tokenEndpointUnreachable', /Entra ID/],
    ['graph.network', /could not reach Microsoft Graph/],
    ['input.invalidPartnerId', /not a valid partner/i],
  ] as const)('%s says what to do', (kind, expected) => {
    expect(visibleText(renderReply({ type: 'error', error: appError(kind) }, EN))).toMatch(expected);
  });

  it('reads in Chinese for zh-CN', () => {
    const card = renderReply(
      { type: 'error', error: appError('graph.forbidden', { requestId: 'r' }), retry: { command: 'list' } },
      ZH,
    );
    expect(textBlocks(card)[0].text).toBe('Intune 中无权执行');
    expect(visibleText(card)).toContain('请求 ID：r');
    expect(card.actions).toBeUndefined(); // not permitted is permanent: no Try again
    expect(
      renderReply({ type: 'error', error: appError('graph.unavailable'), retry: { command: 'list' } }, ZH).actions?.[0]
        .title,
    ).toBe('重试');
  });
});

describe('unknown operation card', () => {
  it('explains, and offers the list', () => {
    const card = renderReply({ type: 'operationUnknown' }, EN);
    expect(visibleText(card)).toMatch(/Run the command again/);
    expect(card.actions?.[0]).toMatchObject({ verb: 'command', data: { command: 'list' } });
  });
});
