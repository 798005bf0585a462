/**
 * The simulated Bot Framework channel issuer, held to the Bot Framework REST API "Authentication" article
 * (learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication; source
 * MicrosoftDocs/bot-docs articles/rest-api/bot-framework-rest-connector-authentication.md), section
 * "Authenticate requests from the Bot Connector service to your bot":
 * - Step 2: the OpenID metadata document names the issuer, `jwks_uri` and RS256;
 * - Step 3: the JWKS is JWK with an extra `endorsements` array per key (channel ids);
 * - Step 4: a token is accepted only if iss = https://api.botframework.com, aud = the bot's app id, not expired
 *   (5 minutes of clock skew), signed by a listed key, and its `serviceurl` claim equals the activity's serviceUrl.
 * The checker is botframework-connector's own channel validation (the code every bot runs), pointed at the
 * simulator's metadata URL. The article says to answer 403; botframework-connector answers 401 (AuthenticationError).
 */
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthenticationFactory,
  PasswordServiceClientCredentialFactory,
  type BotFrameworkAuthentication,
} from 'botframework-connector';
import { startSimulator, type Simulator } from '../../src/simulator';
import { request } from './sim-client';

const SERVICE_URL = 'https://smba.trafficmanager.net/amer/';

const cleanups: (() => void)[] = [];
const afterThis = (f: () => void) => cleanups.push(f);
afterEach(() => cleanups.splice(0).forEach((f) => f()));

describe('simulated Bot Framework channel issuer', () => {
  let sim: Simulator;
  let auth: BotFrameworkAuthentication;
  beforeAll(async () => {
    sim = await startSimulator();
    auth = BotFrameworkAuthenticationFactory.create(
      '',
      true,
      `${sim.authorityHost}/botframework.com`,
      AuthenticationConstants.ToChannelFromBotOAuthScope,
      AuthenticationConstants.ToBotFromChannelTokenIssuer,
      sim.tokenServiceUrl,
      sim.botFramework.openIdMetadataUrl,
      AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      'urn:botframework:azure',
      new PasswordServiceClientCredentialFactory(sim.botId, sim.clientSecret),
      { requiredEndorsements: [] },
    );
  });
  afterAll(() => sim?.close());

  const activity = (o: { channelId?: string; serviceUrl?: string } = {}) => ({
    type: 'message',
    channelId: o.channelId ?? 'msteams',
    serviceUrl: o.serviceUrl ?? SERVICE_URL,
  });
  const outcome = async (token: string, act = activity()): Promise<string> => {
    try {
      const result = await auth.authenticateRequest(act as Activity, `Bearer ${token}`);
      return result.claimsIdentity.isAuthenticated ? 'accepted' : 'not authenticated';
    } catch (e) {
      const err = e as { statusCode?: number; name?: string };
      return `refused ${err.statusCode ?? err.name}`;
    }
  };

  test('serves the OpenID metadata document and a JWKS whose keys carry endorsements', async () => {
    const meta = await request(sim, sim.botFramework.openIdMetadataUrl);
    expect(meta.status).toBe(200);
    expect(meta.json).toEqual({
      issuer: 'https://api.botframework.com',
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/botframework\/v1\/\.well-known\/keys$/),
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    });
    const keys = await request(sim, meta.json.jwks_uri);
    expect(keys.status).toBe(200);
    expect(keys.json.keys).toEqual([
      expect.objectContaining({
        kty: 'RSA',
        use: 'sig',
        kid: sim.botFramework.keyId,
        n: expect.any(String),
        e: 'AQAB',
        endorsements: ['msteams'],
      }),
    ]);
    expect(JSON.stringify(keys.json)).not.toMatch(/"d"|"p"|"q"/); // public parts only
  });

  test('an activity token has the Bot Connector claims and header', () => {
    const token = sim.botFramework.issueActivityToken({ serviceUrl: SERVICE_URL });
    const decoded = jwt.decode(token, { complete: true })!;
    expect(decoded.header).toMatchObject({
      alg: 'RS256',
      typ: 'JWT',
      kid: sim.botFramework.keyId,
      x5t: sim.botFramework.keyId,
    });
    const claims = decoded.payload as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: 'https://api.botframework.com', aud: sim.botId, serviceurl: SERVICE_URL });
    expect(Number(claims.exp)).toBeGreaterThan(Date.now() / 1000);
    expect(Number(claims.nbf)).toBeLessThanOrEqual(Date.now() / 1000);
    // No ver/appid: with those botframework-connector would take it for a skill's token.
    expect(claims.ver).toBeUndefined();
    expect(claims.appid).toBeUndefined();
  });

  test("botframework-connector's channel validation accepts a genuine token", async () => {
    expect(await outcome(sim.botFramework.issueActivityToken({ serviceUrl: SERVICE_URL }))).toBe('accepted');
  });

  test('and refuses each kind of forgery with 401', async () => {
    // The SDK prints refusals (an expiry, the published keys) to the console.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    afterThis(() => quiet.mockRestore());
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const claims = { serviceurl: SERVICE_URL, iss: 'https://api.botframework.com', aud: sim.botId };
    const stranger = (kid: string) => jwt.sign(claims, privateKey, { algorithm: 'RS256', keyid: kid, expiresIn: 600 });
    expect(await outcome(stranger('a-key-nobody-published'))).toBe('refused 401');
    expect(
      await outcome(
        sim.botFramework.issueActivityToken({
          serviceUrl: SERVICE_URL,
          audience: '11111111-2222-3333-4444-555555555555',
        }),
      ),
    ).toBe('refused 401');
    expect(
      await outcome(
        sim.botFramework.issueActivityToken({ serviceUrl: SERVICE_URL, issuer: 'https://sts.forged.example/' }),
      ),
    ).toBe('refused 401');
    expect(await outcome(sim.botFramework.issueActivityToken({ serviceUrl: 'https://evil.example/' }))).toBe(
      'refused 401',
    );
    expect(await outcome(sim.botFramework.issueActivityToken({ serviceUrl: undefined }))).toBe('refused 401');
    // The key is endorsed for msteams only.
    expect(
      await outcome(
        sim.botFramework.issueActivityToken({ serviceUrl: SERVICE_URL }),
        activity({ channelId: 'webchat' }),
      ),
    ).toBe('refused 401');
    // Expired beyond the 5 minutes of clock skew.
    expect(
      await outcome(sim.botFramework.issueActivityToken({ serviceUrl: SERVICE_URL, expiresInSeconds: -600 })),
    ).toBe('refused 401');
  });

  test("botframework-connector's own quirk: a stranger's signature under the published key id, or a token not valid yet, is not an AuthenticationError", async () => {
    // jsonwebtoken's errors other than expiry are rethrown as they are: a CloudAdapter would answer 500. The
    // bot's adapter turns them into 401 (test/e2e/inbound-auth.test.ts).
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = jwt.sign(
      { serviceurl: SERVICE_URL, iss: 'https://api.botframework.com', aud: sim.botId },
      privateKey,
      { algorithm: 'RS256', keyid: sim.botFramework.keyId, expiresIn: 600 },
    );
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    afterThis(() => quiet.mockRestore());
    expect(await outcome(forged)).toBe('refused JsonWebTokenError');
    expect(
      await outcome(sim.botFramework.issueActivityToken({ serviceUrl: SERVICE_URL, notBeforeSeconds: 3600 })),
    ).toBe('refused NotBeforeError');
  });

  test('the metadata path and endorsements are configurable', async () => {
    const other = await startSimulator({
      botFramework: { openIdMetadataPath: '/bf/.well-known/openidconfiguration', endorsements: ['msteams', 'webchat'] },
    });
    try {
      expect(other.botFramework.openIdMetadataUrl).toMatch(/\/bf\/\.well-known\/openidconfiguration$/);
      const meta = await request(other, other.botFramework.openIdMetadataUrl);
      expect(meta.json.jwks_uri).toMatch(/\/bf\/\.well-known\/keys$/);
      const keys = await request(other, meta.json.jwks_uri);
      expect(keys.json.keys[0].endorsements).toEqual(['msteams', 'webchat']);
      expect(
        (await request(other, `${other.tokenServiceUrl}/botframework/v1/.well-known/openidconfiguration`)).status,
      ).toBe(404);
    } finally {
      await other.close();
    }
  });
});
