/**
 * The simulated Bot Framework token service, driven by the real UserTokenClient that botbuilder's CloudAdapter
 * creates when OAuthUrl points at the simulator (auth off; the claims carry the bot's app id, as the adapter
 * middleware in bot/ arranges, or getSignInResource fails on an empty appId).
 */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { ClaimsIdentity, type UserTokenClient } from 'botframework-connector';
import { startSimulator, type Simulator } from '../../src/simulator';
import { claimsOf, request } from './sim-client';

const CONNECTION = 'graph';
const CHANNEL = 'msteams';

describe('simulated Bot Framework token service (real UserTokenClientImpl)', () => {
  let sim: Simulator;
  let client: UserTokenClient;
  const alex = () => sim.users[0]; // signed in at seed
  const megan = () => sim.users[1]; // not signed in

  beforeAll(async () => {
    sim = await startSimulator();
    const auth = new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', OAuthUrl: sim.tokenServiceUrl });
    client = await auth.createUserTokenClient(new ClaimsIdentity([{ type: 'appid', value: sim.botId }], true));
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => sim.reset());

  test('GetToken: a signed-in user gets an SSO-style assertion for the bot API, the same one until it nears expiry', async () => {
    const answer = await client.getUserToken(alex().channelUserId, CONNECTION, CHANNEL, '');
    expect(answer).toMatchObject({ channelId: CHANNEL, connectionName: CONNECTION, token: expect.any(String) });
    expect(Date.parse(String(answer.expiration))).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(claimsOf(answer.token)).toMatchObject({ aud: `api://botid-${sim.botId}`, oid: alex().aadObjectId, tid: alex().tenantId, scp: 'access_as_user' });
    expect((await client.getUserToken(alex().channelUserId, CONNECTION, CHANNEL, '')).token).toBe(answer.token);
    expect(sim.calls.map((c) => [c.service, c.method, c.path, c.status])).toEqual([
      ['tokenService', 'GET', '/api/usertoken/GetToken', 200],
      ['tokenService', 'GET', '/api/usertoken/GetToken', 200],
    ]);
  });

  test('GetToken: no token (404) for a user not signed in or unknown', async () => {
    expect((await client.getUserToken(megan().channelUserId, CONNECTION, CHANNEL, ''))?.token).toBeUndefined();
    expect((await client.getUserToken('29:nobody', CONNECTION, CHANNEL, ''))?.token).toBeUndefined();
    expect(sim.calls.map((c) => c.status)).toEqual([404, 404]);
  });

  test('channel sign-in: the sign-in link shows a 6-digit code; GetToken with it signs the user in', async () => {
    const activity = {
      type: 'message',
      id: 'a1',
      channelId: CHANNEL,
      serviceUrl: 'http://127.0.0.1:1/',
      from: { id: megan().channelUserId, name: megan().name },
      recipient: { id: `28:${sim.botId}`, name: 'bot' },
      conversation: { id: '19:channel@thread.tacv2' },
    };
    const resource = await client.getSignInResource(CONNECTION, activity as Parameters<UserTokenClient['getSignInResource']>[1], '');
    expect(resource.tokenExchangeResource).toMatchObject({ uri: `api://botid-${sim.botId}`, id: expect.any(String), providerId: expect.any(String) });
    expect(resource.tokenPostResource?.sasUrl).toMatch(/^http:\/\//);
    const page = await request(sim, resource.signInLink!);
    expect(page.status).toBe(200);
    const code = /id="code"[^>]*>(\d{6})</.exec(page.text)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect((await client.getUserToken(megan().channelUserId, CONNECTION, CHANNEL, '000000' === code ? '111111' : '000000'))?.token).toBeUndefined();
    expect(sim.isSignedIn(megan().channelUserId)).toBe(false);
    const answer = await client.getUserToken(megan().channelUserId, CONNECTION, CHANNEL, code!);
    expect(claimsOf(answer.token).oid).toBe(megan().aadObjectId);
    expect(sim.isSignedIn(megan().channelUserId)).toBe(true);
  });

  test('issueSignInCode gives tests the code without the page', async () => {
    const code = sim.issueSignInCode(megan().channelUserId);
    expect((await client.getUserToken(megan().channelUserId, CONNECTION, CHANNEL, code)).token).toEqual(expect.any(String));
  });

  test('exchange: an SSO token for the user signs them in; anything else is refused', async () => {
    const sso = sim.issueUserAssertion(megan());
    const refused = await client.exchangeToken(megan().channelUserId, CONNECTION, CHANNEL, { token: 'not-a-token' }).catch((e: unknown) => e);
    expect((refused as { token?: string })?.token).toBeUndefined();
    const otherUsersToken = await client.exchangeToken(megan().channelUserId, CONNECTION, CHANNEL, { token: sim.issueUserAssertion(alex()) }).catch((e: unknown) => e);
    expect((otherUsersToken as { token?: string })?.token).toBeUndefined();
    expect(sim.isSignedIn(megan().channelUserId)).toBe(false);
    const answer = await client.exchangeToken(megan().channelUserId, CONNECTION, CHANNEL, { token: sso });
    expect(claimsOf(answer.token!)).toMatchObject({ oid: megan().aadObjectId, aud: `api://botid-${sim.botId}` });
    expect(sim.isSignedIn(megan().channelUserId)).toBe(true);
    expect(sim.calls.filter((c) => c.path === '/api/usertoken/exchange').map((c) => c.status)).toEqual([400, 400, 200]);
  });

  test('SignOut and GetTokenStatus', async () => {
    expect(await client.getTokenStatus(alex().channelUserId, CHANNEL, '')).toEqual([
      expect.objectContaining({ channelId: CHANNEL, hasToken: true }),
    ]);
    await client.signOutUser(alex().channelUserId, CONNECTION, CHANNEL);
    expect(sim.isSignedIn(alex().channelUserId)).toBe(false);
    expect((await client.getUserToken(alex().channelUserId, CONNECTION, CHANNEL, ''))?.token).toBeUndefined();
    expect(await client.getTokenStatus(alex().channelUserId, CHANNEL, '')).toEqual([expect.objectContaining({ hasToken: false })]);
  });

  test('reset signs users back to their seed state', async () => {
    await client.signOutUser(alex().channelUserId, CONNECTION, CHANNEL);
    sim.reset();
    expect(sim.isSignedIn(alex().channelUserId)).toBe(true);
    expect(sim.isSignedIn(megan().channelUserId)).toBe(false);
  });
});
