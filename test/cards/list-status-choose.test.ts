import { MAX_CANDIDATES, MAX_LISTED_PARTNERS, type Container } from '../../src/cards';
import { renderReply } from '../../src/commands';
import type { Partner } from '../../src/core/model';
import { assertValidCard, executeActions, factValue, textBlocks, visibleText } from './card-shape';
import { operation, partner } from './fixtures';

const EN = { locale: 'en-US', timeZone: 'Europe/Berlin' };
const many = (n: number): Partner[] =>
  Array.from({ length: n }, (_, i) => partner({ id: `p-${i}`, displayName: `TeamViewer ${i}` }));

describe('partner list card', () => {
  it('shows each partner: name, status, last connection (or never), and per-partner buttons', () => {
    const card = renderReply(
      {
        type: 'partnerList',
        partners: [
          partner(),
          partner({ id: 'p2', displayName: 'Old One', onboardingStatus: 'notOnboarded', lastConnectionDateTime: null }),
        ],
      },
      EN,
    );
    const text = visibleText(card);
    expect(textBlocks(card)[0].text).toBe('Remote-assistance partners (2)');
    expect(text).toContain('TeamViewer Connector');
    expect(text).toContain('Onboarded (connected)');
    expect(text).toContain('2026-11-28 09:30 UTC (10:30 Europe/Berlin)');
    expect(text).toContain('Not onboarded (disconnected)');
    expect(text).toContain('never');
    const rows = card.body.filter((e): e is Container => e.type === 'Container');
    expect(rows).toHaveLength(2);
    const rowActions = rows.map((r) => r.items.flatMap((i) => (i.type === 'ActionSet' ? i.actions : [])));
    expect(rowActions[0]).toEqual([
      { type: 'Action.Execute', title: 'Status', verb: 'command', data: { command: 'status', partner: partner().id } },
      {
        type: 'Action.Execute',
        title: 'Disconnect',
        verb: 'command',
        data: { command: 'disconnect', partner: partner().id },
        style: 'destructive',
      },
    ]);
    expect(rowActions[1][1]).toEqual({
      type: 'Action.Execute',
      title: 'Reconnect',
      verb: 'command',
      data: { command: 'reconnect', partner: 'p2' },
      style: 'positive',
    });
  });

  it('says so clearly when there is no partner', () => {
    const card = renderReply({ type: 'partnerList', partners: [] }, EN);
    expect(visibleText(card)).toContain('No remote-assistance partner is set up in Intune');
  });

  it('bounds a long list and says how many are not shown', () => {
    const card = renderReply({ type: 'partnerList', partners: many(200) }, EN);
    assertValidCard(card);
    expect(card.body.filter((e) => e.type === 'Container')).toHaveLength(MAX_LISTED_PARTNERS);
    expect(visibleText(card)).toContain(`${200 - MAX_LISTED_PARTNERS} more not shown`);
  });
});

describe('partner status card', () => {
  it('shows the facts, the expiry when set, and the onboarding URL (as a link button too)', () => {
    const p = partner({ onboardingStatus: 'onboarding', onboardingRequestExpiryDateTime: '2026-12-05T10:00:00Z' });
    const card = renderReply({ type: 'partnerStatus', partner: p }, EN);
    expect(factValue(card, 'Name')).toBe('TeamViewer Connector');
    expect(factValue(card, 'ID')).toBe(p.id);
    expect(factValue(card, 'Status')).toBe('Onboarding (waiting for TeamViewer)');
    expect(factValue(card, 'Last connection')).toBe('2026-11-28 09:30 UTC (10:30 Europe/Berlin)');
    expect(factValue(card, 'Onboarding request expires')).toBe('2026-12-05 10:00 UTC (11:00 Europe/Berlin)');
    expect(factValue(card, 'Onboarding URL')).toBe('https://login.teamviewer.com/intune/onboard?x=1');
    expect(card.actions).toContainEqual({
      type: 'Action.OpenUrl',
      title: 'Open onboarding page',
      url: 'https://login.teamviewer.com/intune/onboard?x=1',
    });
    expect(card.actions).toContainEqual(
      expect.objectContaining({ verb: 'command', data: { command: 'disconnect', partner: p.id } }),
    );
  });

  it('says "no expiry" when none is set, leaves out the URL when not set, and never links a non-https URL', () => {
    for (const onboardingUrl of [null, 'javascript:alert(1)', 'http://evil.example/x', 'not a url']) {
      const card = renderReply({ type: 'partnerStatus', partner: partner({ onboardingUrl }) }, EN);
      expect(factValue(card, 'Onboarding request expires')).toBe('no expiry');
      expect(factValue(card, 'Onboarding URL')).toBeUndefined();
      expect(card.actions?.some((a) => a.type === 'Action.OpenUrl')).toBe(false);
    }
  });

  it('notes a running operation and offers no second one', () => {
    const running = operation({
      state: 'running',
      executor: { id: 'b', name: 'Bob Operator' },
      updatedAt: '2026-11-28T10:01:00Z',
    });
    const card = renderReply({ type: 'partnerStatus', partner: partner(), running }, EN);
    expect(visibleText(card)).toContain(
      'A disconnect is in progress (started by Bob Operator at 2026-11-28 10:01 UTC (11:01 Europe/Berlin)).',
    );
    expect(
      executeActions(card).some((a) => a.verb === 'command' && 'command' in a.data && a.data.command === 'disconnect'),
    ).toBe(false);
  });
});

describe('choose-partner card', () => {
  it('no match: says so, one button per candidate running the command for it', () => {
    const card = renderReply(
      {
        type: 'choosePartner',
        command: 'disconnect',
        query: 'TemViewer',
        candidates: [partner(), partner({ id: 'p2', displayName: 'Other' })],
        noMatch: true,
      },
      EN,
    );
    expect(textBlocks(card)[0].text).toBe('No partner is named “TemViewer”.');
    const perCandidate = executeActions(card).filter((a) => 'command' in a.data && a.data.command === 'disconnect');
    expect(perCandidate.map((a) => a.data)).toEqual([
      { command: 'disconnect', partner: partner().id },
      { command: 'disconnect', partner: 'p2' },
    ]);
    expect(perCandidate.map((a) => a.title)).toEqual(['TeamViewer Connector', 'Other']);
  });

  it('several: says so; duplicate names are told apart on the buttons', () => {
    const card = renderReply(
      {
        type: 'choosePartner',
        command: 'status',
        query: 'team',
        candidates: [partner({ id: 'aaaa-1' }), partner({ id: 'bbbb-2' })],
        noMatch: false,
      },
      EN,
    );
    expect(textBlocks(card)[0].text).toBe('Several partners match “team”.');
    const titles = executeActions(card)
      .filter((a) => 'partner' in a.data)
      .map((a) => a.title);
    expect(new Set(titles).size).toBe(2);
    expect(titles[0]).toContain('aaaa-1');
  });

  it('no candidates at all', () => {
    const card = renderReply(
      { type: 'choosePartner', command: 'status', query: 'x', candidates: [], noMatch: true },
      EN,
    );
    expect(visibleText(card)).toContain('There are no partners to choose from.');
  });

  it(`shows at most ${MAX_CANDIDATES} candidates and says how many more`, () => {
    const card = renderReply(
      { type: 'choosePartner', command: 'disconnect', query: 'TeamViewer', candidates: many(37), noMatch: false },
      EN,
    );
    assertValidCard(card);
    expect(executeActions(card).filter((a) => 'partner' in a.data)).toHaveLength(MAX_CANDIDATES);
    expect(visibleText(card)).toContain(`${37 - MAX_CANDIDATES} more not shown`);
  });
});
