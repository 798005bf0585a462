import { createPublicKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { generate } from 'selfsigned';
import { createCertificateAssertionSigner } from '../../src/identity';
import { startSimulator, type Simulator } from '../../src/simulator';
import { claimsOf, oboForm, request, tokenUrl, UUID } from './sim-client';

describe('simulated Entra', () => {
  let sim: Simulator;
  let certSim: Simulator;
  let certPem: string;
  let otherPem: string;
  const alex = () => sim.users[0];

  beforeAll(async () => {
    const [cert, other] = await Promise.all([
      generate([{ name: 'commonName', value: 'bot-cert' }], { keySize: 2048, algorithm: 'sha256' }),
      generate([{ name: 'commonName', value: 'someone-else' }], { keySize: 2048, algorithm: 'sha256' }),
    ]);
    certPem = `${cert.cert}${cert.private}`;
    otherPem = `${other.cert}${other.private}`;
    [sim, certSim] = await Promise.all([startSimulator(), startSimulator({ certificatePem: cert.cert })]);
  });
  afterAll(async () => {
    await Promise.all([sim?.close(), certSim?.close()]);
  });
  beforeEach(() => sim.reset());

  const obo = (form: Record<string, string>, tenant = alex().tenantId, target = sim) =>
    request(target, tokenUrl(target, tenant), { method: 'POST', form });

  test('OpenID discovery: issuer on the same origin, endpoints under the tenant', async () => {
    const tenant = alex().tenantId;
    const res = await request(sim, `${sim.authorityHost}/${tenant}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      issuer: `${sim.authorityHost}/${tenant}/v2.0`,
      token_endpoint: `${sim.authorityHost}/${tenant}/oauth2/v2.0/token`,
      jwks_uri: `${sim.authorityHost}/${tenant}/discovery/v2.0/keys`,
      authorization_endpoint: `${sim.authorityHost}/${tenant}/oauth2/v2.0/authorize`,
    });
    const common = await request(sim, `${sim.authorityHost}/common/v2.0/.well-known/openid-configuration`);
    expect(common.json.issuer).toBe(`${sim.authorityHost}/{tenantid}/v2.0`);
    expect(sim.counters.discovery).toBe(2);
  });

  test('an unknown tenant is refused as Entra does (invalid_tenant, AADSTS90002)', async () => {
    const res = await request(
      sim,
      `${sim.authorityHost}/11111111-2222-3333-4444-555555555555/v2.0/.well-known/openid-configuration`,
    );
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_tenant');
    expect(res.json.error_codes).toEqual([90002]);
  });

  test('OBO with a client secret: Entra token answer, Graph token with short scopes, counted per user', async () => {
    const res = await obo(
      oboForm(sim, sim.issueUserAssertion(alex()), ['DeviceManagementServiceConfig.ReadWrite.All'], {
        client_info: '1',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.json).toMatchObject({
      token_type: 'Bearer',
      scope: 'https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All',
      expires_in: 3599,
      ext_expires_in: 3599,
    });
    const claims = claimsOf(res.json.access_token);
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      scp: 'DeviceManagementServiceConfig.ReadWrite.All',
      oid: alex().aadObjectId,
      tid: alex().tenantId,
      name: 'Alex Wilber',
      appid: sim.botId,
    });
    expect(claims.exp - Math.floor(Date.now() / 1000)).toBeGreaterThan(3500);
    expect(sim.counters.oboByUser).toEqual({ [alex().aadObjectId]: 1 });
    expect(sim.counters.oboTotal).toBe(1);
  });

  test('issued tokens verify with the published JWKS', async () => {
    const keys = await request(sim, `${sim.authorityHost}/${alex().tenantId}/discovery/v2.0/keys`);
    const token = sim.issueUserAssertion(alex());
    const header = jwt.decode(token, { complete: true })!.header;
    const jwk = keys.json.keys.find((k: { kid: string }) => k.kid === header.kid);
    expect(jwk).toBeDefined();
    const claims = jwt.verify(token, createPublicKey({ key: jwk, format: 'jwk' }), { algorithms: ['RS256'] }) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({
      aud: `api://botid-${sim.botId}`,
      iss: `${sim.authorityHost}/${alex().tenantId}/v2.0`,
      scp: 'access_as_user',
      preferred_username: 'alexw@example.com',
    });
  });

  test('a wrong secret is invalid_client 401 with the full Entra error shape', async () => {
    const res = await obo(oboForm(sim, sim.issueUserAssertion(alex()), ['User.Read'], { client_secret: 'wrong' }));
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(res.json.error_description).toMatch(/^AADSTS7000215: /);
    expect(res.json.trace_id).toMatch(UUID);
    expect(res.json.correlation_id).toMatch(UUID);
    expect(res.json.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(res.text).not.toContain('wrong');
  });

  test('an unknown client id is unauthorized_client; a missing credential is invalid_client', async () => {
    const unknown = await obo(
      oboForm(sim, sim.issueUserAssertion(alex()), ['User.Read'], {
        client_id: '99999999-0000-0000-0000-000000000000',
      }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toBe('unauthorized_client');
    const form = oboForm(sim, sim.issueUserAssertion(alex()), ['User.Read']);
    delete form.client_secret;
    const none = await obo(form);
    expect(none.status).toBe(401);
    expect(none.json.error_codes).toEqual([7000218]);
  });

  test.each([
    ['expired', 'invalid_grant', 500133, () => sim.issueUserAssertion(alex(), { expiresInSeconds: -60 })],
    [
      'for another audience',
      'invalid_grant',
      50013,
      () => sim.issueUserAssertion(alex(), { audience: 'api://someone-else' }),
    ],
    ['with a bad signature', 'invalid_grant', 50013, () => `${sim.issueUserAssertion(alex()).slice(0, -4)}AAAA`],
    ['that is not a JWT', 'invalid_request', 50027, () => 'not-a-jwt'],
  ])('an assertion %s is refused (%s AADSTS%d)', async (_what, error, code, assertion) => {
    const res = await obo(oboForm(sim, assertion(), ['User.Read']));
    expect(res.status).toBe(400);
    expect(res.json.error).toBe(error);
    expect(res.json.error_codes).toEqual([code]);
  });

  test('consentRequired: invalid_grant AADSTS65001 with suberror consent_required', async () => {
    sim.faults.user(alex().aadObjectId, { consentRequired: true });
    const res = await obo(oboForm(sim, sim.issueUserAssertion(alex()), ['User.Read']));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'invalid_grant', error_codes: [65001], suberror: 'consent_required' });
    expect(res.json.error_description).toMatch(/^AADSTS65001: /);
  });

  test('a scope the tenant has not consented is consent_required too', async () => {
    const res = await obo(oboForm(sim, sim.issueUserAssertion(alex()), ['Mail.Send']));
    expect(res.status).toBe(400);
    expect(res.json.error_codes).toEqual([65001]);
  });

  test('interactionRequired: interaction_required AADSTS50076 with a claims challenge', async () => {
    sim.faults.user(alex().aadObjectId, { interactionRequired: true });
    const res = await obo(oboForm(sim, sim.issueUserAssertion(alex()), ['User.Read']));
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'interaction_required', error_codes: [50076] });
    expect(JSON.parse(res.json.claims)).toHaveProperty('access_token');
  });

  test('tokenEndpointDown: the connection is dropped without an answer', async () => {
    sim.faults.user(alex().aadObjectId, { tokenEndpointDown: true });
    await expect(obo(oboForm(sim, sim.issueUserAssertion(alex()), ['User.Read']))).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    expect(sim.calls.at(-1)).toMatchObject({ service: 'entra', status: 0, oid: alex().aadObjectId });
  });

  test('grants other than on-behalf-of and client credentials are not supported', async () => {
    const res = await obo({
      client_id: sim.botId,
      client_secret: sim.clientSecret,
      grant_type: 'password',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('unsupported_grant_type');
  });

  test('a client assertion signed by the registered certificate is accepted; another key is not', async () => {
    const user = certSim.users[0];
    const endpoint = tokenUrl(certSim, user.tenantId);
    const form = (pem: string) => {
      const f = oboForm(certSim, certSim.issueUserAssertion(user), ['User.Read'], {
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: createCertificateAssertionSigner(pem, certSim.botId)(endpoint),
      });
      delete f.client_secret;
      return f;
    };
    expect((await obo(form(certPem), user.tenantId, certSim)).status).toBe(200);
    const wrong = await obo(form(otherPem), user.tenantId, certSim);
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: 'invalid_client', error_codes: [700027] });
  });

  test('a federated (managed identity) client assertion issued by the simulator is accepted', async () => {
    const form = oboForm(sim, sim.issueUserAssertion(alex()), ['User.Read'], {
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: sim.issueClientAssertion(),
    });
    delete form.client_secret;
    expect((await obo(form)).status).toBe(200);
  });
});
