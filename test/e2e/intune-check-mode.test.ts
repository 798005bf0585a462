/**
 * The Intune pre-check advises unless it has positive evidence (issue 16), end to end over real HTTP in the
 * default mode (INTUNE_CHECK_MODE=advise). All are admins of this bot (by group). Nora, Erin and Eli hold an Entra
 * role that lets them use Intune (the partner calls succeed), but Intune's getEffectivePermissions answer for them
 * is undocumented: refused (401), other categories only, empty. Hana's Intune role may only look at the connector
 * (Remote assistance connectors: Read). test/e2e/intune-permission.test.ts runs Hana with INTUNE_CHECK_MODE=enforce.
 */
import { DEFAULT_ADMIN_GROUP_ID, defaultUsers, TEAMVIEWER_PARTNER_ID, type SimUser } from '../../src/simulator';
import { EXTRA_USERS, startHarness, type Harness } from '../support/harness';
import { closeOpenOperations } from '../support/open-operations';
import { actionsOf, cardText, type TeamsUser } from '../support/teams';

const TENANT = defaultUsers()[0].tenantId;
const simUser = (name: string, oid: string, extra: Partial<SimUser>): SimUser => ({
  channelUserId: `29:1${name.toLowerCase().replace(/ /g, '-')}`,
  aadObjectId: oid,
  tenantId: TENANT,
  name,
  userPrincipalName: `${name.split(' ')[0].toLowerCase()}@example.com`,
  signedIn: true,
  groups: [DEFAULT_ADMIN_GROUP_ID],
  ...extra,
});
const NORA = simUser('Nora Entra', '4d5e6f70-8a9b-4cad-9e1f-2a3b4c5d6e70', { intuneEffectivePermissions: 'refused' });
const ERIN = simUser('Erin Entra', '5e6f7081-9bac-4dbe-8f2a-3b4c5d6e7f81', {
  intuneEffectivePermissions: ['Microsoft.Intune_Organization_Read', 'Microsoft.Intune_ManagedDevices_Read'],
});
const ELI = simUser('Eli Empty', '6f708192-acbd-4ecf-9a3b-4c5d6e7f8092', { intuneEffectivePermissions: [] });
const HANA = simUser('Hana Helpdesk', '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', {
  intuneResourceActions: ['Microsoft.Intune_RemoteAssistance_Read', 'Microsoft.Intune_Organization_Read'],
});
const teamsUser = (u: SimUser): TeamsUser => ({
  id: u.channelUserId,
  aadObjectId: u.aadObjectId,
  tenantId: u.tenantId,
  name: u.name,
});
const hana = teamsUser(HANA);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ simulator: { users: [...defaultUsers(), ...EXTRA_USERS, NORA, ERIN, ELI, HANA] } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  h.sim.reset();
  h.connector.clear();
  await closeOpenOperations(h.bot.store.operations, TENANT);
  h.clock.advance(301_000);
});

const changeButtons = (card: unknown) =>
  actionsOf(card)
    .filter((a) => a.verb === 'op.confirm' || a.data.command === 'disconnect' || a.data.command === 'reconnect')
    .map((a) => a.title);

async function click(user: TeamsUser, cardId: string, action: { verb: string; data: Record<string, unknown> }) {
  const res = await h.post(h.teams.action(user, action.verb, action.data, cardId));
  expect(res.status).toBe(200);
  return res.body.value as Record<string, unknown>;
}

const partnerState = () => h.sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)?.onboardingStatus;

describe('an admin for whom Intune lists no Remote Assistance action', () => {
  it.each([
    ['refuses the lookup', NORA],
    ['lists other categories only', ERIN],
    ['answers an empty list', ELI],
  ])(
    'when Intune %s: the confirmation has Disconnect, nothing about permissions, and the click disconnects',
    async (_what, who) => {
      const user = teamsUser(who);
      const list = await h.say(user, 'list');
      expect(changeButtons(list.card)).toEqual(['Disconnect', 'Reconnect']);
      const { card, id } = await h.say(user, 'disconnect TeamViewer');
      expect(changeButtons(card)).toEqual(['Disconnect']);
      expect(cardText(card)).not.toContain('Remote assistance connectors');
      const answer = await click(
        user,
        id,
        actionsOf(card).find((a) => a.verb === 'op.confirm')!,
      );
      expect(cardText(answer)).toContain('Disconnected');
      expect(h.graphCalls('/disconnect', 'POST').map((c) => c.status)).toEqual([204]);
      expect(partnerState()).toBe('notOnboarded');
    },
  );
});

describe('advise (the default): Intune lists Remote assistance connectors: Read only', () => {
  it('the list and the status offer the buttons, with a note that Intune will decide', async () => {
    const list = await h.say(hana, 'list', { where: 'channel' });
    expect(changeButtons(list.card)).toEqual(['Disconnect', 'Reconnect']);
    expect(cardText(list.card)).toContain(
      'Intune says your role does not include **Remote assistance connectors: Update**',
    );
    const status = await h.say(hana, 'status TeamViewer');
    expect(changeButtons(status.card)).toEqual(['Disconnect']);
    expect(cardText(status.card)).toContain('Intune decides when you click');
  });

  it('disconnect gets the confirmation with the note; on the click Intune refuses and the card says it is the Intune permission', async () => {
    const { card, id } = await h.say(hana, 'disconnect TeamViewer');
    expect(changeButtons(card)).toEqual(['Disconnect']);
    expect(cardText(card)).toContain('Intune says your role does not include **Remote assistance connectors: Update**');
    const answer = await click(
      hana,
      id,
      actionsOf(card).find((a) => a.verb === 'op.confirm')!,
    );
    expect(cardText(answer)).toContain('Not permitted in Intune');
    expect(h.graphCalls('/disconnect', 'POST').map((c) => c.status)).toEqual([401]);
    expect(partnerState()).toBe('onboarded');
  });

  it('reads the note in Chinese', async () => {
    const { card } = await h.say(hana, '列表', { locale: 'zh-CN' });
    expect(changeButtons(card)).toEqual(['断开连接', '重新连接']);
    expect(cardText(card)).toContain('远程协助连接器：更新');
  });
});
