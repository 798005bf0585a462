/**
 * whoami, end to end: what the bot knows of you from Teams, with no Graph call and no sign-in started; whether
 * you are signed in comes from the Bot Framework token service (the simulated one here).
 */
import { startHarness, type Harness } from '../support/harness';
import { cardText, type TeamsUser } from '../support/teams';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
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

it('tells a signed-in admin who they are, without asking Graph or Entra', async () => {
  const alex = h.user('Alex Wilber');
  const text = cardText((await say(alex, 'whoami')).card);
  expect(text).toContain('Who you are to me');
  expect(text).toContain('Alex Wilber');
  expect(text).toContain(alex.aadObjectId);
  expect(text).toContain(alex.tenantId);
  expect(text).toMatch(/Signed in\s*Yes/);
  expect(h.graphCalls()).toEqual([]);
  expect(entraCalls()).toEqual([]);
});

it('tells a user who never signed in that they are not, and shows them no sign-in card', async () => {
  const megan = h.user('Megan Bowen');
  const { card, activity } = await say(megan, 'whoami');
  const text = cardText(card);
  expect(text).toContain('Megan Bowen');
  expect(text).toMatch(/Signed in\s*No \(you will be asked/);
  expect(JSON.stringify(activity)).not.toContain('application/vnd.microsoft.card.oauth');
  expect(h.sim.isSignedIn(megan.id)).toBe(false);
});

it('answers the Chinese word in Chinese', async () => {
  const text = cardText((await say(h.user('Alex Wilber'), '我是谁', { locale: 'zh-CN' })).card);
  expect(text).toContain('你在我这里的身份');
});
