/**
 * Before offering Disconnect / Reconnect the bot asks Intune what the user's role allows, end to end over real
 * HTTP (the bot server, the simulated tenant with the real OnBehalfOfCredential and Graph client, the recording
 * connector), with INTUNE_CHECK_MODE=enforce. Hana is an admin of this bot (by group) whose Intune role may only
 * look at the connector (Remote assistance connectors: Read); Alex is an Intune administrator. The default mode
 * (advise) and the answers that prove nothing: intune-check-mode.test.ts.
 */
import { DEFAULT_ADMIN_GROUP_ID, defaultUsers, TEAMVIEWER_PARTNER_ID, type SimUser } from '../../src/simulator';
import { EXTRA_USERS, startHarness, type Harness } from '../support/harness';
import { closeOpenOperations } from '../support/open-operations';
import { actionsOf, cardText, type TeamsUser, type Where } from '../support/teams';

const HANA: SimUser = {
  channelUserId: '29:1hana-helpdesk',
  aadObjectId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  tenantId: defaultUsers()[0].tenantId,
  name: 'Hana Helpdesk',
  userPrincipalName: 'hanah@example.com',
  signedIn: true,
  groups: [DEFAULT_ADMIN_GROUP_ID],
  intuneResourceActions: ['Microsoft.Intune_RemoteAssistance_Read', 'Microsoft.Intune_Organization_Read'],
};
const hana: TeamsUser = {
  id: HANA.channelUserId,
  aadObjectId: HANA.aadObjectId,
  tenantId: HANA.tenantId,
  name: HANA.name,
};
/** An admin for whom Intune's answer proves nothing: other categories only (an Entra Intune Administrator, maybe). */
const ERIN: SimUser = {
  ...HANA,
  channelUserId: '29:1erin-entra',
  aadObjectId: '5e6f7081-9bac-4dbe-8f2a-3b4c5d6e7f81',
  name: 'Erin Entra',
  userPrincipalName: 'erin@example.com',
  intuneResourceActions: undefined,
  intuneEffectivePermissions: ['Microsoft.Intune_Organization_Read'],
};
const erin: TeamsUser = {
  id: ERIN.channelUserId,
  aadObjectId: ERIN.aadObjectId,
  tenantId: ERIN.tenantId,
  name: ERIN.name,
};
const CACHE_MS = 300_000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: { INTUNE_CHECK_MODE: 'enforce' },
    simulator: { users: [...defaultUsers(), ...EXTRA_USERS, HANA, ERIN] },
  });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  h.sim.reset();
  h.connector.clear();
  await closeOpenOperations(h.bot.store.operations, h.user('Alex Wilber').tenantId);
  // Every scenario starts with the bot's per-user answers expired (the bot's clock only moves forward).
  h.clock.advance(CACHE_MS + 1000);
});

const say = (user: TeamsUser, text: string, opts?: Parameters<Harness['say']>[2]) => h.say(user, text, opts);

async function click(
  user: TeamsUser,
  cardId: string,
  action: { verb: string; data: Record<string, unknown> },
  where: Where = 'personal',
) {
  const res = await h.post(h.teams.action(user, action.verb, action.data, cardId, { where }));
  expect(res.status).toBe(200);
  return res.body.value as Record<string, unknown>;
}

/** Buttons that would change a partner: Disconnect / Reconnect, or a confirmation's. */
const changeButtons = (card: unknown) =>
  actionsOf(card)
    .filter((a) => a.verb === 'op.confirm' || a.data.command === 'disconnect' || a.data.command === 'reconnect')
    .map((a) => a.title);
const lookups = (user: { aadObjectId: string }) =>
  h.sim.calls.filter((c) => c.path.includes('getEffectivePermissions') && c.oid === user.aadObjectId);

describe('a user whose Intune role lacks Remote assistance connectors: Update', () => {
  it('sees the partners in a channel without Disconnect / Reconnect, and why and whom to ask', async () => {
    const { card } = await say(hana, 'list', { where: 'channel' });
    const text = cardText(card);
    expect(text).toContain('TeamViewer Connector');
    expect(text).toContain('Contoso Remote Help');
    expect(changeButtons(card)).toEqual([]);
    expect(actionsOf(card).filter((a) => a.data.command === 'status')).toHaveLength(2);
    expect(text).toContain('Disconnect and Reconnect are not offered');
    expect(text).toContain('Remote assistance connectors: Update');
    expect(text).toMatch(/Ask the Intune team .*to add it to your Intune role\./); // ADMIN_CONTACT of local mode
    expect(lookups(hana).map((c) => [c.method, c.path, c.status])).toEqual([
      ['GET', "/beta/deviceManagement/getEffectivePermissions(scope='*')", 200],
    ]);
  });

  it('reads it in Chinese', async () => {
    const { card } = await say(hana, '列表', { locale: 'zh-CN' });
    expect(changeButtons(card)).toEqual([]);
    expect(cardText(card)).toContain('远程协助连接器：更新');
    expect(cardText(card)).toContain('请联系 the Intune team');
  });

  it('asking to disconnect gets the reason instead of a confirmation: nothing pending, nothing sent to Graph', async () => {
    const { card } = await say(hana, 'disconnect TeamViewer');
    const text = cardText(card);
    expect(text).toContain('Your Intune role cannot disconnect partners');
    expect(text).toContain('Nothing was changed.');
    expect(changeButtons(card)).toEqual([]);
    expect(h.graphCalls('/remoteAssistancePartners')).toEqual([]);
    const history = await say(h.user('Alex Wilber'), 'history');
    expect(cardText(history.card)).not.toContain('Hana Helpdesk');
  });

  it("a crafted click on somebody else's confirmation still goes to Graph, and Intune's refusal is the last word", async () => {
    // In a channel both are in: a card's buttons work only in its own conversation.
    const alex = h.user('Alex Wilber');
    const { card, id } = await say(alex, 'disconnect TeamViewer', { where: 'channel' });
    const confirm = actionsOf(card).find((a) => a.verb === 'op.confirm')!;
    const answer = await click(hana, id, confirm, 'channel');
    expect(cardText(answer)).toContain('Not permitted in Intune');
    expect(h.graphCalls('/disconnect', 'POST').map((c) => c.status)).toEqual([401]);
    expect(h.sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)?.onboardingStatus).toBe('onboarded');
  });
});

describe('an Intune administrator', () => {
  it('sees the buttons on the list, the status card and the confirmation, and nothing about permissions', async () => {
    const alex = h.user('Alex Wilber');
    const list = await say(alex, 'list', { where: 'channel' });
    expect(changeButtons(list.card)).toEqual(['Disconnect', 'Reconnect']);
    expect(cardText(list.card)).not.toContain('Remote assistance connectors');
    const status = await say(alex, 'status TeamViewer');
    expect(changeButtons(status.card)).toEqual(['Disconnect']);
    const confirmation = await say(alex, 'disconnect TeamViewer');
    expect(changeButtons(confirmation.card)).toEqual(['Disconnect']);
  });
});

describe('an admin for whom Intune lists no Remote Assistance action', () => {
  it('is offered Disconnect even in enforce mode: only positive evidence refuses', async () => {
    const { card } = await say(erin, 'disconnect TeamViewer');
    expect(changeButtons(card)).toEqual(['Disconnect']);
    expect(cardText(card)).not.toContain('Remote assistance connectors');
  });
});

describe('the lookup', () => {
  it('is made once per user for several commands, and again when the cache time is over', async () => {
    const alex = h.user('Alex Wilber');
    // Three at once (two of Hana's share one lookup), then one after the other.
    const at = await Promise.all([
      h.post(h.teams.message(hana, 'list')),
      h.post(h.teams.message(hana, 'status TeamViewer')),
      h.post(h.teams.message(alex, 'list')),
    ]);
    expect(at.map((r) => r.status)).toEqual([200, 200, 200]);
    await say(hana, 'disconnect TeamViewer');
    await say(hana, 'list');
    await say(alex, 'status TeamViewer');
    await say(alex, 'disconnect TeamViewer');
    expect(lookups(hana)).toHaveLength(1);
    expect(lookups(alex)).toHaveLength(1);
    h.clock.advance(CACHE_MS + 1000);
    await say(hana, 'list');
    expect(lookups(hana)).toHaveLength(2);
  });

  it('that fails offers the buttons (Graph decides on the click) and is logged', async () => {
    h.sim.faults.graphNext(1, { status: 500, pathIncludes: 'getEffectivePermissions' });
    const { card } = await say(hana, 'list');
    expect(changeButtons(card)).toEqual(['Disconnect', 'Reconnect']);
    expect(lookups(hana).map((c) => c.status)).toEqual([500]);
    const warning = h.logs
      .map((l) => JSON.parse(l))
      .find((l) => l.msg?.startsWith('intune permission check failed') && l.user === HANA.aadObjectId);
    expect(warning).toMatchObject({ level: 'warn', error: { kind: 'graph.unavailable', status: 500 } });
  });
});
