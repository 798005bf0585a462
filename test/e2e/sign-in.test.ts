/**
 * Sign-in, as Teams does it: silent SSO in personal chat (an OAuthCard with a tokenExchangeResource, then
 * the signin/tokenExchange invoke), the sign-in link and 6-digit code in channels (signin/verifyState), and
 * the 401 loginRequest answer when a card is clicked by somebody who is not signed in.
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

const oauthCards = () =>
  h.connector.messages().filter((m) => m.activity.attachments?.some((a: any) => a.contentType === OAUTH_CARD));

it('personal chat: the first command asks for sign-in (SSO), and after the exchange the command runs', async () => {
  const megan = h.user('Megan Bowen');
  expect((await h.post(h.teams.message(megan, 'list'))).status).toBe(200);
  const prompts = oauthCards();
  expect(prompts).toHaveLength(1);
  const oauth = prompts[0].activity.attachments[0].content;
  expect(oauth.connectionName).toBe('graph');
  expect(oauth.tokenExchangeResource?.uri).toBe(`api://botid-${h.sim.botId}`);
  expect(h.graphCalls()).toHaveLength(0); // nothing before sign-in

  // Teams gets an SSO token for the bot's API silently and hands it over.
  const exchange = await h.post(h.teams.tokenExchange(megan, 'graph', h.sim.issueUserAssertion(megan.aadObjectId)));
  expect(exchange.status).toBe(200);
  const resumed = h.connector.messages().at(-1)!;
  expect(cardText(cardOf(resumed.activity))).toContain('TeamViewer Connector');
  expect(h.sim.isSignedIn(megan.id)).toBe(true);

  // Signed in now: the next command runs at once.
  h.connector.clear();
  await h.post(h.teams.message(megan, 'status TeamViewer'));
  expect(oauthCards()).toHaveLength(0);
  expect(cardText(cardOf(h.connector.messages()[0].activity))).toMatch(/Onboarded/);
});

it('a duplicate token-exchange invoke (Teams sends one per client) runs the command once', async () => {
  const megan = h.user('Megan Bowen');
  await h.post(h.teams.message(megan, 'list'));
  // Each client sends the id of the card's token-exchange resource.
  const cardId = oauthCards()[0].activity.attachments[0].content.tokenExchangeResource.id;
  const exchange = h.teams.tokenExchange(megan, 'graph', h.sim.issueUserAssertion(megan.aadObjectId));
  const invoke = { ...exchange, value: { ...exchange.value, id: cardId } };
  const [a, b] = await Promise.all([h.post(invoke), h.post(invoke)]);
  expect([a.status, b.status].sort()).toEqual([200, 200]);
  const lists = h.connector.messages().filter((m) => cardText(cardOf(m.activity)).includes('TeamViewer Connector'));
  expect(lists).toHaveLength(1);
  // A third, late one (a slow client) after the sign-in finished: answered, nothing more.
  const before = h.connector.messages().length;
  expect((await h.post(invoke)).status).toBe(200);
  expect(h.connector.messages()).toHaveLength(before);
});

it('a failed exchange answers 412 so that Teams falls back to the sign-in button', async () => {
  const megan = h.user('Megan Bowen');
  await h.post(h.teams.message(megan, 'list'));
  const res = await h.post(h.teams.tokenExchange(megan, 'graph', 'not-a-token'));
  expect(res.status).toBe(412);
  expect(h.graphCalls()).toHaveLength(0);
});

it('channel: sign-in through the link and the 6-digit code, then the command runs', async () => {
  const megan = h.user('Megan Bowen');
  await h.post(h.teams.message(megan, 'list', { where: 'channel' }));
  expect(oauthCards()).toHaveLength(1);
  const code = h.sim.issueSignInCode(megan.id);
  const verify = await h.post(h.teams.verifyState(megan, code, 'channel'));
  expect(verify.status).toBe(200);
  expect(cardText(cardOf(h.connector.messages().at(-1)!.activity))).toContain('TeamViewer Connector');
});

it('a card click from somebody not signed in gets the 401 loginRequest, then works with the token', async () => {
  const alex = h.user('Alex Wilber');
  const megan = h.user('Megan Bowen');
  // In a group chat both are in (a card's buttons work where it was asked; SSO works in group chats).
  const where = { where: 'groupChat' as const };
  await h.post(h.teams.message(alex, 'disconnect TeamViewer', where));
  const asked = h.connector.messages()[0];
  const confirm = actionsOf(cardOf(asked.activity)).find((a) => a.verb === 'op.confirm')!;

  const first = await h.post(h.teams.action(megan, confirm.verb, confirm.data, asked.id!, where));
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ statusCode: 401, type: 'application/vnd.microsoft.activity.loginRequest' });
  expect(first.body.value.tokenExchangeResource.uri).toBe(`api://botid-${h.sim.botId}`);
  expect(h.graphCalls('/disconnect')).toHaveLength(0);

  // Teams retries the same action with an SSO token for the bot.
  const retry = h.teams.action(megan, confirm.verb, confirm.data, asked.id!, where);
  (retry.value as any).authentication = {
    id: 'x',
    connectionName: 'graph',
    token: h.sim.issueUserAssertion(megan.aadObjectId),
  };
  const second = await h.post(retry);
  expect(second.status).toBe(200);
  expect(cardText(second.body.value)).toMatch(/Disconnected/);
  expect(cardText(second.body.value)).toContain('Megan Bowen');
  expect(h.graphCalls('/disconnect', 'POST')).toHaveLength(1);
});

it('an expired sign-in (interaction required) signs the user out, so the next try signs in afresh', async () => {
  const lee = h.user('Lee Gu');
  h.sim.faults.user(lee.aadObjectId, { interactionRequired: true });
  await h.post(h.teams.message(lee, 'list'));
  expect(cardText(cardOf(h.connector.messages()[0].activity))).toMatch(/sign in/i);
  expect(h.sim.isSignedIn(lee.id)).toBe(false);
  h.sim.faults.clear();
  h.connector.clear();
  await h.post(h.teams.message(lee, 'list'));
  expect(oauthCards()).toHaveLength(1);
});
