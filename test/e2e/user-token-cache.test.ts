/**
 * The user's token from the Bot Framework token service is kept between turns (bot/user-token-cache.ts):
 * counted at the simulated token service (GET /api/usertoken/GetToken, as botframework-connector's
 * UserTokenClientImpl calls it), with the real bot over real HTTP.
 */
import { startHarness, type Harness } from '../support/harness';
import { actionsOf, cardOf, cardText } from '../support/teams';

const OAUTH_CARD = 'application/vnd.microsoft.card.oauth';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h?.close();
});

const getTokens = () =>
  h.sim.calls.filter((c) => c.service === 'tokenService' && c.path.includes('/api/usertoken/GetToken')).length;
const oauthCards = () =>
  h.connector.messages().filter((m) => m.activity.attachments?.some((a: any) => a.contentType === OAUTH_CARD));
const lastCardText = () => cardText(cardOf(h.connector.messages().at(-1)!.activity));

it('20 commands from one signed-in user ask the token service once', async () => {
  const alex = h.user('Alex Wilber');
  const commands = ['list', 'status TeamViewer', 'whoami', 'history', 'disconnect TeamViewer'];
  for (let i = 0; i < 20; i++) {
    const res = await h.post(h.teams.message(alex, commands[i % commands.length]));
    expect(res.status).toBe(200);
  }
  expect(getTokens()).toBe(1);
  expect(oauthCards()).toHaveLength(0);
  expect(h.connector.messages()).toHaveLength(20);
  expect(h.bot.userTokens.size).toBe(1);
});

it('a click is served from the kept token too, and two users are kept apart', async () => {
  const alex = h.user('Alex Wilber');
  const lee = h.user('Lee Gu');
  // Both in one channel: a card's buttons work only in its own conversation.
  await h.post(h.teams.message(alex, 'disconnect TeamViewer', { where: 'channel' }));
  await h.post(h.teams.message(lee, 'status TeamViewer', { where: 'channel' }));
  expect(getTokens()).toBe(2);
  const asked = h.connector.messages()[0];
  const confirm = actionsOf(cardOf(asked.activity)).find((a) => a.verb === 'op.confirm')!;
  const res = await h.post(h.teams.action(lee, confirm.verb, confirm.data, asked.id!, { where: 'channel' }));
  expect(cardText(res.body.value)).toMatch(/Disconnected/);
  expect(cardText(res.body.value)).toContain('Lee Gu'); // Lee's own token, not Alex's
  expect(getTokens()).toBe(2);
});

it('commands at once from one user share one GetToken', async () => {
  const alex = h.user('Alex Wilber');
  const answers = await Promise.all(
    Array.from({ length: 8 }, () => h.post(h.teams.message(alex, 'status TeamViewer'))),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
  expect(getTokens()).toBe(1);
});

it('a sign-in keeps the token the exchange returned: the next command does not ask again', async () => {
  const megan = h.user('Megan Bowen');
  await h.post(h.teams.message(megan, 'list'));
  const asked = getTokens(); // "no token" (404) answers, which are never kept: teams-ai asks twice on a first turn
  expect(asked).toBeGreaterThan(0);
  expect(oauthCards()).toHaveLength(1);
  expect(
    (await h.post(h.teams.tokenExchange(megan, 'graph', h.sim.issueUserAssertion(megan.aadObjectId)))).status,
  ).toBe(200);
  expect(lastCardText()).toContain('TeamViewer Connector');
  await h.post(h.teams.message(megan, 'status TeamViewer'));
  expect(lastCardText()).toMatch(/Onboarded/);
  expect(getTokens()).toBe(asked);
});

it('an interaction-required answer forgets the token and signs out: the next command asks again and shows a sign-in', async () => {
  const lee = h.user('Lee Gu');
  h.sim.faults.user(lee.aadObjectId, { interactionRequired: true });
  // whoami starts no sign-in, but asks whether Lee holds a token (and, with it, Intune: Entra refuses that here)
  await h.post(h.teams.message(lee, 'whoami'));
  expect(getTokens()).toBe(1);
  await h.post(h.teams.message(lee, 'list'));
  expect(lastCardText()).toMatch(/sign in/i);
  expect(getTokens()).toBe(1); // served from the cache; Entra refused it
  expect(h.sim.isSignedIn(lee.id)).toBe(false);
  h.sim.faults.clear();
  await h.post(h.teams.message(lee, 'list'));
  expect(getTokens()).toBeGreaterThan(1);
  expect(oauthCards()).toHaveLength(1);
});

it('a consent answer forgets the token (the user stays signed in): the next command asks the token service again', async () => {
  const lee = h.user('Lee Gu');
  h.sim.faults.user(lee.aadObjectId, { consentRequired: true });
  await h.post(h.teams.message(lee, 'list'));
  expect(lastCardText()).toMatch(/consent/i);
  expect(getTokens()).toBe(1);
  h.sim.faults.clear();
  await h.post(h.teams.message(lee, 'list'));
  expect(lastCardText()).toContain('TeamViewer Connector');
  expect(getTokens()).toBe(2);
  await h.post(h.teams.message(lee, 'list'));
  expect(getTokens()).toBe(2);
});

it("an unreachable token endpoint is not the token's fault: it is kept", async () => {
  const lee = h.user('Lee Gu');
  h.sim.faults.user(lee.aadObjectId, { tokenEndpointDown: true });
  await h.post(h.teams.message(lee, 'list'));
  expect(getTokens()).toBe(1);
  h.sim.faults.clear();
  await h.post(h.teams.message(lee, 'list'));
  expect(lastCardText()).toContain('TeamViewer Connector');
  expect(getTokens()).toBe(1);
});

it('switched off, every command asks the token service (as before the cache)', async () => {
  h.bot.userTokens.enabled = false;
  const alex = h.user('Alex Wilber');
  for (let i = 0; i < 3; i++) await h.post(h.teams.message(alex, 'status TeamViewer'));
  expect(getTokens()).toBe(3);
});
