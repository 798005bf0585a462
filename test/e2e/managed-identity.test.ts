/**
 * The default cloud deployment, with no secret that expires: BOT_TYPE=SingleTenant, BOT_MSI_CLIENT_ID set,
 * BOT_PASSWORD empty (infra/azure.bicep's app settings). The bot's app registration trusts a user-assigned
 * managed identity (federated identity credential); the identity's token (App Service's identity endpoint,
 * stood in for here) is the client assertion for every token the bot asks: its own Bot Framework token (the
 * connector and the token service check it), the users' on-behalf-of Graph tokens and its app-only Graph token.
 * Inbound auth on, every hop over real HTTP, as in inbound-auth.test.ts.
 */
import { TEAMVIEWER_PARTNER_ID } from '../../src/simulator';
import { startHarness, type Harness } from '../support/harness';
import { startManagedIdentityEndpoint, type ManagedIdentityEndpoint } from '../support/managed-identity-endpoint';
import { actionsOf, cardOf, cardText } from '../support/teams';

const MI_CLIENT_ID = '7c1e2d3f-4a5b-4c6d-8e7f-901a2b3c4d5e';
let h: Harness;
let identity: ManagedIdentityEndpoint;
const saved = { IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT, IDENTITY_HEADER: process.env.IDENTITY_HEADER };

beforeAll(async () => {
  identity = await startManagedIdentityEndpoint(() => h.sim.issueClientAssertion(), MI_CLIENT_ID);
  Object.assign(process.env, identity.env);
  h = await startHarness({ inboundAuth: true, env: { BOT_PASSWORD: '', BOT_MSI_CLIENT_ID: MI_CLIENT_ID } });
});
afterAll(async () => {
  await Promise.all([h?.close(), identity?.close()]);
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

it('an admin disconnects TeamViewer; the bot holds no secret, its managed identity signs it in everywhere', async () => {
  const alex = h.user('Alex Wilber');
  const asked = await h.say(alex, 'disconnect TeamViewer');
  expect(cardText(asked.card)).toContain('TeamViewer Connector');
  const confirm = actionsOf(asked.card).find((a) => a.title === 'Disconnect');
  expect(confirm).toBeDefined();

  const res = await h.post(h.teams.action(alex, 'op.confirm', confirm!.data, asked.id));
  expect(res.status).toBe(200);
  expect(cardText(res.body.value)).toMatch(/Disconnected/);
  expect(h.graphCalls('/disconnect', 'POST')).toEqual([
    {
      method: 'POST',
      path: `/beta/deviceManagement/remoteAssistancePartners/${TEAMVIEWER_PARTNER_ID}/disconnect`,
      status: 204,
    },
  ]);
  expect(cardText(cardOf(h.connector.updates()[0].activity))).toMatch(/Disconnected/);

  // The connector saw the bot app's own token on every call, and the identity endpoint was asked for the exchange token.
  expect(h.connector.refused()).toEqual([]);
  for (const call of h.connector.calls) expect(call.auth).toEqual({ ok: true, appId: h.sim.botId });
  expect(identity.requests.length).toBeGreaterThan(0);
  expect(
    identity.requests.every(
      (r) => r.clientId === MI_CLIENT_ID && r.resource === 'api://AzureADTokenExchange' && r.headerOk,
    ),
  ).toBe(true);
});

it("a secret's end still known (the OAuth connection may hold one): 12 days before it, the running bot warns once at start", async () => {
  const soon = new Date(Date.now() + 12 * 24 * 60 * 60 * 1000 + 60_000).toISOString();
  const other = await startHarness({ inboundAuth: true, env: { BOT_PASSWORD_EXPIRES_AT: soon } });
  try {
    const warnings = other.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.event === 'credential.expiring');
    expect(warnings).toEqual([
      expect.objectContaining({ level: 'warn', credential: 'client_secret', daysLeft: 12, expiresAt: soon }),
    ]);
    expect(other.logs.join('\n')).not.toContain(other.sim.clientSecret);
  } finally {
    await other.close();
  }
});
