/**
 * The bot's own token for the Bot Framework (client credentials through @azure/identity) against the
 * simulator's Entra. Contract of the request: Bot Framework REST API "Authentication", "Authenticate requests
 * from your bot to the Bot Connector service" (MicrosoftDocs/bot-docs
 * articles/rest-api/bot-framework-rest-connector-authentication.md): grant_type=client_credentials,
 * scope=https://api.botframework.com/.default, from the bot's tenant (or botframework.com).
 */
import { generate } from 'selfsigned';
import type { AppError } from '../../src/core/errors';
import { createAppGraphTokenProvider, createAppTokenProvider, type AppTokenProviderOptions } from '../../src/identity';
import { claimsOf } from '../simulator/sim-client';
import { startSimulator, type Simulator } from '../../src/simulator';
import { rejectionOf } from '../support/rejection';

const BOT_FRAMEWORK = 'https://api.botframework.com';

describe("the bot's own token provider (real @azure/identity credentials against the simulator)", () => {
  let sim: Simulator;
  let certSim: Simulator;
  let certPem: string;
  beforeAll(async () => {
    const cert = await generate([{ name: 'commonName', value: 'bot-cert' }], { keySize: 2048, algorithm: 'sha256' });
    certPem = `${cert.cert}${cert.private}`;
    [sim, certSim] = await Promise.all([startSimulator(), startSimulator({ certificatePem: cert.cert })]);
  });
  afterAll(() => Promise.all([sim?.close(), certSim?.close()]));
  beforeEach(() => sim.reset());

  const provider = (extra: Partial<AppTokenProviderOptions> = {}, target = sim) =>
    createAppTokenProvider({
      clientId: target.botId,
      tenantId: target.tenantId,
      clientSecret: target.clientSecret,
      authorityHost: target.authorityHost,
      ca: target.ca,
      ...extra,
    });
  const tokenRequests = (target = sim) =>
    target.calls.filter((c) => c.service === 'entra' && c.path.endsWith('/oauth2/v2.0/token'));

  test('a secret gets a Bot Framework token for the bot from its tenant, which the connector side accepts', async () => {
    const token = await provider().getToken(BOT_FRAMEWORK);
    expect(sim.verifyAppToken(token, BOT_FRAMEWORK)).toEqual({ ok: true, appId: sim.botId, tenantId: sim.tenantId });
    expect(tokenRequests().map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      `POST /${sim.tenantId}/oauth2/v2.0/token 200`,
    ]);
  });

  test('a multi-tenant bot asks botframework.com', async () => {
    const token = await provider({ tenantId: 'botframework.com' }).getToken(`${BOT_FRAMEWORK}/.default`);
    expect(sim.verifyAppToken(token, BOT_FRAMEWORK)).toMatchObject({
      ok: true,
      tenantId: 'd6d49420-f39b-4df7-a1dc-d59a935871db',
    });
  });

  test('a certificate (PEM text, certificate block first) gets one too', async () => {
    const token = await provider({ clientSecret: undefined, certificate: certPem }, certSim).getToken(BOT_FRAMEWORK);
    expect(certSim.verifyAppToken(token, BOT_FRAMEWORK)).toMatchObject({ ok: true, appId: certSim.botId });
  });

  test('cached: 50 replies, in sequence and at once, cost one token request', async () => {
    const p = provider();
    const first = await p.getToken(BOT_FRAMEWORK);
    for (let i = 0; i < 25; i++) expect(await p.getToken(BOT_FRAMEWORK)).toBe(first);
    const together = await Promise.all(Array.from({ length: 25 }, () => p.getToken(BOT_FRAMEWORK)));
    expect(new Set(together)).toEqual(new Set([first]));
    expect(tokenRequests()).toHaveLength(1);
  });

  test('the Graph token per tenant carries the consented roles; once Graph refused it (forget), the next one is asked anew, with the roles consented by then', async () => {
    const graph = createAppGraphTokenProvider({
      clientId: sim.botId,
      clientSecret: sim.clientSecret,
      authorityHost: sim.authorityHost,
      ca: sim.ca,
    });
    sim.setApplicationPermissions([]);
    try {
      const before = await graph.getToken(sim.tenantId);
      expect(claimsOf(before).roles).toBeUndefined();
      expect(await graph.getToken(sim.tenantId)).toBe(before); // cached
      sim.setApplicationPermissions(['DeviceManagementServiceConfig.Read.All']);
      expect(await graph.getToken(sim.tenantId)).toBe(before); // still cached: nothing refused it yet
      graph.forget(sim.tenantId);
      const after = await graph.getToken(sim.tenantId);
      expect(claimsOf(after)).toMatchObject({
        aud: 'https://graph.microsoft.com',
        tid: sim.tenantId,
        roles: ['DeviceManagementServiceConfig.Read.All'],
      });
      expect(tokenRequests()).toHaveLength(2);
    } finally {
      sim.setApplicationPermissions(['DeviceManagementServiceConfig.Read.All']);
    }
  });

  test('concurrent first calls share one request', async () => {
    const p = provider();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => p.getToken(BOT_FRAMEWORK)));
    expect(new Set(tokens).size).toBe(1);
    expect(tokenRequests()).toHaveLength(1);
  });

  test('a wrong secret fails with auth.failed, naming the Entra error and never the secret', async () => {
    const e = await rejectionOf<AppError>(provider({ clientSecret: 'wrong-secret-value' }).getToken(BOT_FRAMEWORK));
    expect(e.kind).toBe('auth.failed');
    expect(e.message).toMatch(/bot's own token request failed: invalid_client.*AADSTS7000215/);
    expect(e.message).not.toContain('wrong-secret-value');
  });

  test('no credential at all is a clear error at creation', () => {
    expect(() => createAppTokenProvider({ clientId: sim.botId, tenantId: sim.tenantId })).toThrow(
      /No credential for the bot's own token/,
    );
  });
});
