/**
 * No expiring secret: the bot's app registration authenticates with a user-assigned managed identity's token as
 * a federated client assertion. Real @azure/identity credentials (ManagedIdentityCredential through MSAL's App
 * Service source, ClientAssertionCredential, OnBehalfOfCredential) against a stand-in App Service identity
 * endpoint and the simulator's Entra, which accepts the identity's federated assertion for the bot's app.
 */
import { SCOPE_REMOTE_ASSISTANCE } from '../../src/core/ports';
import { createAppTokenProvider, createOboTokenProvider } from '../../src/identity';
import { startSimulator, type Simulator } from '../../src/simulator';
import { claimsOf } from '../simulator/sim-client';
import { startManagedIdentityEndpoint, type ManagedIdentityEndpoint } from '../support/managed-identity-endpoint';

const MI_CLIENT_ID = '7c1e2d3f-4a5b-4c6d-8e7f-901a2b3c4d5e';
const BOT_FRAMEWORK = 'https://api.botframework.com';

describe('a user-assigned managed identity as the federated credential of the bot app', () => {
  let sim: Simulator;
  let identity: ManagedIdentityEndpoint;
  const saved = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };
  beforeAll(async () => {
    sim = await startSimulator();
    identity = await startManagedIdentityEndpoint(() => sim.issueClientAssertion(), MI_CLIENT_ID);
    Object.assign(process.env, identity.env);
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await Promise.all([sim?.close(), identity?.close()]);
  });

  test("the bot's own Bot Framework token: the app's id, asked with the identity's token, no secret", async () => {
    const provider = createAppTokenProvider({
      clientId: sim.botId,
      tenantId: sim.tenantId,
      federatedManagedIdentityClientId: MI_CLIENT_ID,
      authorityHost: sim.authorityHost,
      ca: sim.ca,
    });
    const token = await provider.getToken(BOT_FRAMEWORK);
    expect(sim.verifyAppToken(token, BOT_FRAMEWORK)).toEqual({ ok: true, appId: sim.botId, tenantId: sim.tenantId });
    expect(identity.requests).toContainEqual({
      clientId: MI_CLIENT_ID,
      resource: 'api://AzureADTokenExchange',
      headerOk: true,
    });
  });

  test("a user's on-behalf-of Graph token with the same identity", async () => {
    const user = sim.users[0];
    const obo = createOboTokenProvider({
      clientId: sim.botId,
      managedIdentityClientId: MI_CLIENT_ID,
      authorityHost: sim.authorityHost,
      ca: sim.ca,
      retry: { maxRetries: 0 },
    });
    const session = {
      actor: { tenantId: user.tenantId, aadObjectId: user.aadObjectId, name: user.name, locale: 'en-US' },
      assertion: sim.issueUserAssertion(user),
    };
    const token = await obo.getToken(session, [SCOPE_REMOTE_ASSISTANCE]);
    expect(claimsOf(token)).toMatchObject({ oid: user.aadObjectId, aud: 'https://graph.microsoft.com' });
  });
});
