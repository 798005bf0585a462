/** The fleet card (issue 19): a change in many customers, one row per customer, Confirm / Cancel with the fleet id. */
import type { FleetRecord } from '../../src/core/fleet-model';
import type { FleetRow } from '../../src/core/fleet-rows';
import { checkCardAction, renderReply } from '../../src/commands';
import { assertValidCard, executeActions, factValue, textBlocks, visibleText } from './card-shape';

const EN = { locale: 'en-US', timeZone: 'Europe/Berlin' };
const ZH = { locale: 'zh-CN', timeZone: 'Asia/Shanghai' };

const fleet = (over: Partial<FleetRecord> = {}): FleetRecord => ({
  id: 'fleet-1',
  tenantId: 'partner',
  conversationId: 'conv',
  kind: 'disconnect',
  partnerQuery: 'TeamViewer',
  selector: 'all',
  requester: { id: 'u-alex', name: 'Alex Wilber' },
  state: 'pending',
  members: [],
  createdAt: '2026-11-28T10:00:00.000Z',
  updatedAt: '2026-11-28T10:00:00.000Z',
  expiresAt: '2026-11-28T10:15:00.000Z',
  ...over,
});
const row = (name: string, state: FleetRow['state'], extra: Partial<FleetRow> = {}): FleetRow => ({
  customer: { tenantId: `t-${name}`, name },
  displayName: `${name[0].toUpperCase()}${name.slice(1)} Ltd`,
  state,
  ...extra,
});
const ROWS = [
  row('contoso', 'ready', { status: 'onboarded' }),
  row('fabrikam', 'unreachable', { reason: 'auth.customerNotConsented' }),
  row('northwind', 'ready', { status: 'onboarded' }),
  row('tailspin', 'ready', { status: 'onboarding' }),
  row('wingtip', 'notAllowed'),
];

describe('fleet card', () => {
  it('asks "Disconnect TeamViewer in 3 customers?" with a row per customer and why one cannot be reached', () => {
    const card = renderReply({ type: 'fleet', fleet: fleet(), rows: ROWS }, EN);
    assertValidCard(card);
    expect(textBlocks(card)[0].text).toBe('Disconnect TeamViewer in 3 customers?');
    expect(factValue(card, 'Contoso Ltd')).toBe('Will change (now: Onboarded (connected))');
    expect(factValue(card, 'Fabrikam Ltd')).toMatch(/^Cannot reach: /);
    expect(factValue(card, 'Wingtip Ltd')).toBe('Not allowed: you may not act in this customer');
    expect(visibleText(card)).toContain('Customers: all');
    expect(executeActions(card)).toEqual([
      {
        type: 'Action.Execute',
        title: 'Disconnect',
        verb: 'fleet.confirm',
        data: { fleetId: 'fleet-1' },
        style: 'destructive',
      },
      { type: 'Action.Execute', title: 'Cancel', verb: 'fleet.cancel', data: { fleetId: 'fleet-1' } },
    ]);
  });

  it("shows Entra's code where Entra answered one, and counts one customer in the singular", () => {
    const rows = [
      row('contoso', 'ready', { status: 'onboarded' }),
      row('fabrikam', 'unreachable', { reason: 'auth.customerNotConsented', code: 'AADSTS90099' }),
    ];
    const card = renderReply({ type: 'fleet', fleet: fleet(), rows }, EN);
    expect(textBlocks(card)[0].text).toBe('Disconnect TeamViewer in 1 customer?');
    expect(factValue(card, 'Fabrikam Ltd')).toMatch(/^Cannot reach: .+ \(Entra answered AADSTS90099\)$/);
    const running = renderReply({ type: 'fleet', fleet: fleet({ state: 'running' }), rows: [row('c', 'queued')] }, EN);
    expect(textBlocks(running)[0].text).toBe('Disconnect TeamViewer: in progress in 1 customer');
    const zh = renderReply({ type: 'fleet', fleet: fleet(), rows }, ZH);
    expect(factValue(zh, 'Fabrikam Ltd')).toContain('AADSTS90099');
  });

  it('nothing to do anywhere: "nothing to do", no buttons', () => {
    const rows = [row('contoso', 'alreadyThere'), row('wingtip', 'notAllowed')];
    const card = renderReply({ type: 'fleet', fleet: fleet(), rows, unsaved: true }, EN);
    assertValidCard(card);
    expect(textBlocks(card)[0].text).toBe('Disconnect TeamViewer: nothing to do');
    expect(visibleText(card)).toContain('Nothing to do in any customer.');
    expect(executeActions(card)).toEqual([]);
  });

  it('expired: rows say the request was not confirmed in time (not "cancelled")', () => {
    const card = renderReply(
      { type: 'fleet', fleet: fleet({ state: 'expired' }), rows: [row('contoso', 'expired')] },
      EN,
    );
    expect(factValue(card, 'Contoso Ltd')).toBe('Expired: not confirmed in time');
    expect(executeActions(card)).toEqual([]);
  });

  it('running and finished: no buttons, rows queued then done / refused (why)', () => {
    const running = renderReply(
      { type: 'fleet', fleet: fleet({ state: 'running' }), rows: [row('contoso', 'queued')] },
      EN,
    );
    expect(executeActions(running)).toEqual([]);
    expect(factValue(running, 'Contoso Ltd')).toBe('Queued');
    const rows = [row('contoso', 'done'), row('fabrikam', 'refused', { reason: 'graph.forbidden' })];
    const done = renderReply({ type: 'fleet', fleet: fleet({ state: 'finished' }), rows }, EN);
    expect(textBlocks(done)[0].text).toBe('Disconnect TeamViewer: finished');
    expect(factValue(done, 'Contoso Ltd')).toBe('Done');
    expect(factValue(done, 'Fabrikam Ltd')).toMatch(/^Refused: /);
  });

  it('under approval the refused click says why and has no buttons', () => {
    const card = renderReply({ type: 'fleet', fleet: fleet(), rows: ROWS, refused: 'approvalRequired' }, EN);
    expect(executeActions(card)).toEqual([]);
    expect(visibleText(card)).toContain('Two-person approval is required');
  });

  it('history @all: each fleet with its outcome per customer, newest first', () => {
    const entries = [
      {
        fleet: fleet({ state: 'finished' }),
        rows: [row('contoso', 'done'), row('fabrikam', 'refused', { reason: 'graph.forbidden' })],
      },
      { fleet: fleet({ id: 'fleet-0', state: 'cancelled' }), rows: [row('contoso', 'cancelled')] },
    ];
    const card = renderReply({ type: 'fleetHistory', selector: 'all', entries }, EN);
    assertValidCard(card);
    const text = visibleText(card);
    expect(textBlocks(card)[0].text).toBe('Changes in many customers (@all)');
    expect(text).toContain('Disconnect TeamViewer: finished');
    expect(text).toContain('Disconnect TeamViewer: cancelled');
    expect(factValue(card, 'Fabrikam Ltd')).toMatch(/^Refused: /);
    const empty = renderReply({ type: 'fleetHistory', selector: 'eu', entries: [] }, ZH);
    expect(visibleText(empty)).toContain('尚未在多个客户中请求过更改。');
  });

  it('speaks zh-CN', () => {
    const card = renderReply({ type: 'fleet', fleet: fleet(), rows: ROWS }, ZH);
    expect(textBlocks(card)[0].text).toBe('在 3 个客户中断开连接 TeamViewer？');
  });

  it('a fleet click carries a fleet id; bad data is refused, never passed on', () => {
    const check = checkCardAction;
    expect(check('fleet.confirm', { fleetId: 'fleet-1' })).toEqual({
      ok: { verb: 'fleet.confirm', fleetId: 'fleet-1' },
    });
    expect(check('fleet.cancel', { fleetId: '<script>' })).toHaveProperty('invalid');
    expect(check('fleet.confirm', {})).toHaveProperty('invalid');
  });
});
