/**
 * The simulated Entra's client-credentials grant, as the bot uses it for its own tokens (Bot Framework) and
 * for app-only Graph calls. Contract: Microsoft identity platform, "OAuth 2.0 client credentials flow"
 * (learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow): scope must be
 * `{resource}/.default`; the answer is {token_type, expires_in, access_token}; errors have Entra's shape.
 */
import { ClientSecretCredential } from '@azure/identity';
import { startSimulator, type Simulator } from '../../src/simulator';
import { claimsOf, request, tokenUrl } from './sim-client';

describe('simulated Entra: client credentials', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim?.close());

  const grant = (form: Record<string, string>, tenant = sim.tenantId) =>
    request(sim, tokenUrl(sim, tenant), {
      method: 'POST',
      form: { client_id: sim.botId, client_secret: sim.clientSecret, grant_type: 'client_credentials', ...form },
    });

  test('the real ClientSecretCredential gets a Bot Framework token from botframework.com, which verifyAppToken accepts', async () => {
    const options = { authorityHost: sim.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca: sim.ca } };
    const credential = new ClientSecretCredential('botframework.com', sim.botId, sim.clientSecret, options);
    const token = await credential.getToken('https://api.botframework.com/.default');
    expect(token.token).toBeTruthy();
    expect(claimsOf(token.token)).toMatchObject({
      aud: 'https://api.botframework.com',
      appid: sim.botId,
      idtyp: 'app',
      ver: '1.0',
    });
    expect(claimsOf(token.token).scp).toBeUndefined();
    expect(sim.verifyAppToken(token.token, 'https://api.botframework.com')).toEqual({
      ok: true,
      appId: sim.botId,
      tenantId: 'd6d49420-f39b-4df7-a1dc-d59a935871db',
    });
    expect(sim.verifyAppToken(token.token, 'https://graph.microsoft.com')).toEqual({ ok: false, reason: 'audience' });
  });

  test('an app-only Graph token carries the consented application permissions as roles, from the bot tenant', async () => {
    const res = await grant({ scope: 'https://graph.microsoft.com/.default' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    expect(claimsOf(res.json.access_token)).toMatchObject({
      aud: 'https://graph.microsoft.com',
      tid: sim.tenantId,
      roles: ['DeviceManagementServiceConfig.Read.All'],
    });
  });

  test('a user-style scope is refused (AADSTS1002012), an unknown resource too (AADSTS500011)', async () => {
    const named = await grant({ scope: 'https://graph.microsoft.com/User.Read' });
    expect(named.status).toBe(400);
    expect(named.json).toMatchObject({ error: 'invalid_scope', error_codes: [1002012] });
    const unknown = await grant({ scope: 'api://someone-else/.default' });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ error: 'invalid_resource', error_codes: [500011] });
  });

  test('a wrong secret or another app id gets no token', async () => {
    const wrong = await grant({ scope: 'https://api.botframework.com/.default', client_secret: 'not-it' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    const other = await grant({
      scope: 'https://api.botframework.com/.default',
      client_id: '11111111-2222-3333-4444-555555555555',
    });
    expect(other.status).toBe(400);
    expect(other.json).toMatchObject({ error: 'unauthorized_client', error_codes: [700016] });
    expect(JSON.stringify([wrong.json, other.json])).not.toContain(sim.clientSecret);
  });
});
