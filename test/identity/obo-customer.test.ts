/**
 * The real OnBehalfOfCredential (through createOboTokenProvider) asking a CUSTOMER tenant for a technician's token:
 * the authority is the customer's own (never /common, /organizations or /consumers), tokens are cached per tenant,
 * and Entra's answers there (test/contracts/fixtures/entra-obo-cross-tenant.json) become the customer kinds.
 */
import type { AppError } from '../../src/core/errors';
import { describeError } from '../../src/core/errors';
import type { UserSession } from '../../src/core/model';
import { SCOPE_REMOTE_ASSISTANCE } from '../../src/core/ports';
import { createOboTokenProvider, type OboTokenProviderOptions } from '../../src/identity';
import {
  CONTOSO_TENANT_ID,
  FABRIKAM_TENANT_ID,
  NORTHWIND_TENANT_ID,
  startSimulator,
  type SimUser,
  type Simulator,
} from '../../src/simulator';
import { claimsOf } from '../simulator/sim-client';
import { rejectionOf } from '../support/rejection';
import { atHome, inCustomer } from '../../src/core/customers';

const SCOPES = [SCOPE_REMOTE_ASSISTANCE];

describe('OBO token provider: a token for a customer tenant (GDAP)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim?.close());
  beforeEach(() => sim.reset());

  const provider = (extra: Partial<OboTokenProviderOptions> = {}) =>
    createOboTokenProvider({
      clientId: sim.botId,
      clientSecret: sim.clientSecret,
      authorityHost: sim.authorityHost,
      ca: sim.ca,
      retry: { maxRetries: 0 },
      ...extra,
    });
  const session = (user: SimUser): UserSession => ({
    actor: { tenantId: user.tenantId, aadObjectId: user.aadObjectId, name: user.name, locale: 'en-US' },
    assertion: sim.issueUserAssertion(user),
  });
  const failure = (p: Promise<unknown>) => rejectionOf<AppError>(p);
  const alex = () => sim.users[0];
  const entraPaths = () =>
    sim.calls.filter((c) => c.service === 'entra').map((c) => `${c.method} ${c.path} ${c.status}`);

  test("the customer's token comes from the customer's authority, discovery and token endpoint alike", async () => {
    const token = await provider().getToken(session(alex()), SCOPES, { tenantId: CONTOSO_TENANT_ID });
    expect(claimsOf(token)).toMatchObject({ tid: CONTOSO_TENANT_ID, oid: alex().aadObjectId });
    expect(entraPaths()).toEqual([
      `GET /${CONTOSO_TENANT_ID}/v2.0/.well-known/openid-configuration 200`,
      `POST /${CONTOSO_TENANT_ID}/oauth2/v2.0/token 200`,
    ]);
  });

  test("a session in a customer (inCustomer) is asked of the customer's authority; atHome of the user's own", async () => {
    const s = session(alex());
    const p = provider();
    const there = await p.getToken(inCustomer(s, { tenantId: CONTOSO_TENANT_ID, name: 'contoso' }), SCOPES);
    expect(claimsOf(there).tid).toBe(CONTOSO_TENANT_ID);
    const home = await p.getToken(atHome(inCustomer(s, { tenantId: CONTOSO_TENANT_ID, name: 'contoso' })), SCOPES);
    expect(claimsOf(home).tid).toBe(alex().tenantId);
  });

  test('without a tenant the home tenant is asked, as before', async () => {
    const token = await provider().getToken(session(alex()), SCOPES);
    expect(claimsOf(token).tid).toBe(alex().tenantId);
    expect(entraPaths()).toEqual([
      `GET /${alex().tenantId}/v2.0/.well-known/openid-configuration 200`,
      `POST /${alex().tenantId}/oauth2/v2.0/token 200`,
    ]);
  });

  test('one request per user and tenant: the cache key holds the tenant', async () => {
    const p = provider();
    const s = session(alex());
    const [home, contoso] = await Promise.all([
      p.getToken(s, SCOPES),
      p.getToken(s, SCOPES, { tenantId: CONTOSO_TENANT_ID }),
    ]);
    for (let i = 0; i < 5; i++) {
      expect(await p.getToken(s, SCOPES)).toBe(home);
      expect(await p.getToken(s, SCOPES, { tenantId: CONTOSO_TENANT_ID })).toBe(contoso);
    }
    expect(claimsOf(home).tid).not.toBe(claimsOf(contoso).tid);
    expect(sim.counters.oboByUser).toEqual({ [alex().aadObjectId]: 2 });
    expect(p.size).toBe(2);
  });

  test.each(['common', 'organizations', 'Consumers', ' common ', 'https://evil.example/x', '../common', ''])(
    "the tenant '%s' is refused before any request (an authority must name one tenant)",
    async (tenantId) => {
      const e = await failure(provider().getToken(session(alex()), SCOPES, { tenantId }));
      expect(e).toMatchObject({ name: 'AppError', kind: 'auth.failed' });
      expect(sim.calls).toEqual([]);
    },
  );

  test('Fabrikam has not authorized the app: auth.customerNotConsented, without the assertion in the error', async () => {
    const s = session(alex());
    const e = await failure(provider().getToken(s, SCOPES, { tenantId: FABRIKAM_TENANT_ID }));
    expect(e).toMatchObject({ kind: 'auth.customerNotConsented', code: 'invalid_grant' });
    expect(e.message).toContain('AADSTS90099');
    const payload = s.assertion.split('.')[1];
    const text = `${e.message} ${String((e as Error & { cause?: Error }).cause?.message)} ${e.stack} ${JSON.stringify(describeError(e))}`;
    expect(text).not.toContain(payload);
    expect(text).not.toContain(s.assertion.split('.')[2]);
  });

  test('a scope not consented in the customer is the customer consent too (AADSTS65001 there)', async () => {
    const e = await failure(
      provider().getToken(session(alex()), ['https://graph.microsoft.com/Mail.Read'], { tenantId: CONTOSO_TENANT_ID }),
    );
    expect(e).toMatchObject({ kind: 'auth.customerNotConsented' });
    expect(e.message).toContain('AADSTS65001');
  });

  test('Northwind: relationship expired, the technician has no access: auth.customerNoAccess (AADSTS50020)', async () => {
    const e = await failure(provider().getToken(session(alex()), SCOPES, { tenantId: NORTHWIND_TENANT_ID }));
    expect(e).toMatchObject({ kind: 'auth.customerNoAccess', code: 'invalid_grant' });
    expect(e.message).toContain('AADSTS50020');
  });

  test("a customer's refusal leaves the home tenant's token alone; once mended, the customer answers", async () => {
    const p = provider();
    const s = session(alex());
    const home = await p.getToken(s, SCOPES);
    sim.changeCustomer({ customer: 'contoso', consent: false });
    expect((await failure(p.getToken(s, SCOPES, { tenantId: CONTOSO_TENANT_ID }))).kind).toBe(
      'auth.customerNotConsented',
    );
    expect(await p.getToken(s, SCOPES)).toBe(home);
    sim.changeCustomer({ customer: 'contoso', consent: true });
    expect(claimsOf(await p.getToken(s, SCOPES, { tenantId: 'contoso.onmicrosoft.com' })).tid).toBe(CONTOSO_TENANT_ID);
  });

  test("a home-tenant consent error keeps its kind (it is the partner tenant's admin who consents)", async () => {
    sim.faults.user(alex().aadObjectId, { consentRequired: true });
    expect((await failure(provider().getToken(session(alex()), SCOPES))).kind).toBe('auth.consentRequired');
  });

  test("the session-owner check stays: somebody else's assertion is refused for a customer too, before any request", async () => {
    const forged = { ...session(sim.users[2]), assertion: sim.issueUserAssertion(alex()) };
    expect((await failure(provider().getToken(forged, SCOPES, { tenantId: CONTOSO_TENANT_ID }))).kind).toBe(
      'auth.failed',
    );
    expect(sim.calls).toEqual([]);
  });
});
