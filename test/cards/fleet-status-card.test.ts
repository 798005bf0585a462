/**
 * The fleet reads' card (issue 19): `status TeamViewer @all` and `list @all`, one row per customer the user may read,
 * the customers left out counted, and "Disconnect in all" asking the fleet. In both languages.
 */
import { checkCardAction, renderReply } from '../../src/commands';
import type { FleetReadReply, FleetReadRow } from '../../src/core/fleet-status';
import type { Partner } from '../../src/core/model';
import { assertValidCard, executeActions, factValue, textBlocks, visibleText } from './card-shape';

const EN = { locale: 'en-US', timeZone: 'Europe/Berlin' };
const ZH = { locale: 'zh-CN', timeZone: 'Asia/Shanghai' };

const TEAMVIEWER: Partner = {
  id: 'p-tv',
  displayName: 'TeamViewer Connector',
  onboardingStatus: 'onboarded',
  lastConnectionDateTime: '2026-11-28T09:00:00Z',
};
const row = (name: string, outcome: FleetReadRow['outcome'], mayAct = true): FleetReadRow => ({
  customer: { tenantId: `t-${name}`, name },
  displayName: `${name[0].toUpperCase()}${name.slice(1)} Ltd`,
  mayAct,
  outcome,
});
const STATUS: FleetReadReply = {
  type: 'fleetRead',
  command: 'status',
  selector: 'all',
  query: 'TeamViewer',
  rows: [
    row('contoso', { kind: 'partners', partners: [TEAMVIEWER] }),
    row('fabrikam', { kind: 'unreachable', errorKind: 'auth.customerNotConsented', code: 'AADSTS90099' }),
    row('northwind', { kind: 'unreachable', errorKind: 'auth.customerNoAccess', code: 'AADSTS50020' }),
    row('tailspin', { kind: 'noPartner', several: false }),
  ],
  hidden: 2,
  change: 'disconnect',
};

describe('fleet status card', () => {
  it('status TeamViewer @all: a row per customer with the state and last connection, or why not (AADSTS)', () => {
    const card = renderReply(STATUS, EN);
    assertValidCard(card);
    expect(textBlocks(card)[0].text).toBe('TeamViewer in 4 customers');
    expect(factValue(card, 'Contoso Ltd')).toMatch(/^Onboarded \(connected\) · last connection .*2026/);
    expect(factValue(card, 'Fabrikam Ltd')).toMatch(/^Cannot reach: .+ \(AADSTS90099\)$/);
    expect(factValue(card, 'Northwind Ltd')).toMatch(/^Cannot reach: .+ \(AADSTS50020\)$/);
    expect(factValue(card, 'Tailspin Ltd')).toBe('No partner named “TeamViewer” there');
    expect(visibleText(card)).toContain('Left out: 2 of the customers of @all, which you may not read.');
  });

  it('"Disconnect in all" runs `disconnect TeamViewer @all` (the fleet card then asks to confirm)', () => {
    const actions = executeActions(renderReply(STATUS, EN));
    expect(actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Disconnect in all',
        verb: 'command',
        data: { command: 'disconnect', partner: 'TeamViewer', target: 'all' },
        style: 'destructive',
      },
    ]);
    // The bot's own contract accepts the click as that command with that target.
    expect(checkCardAction(actions[0].verb, actions[0].data)).toEqual({
      ok: { verb: 'command', command: 'disconnect', partner: 'TeamViewer', target: 'all' },
    });
    const eu = executeActions(renderReply({ ...STATUS, selector: 'eu' }, EN));
    expect(eu.map((a) => [a.title, a.data])).toEqual([
      ['Disconnect in @eu', { command: 'disconnect', partner: 'TeamViewer', target: 'eu' }],
    ]);
  });

  it('no change offered (a reader, or nothing to do): no button', () => {
    const { change: _change, ...readOnly } = STATUS;
    expect(executeActions(renderReply(readOnly, EN))).toEqual([]);
  });

  it('list @all: each customer its partners and their state', () => {
    const other: Partner = { id: 'p-2', displayName: 'Remote Help', onboardingStatus: 'notOnboarded' };
    const card = renderReply(
      {
        type: 'fleetRead',
        command: 'list',
        selector: 'all',
        rows: [
          row('contoso', { kind: 'partners', partners: [TEAMVIEWER, other] }),
          row('fabrikam', { kind: 'partners', partners: [] }),
          row('northwind', { kind: 'unreachable', errorKind: 'graph.throttled' }),
        ],
        hidden: 0,
      },
      EN,
    );
    assertValidCard(card);
    expect(textBlocks(card)[0].text).toBe('Partners in 3 customers');
    expect(factValue(card, 'Contoso Ltd')).toBe(
      'TeamViewer Connector: Onboarded (connected) · Remote Help: Not onboarded (disconnected)',
    );
    expect(factValue(card, 'Fabrikam Ltd')).toBe('No remote-assistance partner there');
    expect(factValue(card, 'Northwind Ltd')).toMatch(/^Cannot reach: /);
    expect(visibleText(card)).not.toContain('Left out');
    expect(executeActions(card)).toEqual([]);
  });

  it('none readable: says so, with the count', () => {
    const card = renderReply({ ...STATUS, rows: [], hidden: 3, change: undefined }, EN);
    expect(textBlocks(card)[0].text).toBe('TeamViewer in 0 customers');
    expect(visibleText(card)).toContain('You may read none of these customers.');
    expect(visibleText(card)).toContain('Left out: 3 of the customers of @all');
  });

  it('zh-CN: the same card in Chinese, the button too', () => {
    const card = renderReply(STATUS, ZH);
    assertValidCard(card);
    expect(textBlocks(card)[0].text).toBe('TeamViewer：4 个客户');
    expect(factValue(card, 'Fabrikam Ltd')).toMatch(/^无法访问：.+（AADSTS90099）$/);
    expect(visibleText(card)).toContain('未显示：@all 中你无权读取的 2 个客户。');
    expect(executeActions(card)[0].title).toMatch(/^在全部客户中/);
  });

  it('a partner name with markdown is shown as text, not markup', () => {
    const sneaky: Partner = { ...TEAMVIEWER, displayName: '**[click](https://evil.example)**' };
    const card = renderReply(
      { ...STATUS, command: 'list', rows: [row('contoso', { kind: 'partners', partners: [sneaky] })] },
      EN,
    );
    expect(factValue(card, 'Contoso Ltd')).toBe('\\*\\*\\[click\\](https://evil.example)\\*\\*: Onboarded (connected)');
  });
});
