/**
 * whoami, end to end: what the bot knows of you from Teams, with no sign-in started; whether you are signed in
 * comes from the Bot Framework token service (the simulated one here). With a token you already hold, it shows
 * what Intune answered for you (getEffectivePermissions: the Remote Assistance actions and the verdict) and the
 * check's mode (INTUNE_CHECK_MODE); no other Graph call.
 */
import { DEFAULT_ADMIN_GROUP_ID, defaultUsers, type SimUser } from '../../src/simulator';
import { EXTRA_USERS, startHarness, type Harness } from '../support/harness';
import { cardText, type TeamsUser } from '../support/teams';

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

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ simulator: { users: [...defaultUsers(), ...EXTRA_USERS, HANA] } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.sim.reset();
  h.connector.clear();
});

const say = (user: TeamsUser, text: string, opts?: Parameters<Harness['say']>[2]) => h.say(user, text, opts);

const entraCalls = () => h.sim.calls.filter((c) => c.service === 'entra');

it('tells a signed-in admin who they are, and what Intune answered for them: one Graph call, getEffectivePermissions', async () => {
  const alex = h.user('Alex Wilber');
  const text = cardText((await say(alex, 'whoami')).card);
  expect(text).toContain('Who you are to me');
  expect(text).toContain('Alex Wilber');
  expect(text).toContain(alex.aadObjectId);
  expect(text).toContain(alex.tenantId);
  expect(text).toMatch(/Signed in\s*Yes/);
  expect(text).toMatch(/Intune check \(INTUNE_CHECK_MODE\)\s*Advise/);
  expect(text).toMatch(/Remote Assistance: allowed\s*\\\*/); // Intune Administrator: `*`
  expect(text).toMatch(/Remote assistance connectors: Update\s*Allowed, by Intune's answer/);
  expect(h.graphCalls().map((c) => c.path)).toEqual(["/beta/deviceManagement/getEffectivePermissions(scope='*')"]);
});

it('shows a help-desk admin the Remote Assistance actions Intune lists and the verdict, in Chinese too', async () => {
  const text = cardText((await say(hana, 'whoami')).card);
  expect(text).toMatch(/Remote Assistance: allowed\s*Microsoft.Intune\\_RemoteAssistance\\_Read/);
  expect(text).not.toContain('Organization');
  expect(text).toMatch(/Remote Assistance: not allowed\s*none listed/);
  expect(text).toContain('Missing: Intune lists Remote Assistance permissions of yours, and none allows it');
  const zh = cardText((await say(hana, '我是谁', { locale: 'zh-CN' })).card);
  expect(zh).toContain('缺少：Intune 列出了你的远程协助权限');
});

it('tells a user who never signed in that they are not, and shows them no sign-in card', async () => {
  const megan = h.user('Megan Bowen');
  const { card, activity } = await say(megan, 'whoami');
  const text = cardText(card);
  expect(text).toContain('Megan Bowen');
  expect(text).toMatch(/Signed in\s*No \(you will be asked/);
  expect(text).toContain('Not asked: you are not signed in');
  expect(h.graphCalls()).toEqual([]);
  expect(entraCalls()).toEqual([]);
  expect(JSON.stringify(activity)).not.toContain('application/vnd.microsoft.card.oauth');
  expect(h.sim.isSignedIn(megan.id)).toBe(false);
});

it('answers the Chinese word in Chinese', async () => {
  const text = cardText((await say(h.user('Alex Wilber'), '我是谁', { locale: 'zh-CN' })).card);
  expect(text).toContain('你在我这里的身份');
});
