/**
 * The simulated Bot Framework token service, driven by the real UserTokenClient that botbuilder's CloudAdapter
 * creates when OAuthUrl points at the simulator (auth off; the claims carry the bot's app id, as the adapter
 * middleware in bot/ arranges, or getSignInResource fails on an empty appId).
 */
import { ClientSecretCredential } from '@azure/identity';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import {
  ClaimsIdentity,
  ServiceClientCredentialsFactory,
  TokenCredentials,
  type ServiceClientCredentials,
  type UserTokenClient,
} from 'botframework-connector';
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
    expect(claimsOf(answer.token)).toMatchObject({
      aud: `api://botid-${sim.botId}`,
      oid: alex().aadObjectId,
      tid: alex().tenantId,
      scp: 'access_as_user',
    });
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
    const resource = await client.getSignInResource(
      CONNECTION,
      activity as Parameters<UserTokenClient['getSignInResource']>[1],
      '',
    );
    expect(resource.tokenExchangeResource).toMatchObject({
      uri: `api://botid-${sim.botId}`,
      id: expect.any(String),
      providerId: expect.any(String),
    });
    expect(resource.tokenPostResource?.sasUrl).toMatch(/^http:\/\//);
    const page = await request(sim, resource.signInLink!);
    expect(page.status).toBe(200);
    const code = /id="code"[^>]*>(\d{6})</.exec(page.text)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(
      (await client.getUserToken(megan().channelUserId, CONNECTION, CHANNEL, '000000' === code ? '111111' : '000000'))
        ?.token,
    ).toBeUndefined();
    expect(sim.isSignedIn(megan().channelUserId)).toBe(false);
    const answer = await client.getUserToken(megan().channelUserId, CONNECTION, CHANNEL, code!);
    expect(claimsOf(answer.token).oid).toBe(megan().aadObjectId);
    expect(sim.isSignedIn(megan().channelUserId)).toBe(true);
  });

  test('issueSignInCode gives tests the code without the page', async () => {
    const code = sim.issueSignInCode(megan().channelUserId);
    expect((await client.getUserToken(megan().channelUserId, CONNECTION, CHANNEL, code)).token).toEqual(
      expect.any(String),
    );
  });

  test('exchange: an SSO token for the user signs them in; anything else is refused', async () => {
    const sso = sim.issueUserAssertion(megan());
    const refused = await client
      .exchangeToken(megan().channelUserId, CONNECTION, CHANNEL, { token: 'not-a-token' })
      .catch((e: unknown) => e);
    expect((refused as { token?: string })?.token).toBeUndefined();
    const otherUsersToken = await client
      .exchangeToken(megan().channelUserId, CONNECTION, CHANNEL, { token: sim.issueUserAssertion(alex()) })
      .catch((e: unknown) => e);
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
    expect(await client.getTokenStatus(alex().channelUserId, CHANNEL, '')).toEqual([
      expect.objectContaining({ hasToken: false }),
    ]);
  });

  test('reset signs users back to their seed state', async () => {
    await client.signOutUser(alex().channelUserId, CONNECTION, CHANNEL);
    sim.reset();
    expect(sim.isSignedIn(alex().channelUserId)).toBe(true);
    expect(sim.isSignedIn(megan().channelUserId)).toBe(false);
  });
});

/**
 * The token service checks the caller as the real one does (src/simulator/token-service-checks.ts names the
 * sources): the bot's Bot Framework token when a header is present (always) or required (option), and the
 * OAuth connection name.
 */
class EntraCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(private readonly sim: Simulator) {
    super();
  }
  async isValidAppId(appId: string) {
    return appId === this.sim.botId;
  }
  async isAuthenticationDisabled() {
    return false;
  }
  /** What botbuilder's credential classes do, through the real @azure/identity client against the simulated Entra. */
  async createCredentials(appId: string, audience: string | undefined): Promise<ServiceClientCredentials> {
    const options = {
      authorityHost: this.sim.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: this.sim.ca },
    };
    const credential = new ClientSecretCredential(this.sim.tenantId, appId, this.sim.clientSecret, options);
    const token = await credential.getToken(`${audience}/.default`);
    return new TokenCredentials(token.token);
  }
}

// With OAuthUrl set, botbuilder wants the other endpoint settings too (stack-notes): the Bot Framework scope and login.
const authenticated = async (sim: Simulator) =>
  new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: sim.botId,
      OAuthUrl: sim.tokenServiceUrl,
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      ToChannelFromBotLoginUrl: `${sim.authorityHost}/${sim.tenantId}`,
    },
    new EntraCredentialsFactory(sim),
  ).createUserTokenClient(new ClaimsIdentity([{ type: 'appid', value: sim.botId }], true));
const anonymous = async (sim: Simulator) =>
  new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: '',
    OAuthUrl: sim.tokenServiceUrl,
  }).createUserTokenClient(new ClaimsIdentity([{ type: 'appid', value: sim.botId }], true));
const getTokenUrl = (sim: Simulator, userId: string, connectionName = CONNECTION) =>
  `${sim.tokenServiceUrl}/api/usertoken/GetToken?userId=${encodeURIComponent(userId)}&connectionName=${connectionName}&channelId=${CHANNEL}`;
const statusOf = (e: unknown) => (e as { statusCode?: number }).statusCode;

describe('simulated token service: the bot credentials', () => {
  test("'whenPresent' (default): no header passes (inbound auth off); the bot's own Bot Framework token passes", async () => {
    const sim = await startSimulator();
    try {
      const alex = sim.users[0];
      expect((await (await anonymous(sim)).getUserToken(alex.channelUserId, CONNECTION, CHANNEL, '')).token).toEqual(
        expect.any(String),
      );
      expect(
        (await (await authenticated(sim)).getUserToken(alex.channelUserId, CONNECTION, CHANNEL, '')).token,
      ).toEqual(expect.any(String));
    } finally {
      await sim.close();
    }
  });

  test('a present but wrong token is refused with 401 in either mode: garbage, a Graph token, a user token', async () => {
    const sim = await startSimulator();
    try {
      const alex = sim.users[0];
      const graphApp = await request(sim, `${sim.authorityHost}/${sim.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        form: {
          client_id: sim.botId,
          client_secret: sim.clientSecret,
          grant_type: 'client_credentials',
          scope: 'https://graph.microsoft.com/.default',
        },
      });
      for (const header of [
        'Bearer not-a-jwt',
        `Bearer ${graphApp.json.access_token}`,
        `Bearer ${sim.issueUserAssertion(alex)}`,
        'Basic Ym90OnNlY3JldA==',
      ]) {
        const res = await request(sim, getTokenUrl(sim, alex.channelUserId), { headers: { Authorization: header } });
        expect(res.status).toBe(401);
        expect(res.json).toEqual({ message: 'Authorization has been denied for this request.' });
        expect(res.text).not.toContain(header.split(' ')[1].slice(0, 20));
      }
      expect(sim.isSignedIn(alex.channelUserId)).toBe(true);
    } finally {
      await sim.close();
    }
  });

  test("'required': no header gets 401, for every Token API call; the real client with the bot's credentials works", async () => {
    const sim = await startSimulator({ tokenServiceAuth: 'required' });
    try {
      const alex = sim.users[0];
      const anon = await anonymous(sim);
      expect(
        statusOf(await anon.getUserToken(alex.channelUserId, CONNECTION, CHANNEL, '').catch((e: unknown) => e)),
      ).toBe(401);
      const raw = await request(sim, getTokenUrl(sim, alex.channelUserId));
      expect(raw.status).toBe(401);
      for (const [method, path] of [
        ['POST', '/api/usertoken/exchange'],
        ['GET', '/api/botsignin/GetSignInResource'],
        ['DELETE', '/api/usertoken/SignOut'],
        ['GET', '/api/usertoken/GetTokenStatus'],
        ['POST', '/api/usertoken/GetAadTokens'],
      ]) {
        expect([
          method,
          path,
          (
            await request(sim, `${sim.tokenServiceUrl}${path}?userId=${alex.channelUserId}`, {
              method,
              body: method === 'POST' ? {} : undefined,
            })
          ).status,
        ]).toEqual([method, path, 401]);
      }
      expect(sim.isSignedIn(alex.channelUserId)).toBe(true); // the refused SignOut did nothing

      const client = await authenticated(sim);
      expect((await client.getUserToken(alex.channelUserId, CONNECTION, CHANNEL, '')).token).toEqual(
        expect.any(String),
      );
      expect(await client.getTokenStatus(alex.channelUserId, CHANNEL, '')).toEqual([
        expect.objectContaining({ connectionName: CONNECTION, hasToken: true }),
      ]);
      // The sign-in page is opened by the user's browser, not by the bot: no bot token there.
      const resource = await client.getSignInResource(
        CONNECTION,
        { ...signInActivity(sim, sim.users[1].channelUserId) } as Parameters<UserTokenClient['getSignInResource']>[1],
        '',
      );
      expect((await request(sim, resource.signInLink!)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});

describe('simulated token service: the OAuth connection name', () => {
  let sim: Simulator;
  let client: UserTokenClient;
  beforeAll(async () => {
    sim = await startSimulator({ oauthConnectionName: 'sso' });
    client = await anonymous(sim);
  });
  afterAll(() => sim?.close());

  test('the configured connection works; its name is in the answers', async () => {
    const alex = sim.users[0];
    expect(sim.oauthConnectionName).toBe('sso');
    expect(await client.getUserToken(alex.channelUserId, 'sso', CHANNEL, '')).toMatchObject({
      connectionName: 'sso',
      token: expect.any(String),
    });
    expect(await client.getTokenStatus(alex.channelUserId, CHANNEL, '')).toEqual([
      expect.objectContaining({ connectionName: 'sso' }),
    ]);
    expect(await client.getTokenStatus(alex.channelUserId, CHANNEL, 'graph')).toEqual([]);
  });

  test('an unknown connection: GetToken has no token (404); exchange, GetSignInResource, SignOut and GetAadTokens answer 400', async () => {
    sim.reset();
    const alex = sim.users[0];
    const megan = sim.users[1];
    expect((await client.getUserToken(alex.channelUserId, 'graph', CHANNEL, ''))?.token).toBeUndefined();
    expect((await request(sim, getTokenUrl(sim, alex.channelUserId, 'graph'))).status).toBe(404);

    // The generated client reads exchange's 400 as an ErrorResponse body (it is in the operation's responses), not an error.
    const exchanged = await client.exchangeToken(megan.channelUserId, 'graph', CHANNEL, {
      token: sim.issueUserAssertion(megan),
    });
    expect(exchanged).toEqual({
      error: { code: 'BadArgument', message: "Could not find Connection Setting with name 'graph'" },
    });
    expect(sim.calls.at(-1)).toMatchObject({ path: '/api/usertoken/exchange', status: 400 });
    const refusals = await Promise.all([
      client
        .getSignInResource(
          'graph',
          signInActivity(sim, megan.channelUserId) as Parameters<UserTokenClient['getSignInResource']>[1],
          '',
        )
        .catch((e: unknown) => e),
      client.signOutUser(alex.channelUserId, 'graph', CHANNEL).catch((e: unknown) => e),
      client
        .getAadTokens(alex.channelUserId, 'graph', ['https://graph.microsoft.com'], CHANNEL)
        .catch((e: unknown) => e),
    ]);
    expect(refusals.map(statusOf)).toEqual([400, 400, 400]);
    const raw = await request(
      sim,
      `${sim.tokenServiceUrl}/api/usertoken/SignOut?userId=${alex.channelUserId}&connectionName=graph&channelId=${CHANNEL}`,
      { method: 'DELETE' },
    );
    expect(raw.json).toEqual({
      error: { code: 'BadArgument', message: "Could not find Connection Setting with name 'graph'" },
    });
    expect(sim.isSignedIn(alex.channelUserId)).toBe(true);
    expect(sim.isSignedIn(megan.channelUserId)).toBe(false);
  });

  test('SignOut without a connection name signs the user out (of every connection)', async () => {
    const alex = sim.users[0];
    const res = await request(
      sim,
      `${sim.tokenServiceUrl}/api/usertoken/SignOut?userId=${alex.channelUserId}&channelId=${CHANNEL}`,
      { method: 'DELETE' },
    );
    expect(res.status).toBe(200);
    expect(sim.isSignedIn(alex.channelUserId)).toBe(false);
    sim.reset();
  });
});

test('GetSignInResource leaves the SSO resource out when the state does not name the bot (msAppId)', async () => {
  const sim = await startSimulator();
  try {
    const state = (o: Record<string, unknown>) => Buffer.from(JSON.stringify(o)).toString('base64');
    const conversation = { conversation: { id: 'a:1' }, user: { id: sim.users[1].channelUserId } };
    const withApp = await request(
      sim,
      `${sim.tokenServiceUrl}/api/botsignin/GetSignInResource?state=${state({ connectionName: CONNECTION, conversation, msAppId: sim.botId })}`,
    );
    const without = await request(
      sim,
      `${sim.tokenServiceUrl}/api/botsignin/GetSignInResource?state=${state({ connectionName: CONNECTION, conversation })}`,
    );
    expect(withApp.json.tokenExchangeResource).toMatchObject({ uri: `api://botid-${sim.botId}` });
    expect(without.status).toBe(200);
    expect(without.json.tokenExchangeResource).toBeUndefined();
    expect(without.json.signInLink).toEqual(expect.any(String));
  } finally {
    await sim.close();
  }
});

function signInActivity(sim: Simulator, channelUserId: string) {
  return {
    type: 'message',
    id: 'a1',
    channelId: CHANNEL,
    serviceUrl: 'http://127.0.0.1:1/',
    from: { id: channelUserId, name: 'someone' },
    recipient: { id: `28:${sim.botId}`, name: 'bot' },
    conversation: { id: '19:channel@thread.tacv2' },
  };
}
