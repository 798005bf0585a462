/**
 * The simulated MSP world over real HTTP: the home tenant is the partner tenant; a technician (Alex, in the MSP
 * technicians group) gets tokens for customer tenants with the on-behalf-of grant against the CUSTOMER's
 * authority, and Graph acts on that customer's Intune with them. Contoso is reachable, Fabrikam has not consented
 * the app (AADSTS90099), Northwind's GDAP relationship has expired (AADSTS50020, as for any user without access:
 * Entra has no code of its own for it). Sources: docs/msp.md and the fixtures in test/contracts.
 */
import {
  CONTOSO_TENANT_ID,
  FABRIKAM_TENANT_ID,
  fleetWorld,
  INTUNE_ADMINISTRATOR_ROLE_ID,
  MSP_TECHNICIANS_GROUP_ID,
  NORTHWIND_TENANT_ID,
  startSimulator,
  TEAMVIEWER_PARTNER_ID,
  type SimUser,
  type Simulator,
} from '../../src/simulator';
import { entraErrorProblems, graphErrorProblems } from '../contracts/support/shapes';
import { claimsOf, graphToken, oboForm, request, tokenUrl } from './sim-client';

const RW = 'DeviceManagementServiceConfig.ReadWrite.All';
const PARTNERS = '/beta/deviceManagement/remoteAssistancePartners';

describe('simulated MSP world: customer tenants through GDAP', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim?.close());
  beforeEach(() => sim.reset());

  const alex = () => sim.users[0];
  const adele = () => sim.users[2];
  const obo = (user: SimUser, tenant: string, scopes = [RW]) =>
    request(sim, tokenUrl(sim, tenant), { method: 'POST', form: oboForm(sim, sim.issueUserAssertion(user), scopes) });
  const tokenIn = async (user: SimUser, tenant: string, scopes = [RW]) => {
    const res = await obo(user, tenant, scopes);
    expect(res.status).toBe(200);
    return res.json.access_token as string;
  };
  const auth = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
  const contosoPartner = () => sim.customers().find((c) => c.name === 'contoso')!.partners[0];

  test('the seed: three customers, one reachable, one without consent, one with an expired relationship', () => {
    expect(sim.customers().map((c) => [c.name, c.consented, c.relationship?.status])).toEqual([
      ['contoso', true, 'active'],
      ['fabrikam', false, 'active'],
      ['northwind', true, 'expired'],
    ]);
    expect(alex().groups).toContain(MSP_TECHNICIANS_GROUP_ID);
  });

  test("a technician's token for Contoso: tid is the customer, oid the home object id, idp the partner tenant, the GDAP role in wids", async () => {
    const claims = claimsOf(await tokenIn(alex(), CONTOSO_TENANT_ID));
    expect(claims).toMatchObject({
      tid: CONTOSO_TENANT_ID,
      oid: alex().aadObjectId,
      idp: `https://sts.windows.net/${sim.tenantId}/`,
      wids: [INTUNE_ADMINISTRATOR_ROLE_ID],
      scp: RW,
    });
    expect(sim.calls.filter((c) => c.service === 'entra').map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      `POST /${CONTOSO_TENANT_ID}/oauth2/v2.0/token 200`,
    ]);
  });

  test("the customer's domain works as its authority; the token names the tenant id", async () => {
    expect(claimsOf(await tokenIn(alex(), 'contoso.onmicrosoft.com')).tid).toBe(CONTOSO_TENANT_ID);
  });

  test("Graph with a Contoso token acts on Contoso's partner only; the home tenant's stays as it was", async () => {
    const token = await tokenIn(alex(), CONTOSO_TENANT_ID);
    const list = await request(sim, PARTNERS, auth(token));
    expect(list.status).toBe(200);
    expect(list.json.value.map((p: { id: string }) => p.id)).toEqual([contosoPartner().id]);
    expect(contosoPartner().id).not.toBe(TEAMVIEWER_PARTNER_ID);
    // The home tenant's partner id does not exist in Contoso.
    expect((await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}`, auth(token))).status).toBe(404);
    const done = await request(sim, `${PARTNERS}/${contosoPartner().id}/disconnect`, {
      method: 'POST',
      ...auth(token),
    });
    expect(done.status).toBe(204);
    expect(contosoPartner().onboardingStatus).toBe('notOnboarded');
    expect(sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)?.onboardingStatus).toBe('onboarded');
    // The call log names the customer each Graph request acted in (a benchmark counts calls per customer with it).
    expect(sim.calls.filter((c) => c.service === 'graph').map((c) => c.tenantId)).toEqual([
      CONTOSO_TENANT_ID,
      CONTOSO_TENANT_ID,
      CONTOSO_TENANT_ID,
    ]);
    await request(sim, PARTNERS, auth(await graphToken(sim, alex(), [RW])));
    expect(sim.calls[sim.calls.length - 1]).not.toHaveProperty('tenantId');
  });

  test('Intune in Contoso answers from the GDAP role: getEffectivePermissions allows everything', async () => {
    const token = await tokenIn(alex(), CONTOSO_TENANT_ID, ['DeviceManagementRBAC.Read.All']);
    const res = await request(sim, "/beta/deviceManagement/getEffectivePermissions(scope='*')", auth(token));
    expect(res.status).toBe(200);
    expect(res.json.value[0].resourceActions[0].allowedResourceActions).toEqual(['*']);
  });

  test('Fabrikam never consented the app: AADSTS90099 invalid_grant, in Entra error shape', async () => {
    const res = await obo(alex(), FABRIKAM_TENANT_ID);
    expect(res.status).toBe(400);
    expect(entraErrorProblems(res.json)).toEqual([]);
    expect(res.json).toMatchObject({ error: 'invalid_grant', error_codes: [90099] });
    expect(res.json.error_description).toContain('has not been authorized in the tenant');
  });

  test('Northwind: the relationship expired, so the technician has no access: AADSTS50020', async () => {
    const res = await obo(alex(), NORTHWIND_TENANT_ID);
    expect(res.status).toBe(400);
    expect(entraErrorProblems(res.json)).toEqual([]);
    expect(res.json).toMatchObject({ error: 'invalid_grant', error_codes: [50020] });
    expect(res.json.error_description).toContain(`does not exist in tenant 'Northwind Traders'`);
  });

  test('a user of the partner tenant outside the technicians group has no access to Contoso (50020)', async () => {
    const res = await obo(adele(), CONTOSO_TENANT_ID);
    expect(res.json).toMatchObject({ error: 'invalid_grant', error_codes: [50020] });
  });

  test('revoking the consent breaks Contoso (90099); granting it again mends it', async () => {
    expect(sim.changeCustomer({ customer: 'contoso', consent: false }).consented).toBe(false);
    expect((await obo(alex(), CONTOSO_TENANT_ID)).json.error_codes).toEqual([90099]);
    sim.changeCustomer({ customer: 'contoso', consent: true });
    expect((await obo(alex(), CONTOSO_TENANT_ID)).status).toBe(200);
  });

  test("expiring Contoso's relationship: no new token (50020), and Intune refuses the token already issued", async () => {
    const token = await tokenIn(alex(), CONTOSO_TENANT_ID);
    expect(sim.changeCustomer({ customer: CONTOSO_TENANT_ID, relationship: 'expired' }).relationship?.status).toBe(
      'expired',
    );
    expect((await obo(alex(), CONTOSO_TENANT_ID)).json.error_codes).toEqual([50020]);
    const list = await request(sim, PARTNERS, auth(token));
    expect(list.status).toBe(401);
    expect(list.json.error.message).toContain('Forbidden');
    sim.changeCustomer({ customer: 'contoso', relationship: 'active' });
    expect((await request(sim, PARTNERS, auth(token))).status).toBe(200);
  });

  test('a throttled customer answers 429 with Retry-After for its count, then normally; other tenants are not throttled', async () => {
    const token = await tokenIn(alex(), CONTOSO_TENANT_ID);
    const home = await graphToken(sim, alex(), [RW]);
    sim.changeCustomer({ customer: 'contoso', throttle: { retryAfterSeconds: 2, count: 2 } });
    const first = await request(sim, PARTNERS, auth(token));
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('2');
    expect(graphErrorProblems(first.json)).toEqual([]);
    expect(first.json.error.code).toBe('TooManyRequests');
    expect((await request(sim, PARTNERS, auth(home))).status).toBe(200);
    expect((await request(sim, PARTNERS, auth(token))).status).toBe(429);
    expect((await request(sim, PARTNERS, auth(token))).status).toBe(200);
    expect(sim.customers()[0].throttle).toBeNull();
  });

  test('a throttle without a count lasts until lifted (or until faults are cleared)', async () => {
    const token = await tokenIn(alex(), CONTOSO_TENANT_ID);
    sim.changeCustomer({ customer: 'contoso', throttle: { retryAfterSeconds: 1 } });
    for (let i = 0; i < 3; i++) expect((await request(sim, PARTNERS, auth(token))).status).toBe(429);
    sim.faults.clear();
    expect((await request(sim, PARTNERS, auth(token))).status).toBe(200);
  });

  test('app-only in a customer: the application permissions consented there; none without a service principal (7000229)', async () => {
    const form = {
      client_id: sim.botId,
      client_secret: sim.clientSecret,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/.default',
    };
    const ok = await request(sim, tokenUrl(sim, CONTOSO_TENANT_ID), { method: 'POST', form });
    expect(claimsOf(ok.json.access_token)).toMatchObject({
      tid: CONTOSO_TENANT_ID,
      roles: ['DeviceManagementServiceConfig.Read.All'],
      idtyp: 'app',
    });
    const list = await request(sim, PARTNERS, auth(ok.json.access_token));
    expect(list.json.value.map((p: { id: string }) => p.id)).toEqual([contosoPartner().id]);
    const refused = await request(sim, tokenUrl(sim, FABRIKAM_TENANT_ID), { method: 'POST', form });
    expect(refused.status).toBe(401);
    expect(entraErrorProblems(refused.json)).toEqual([]);
    expect(refused.json).toMatchObject({ error: 'invalid_client', error_codes: [7000229] });
  });

  test("a customer's partner changed outside the bot, by name", () => {
    sim.changePartner({ customer: 'northwind', partner: 'TeamViewer', onboardingStatus: 'notOnboarded' });
    expect(sim.customers().find((c) => c.name === 'northwind')!.partners[0].onboardingStatus).toBe('notOnboarded');
    expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
  });

  test('an unknown customer is refused with the names that exist', () => {
    expect(() => sim.changeCustomer({ customer: 'tailspin', consent: false })).toThrow(/contoso, fabrikam, northwind/);
  });
});

describe('simulated MSP world: Graph tenantRelationships from the partner tenant', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim?.close());
  beforeEach(() => sim.reset());
  const alex = () => sim.users[0];
  const auth = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
  const READ = 'DelegatedAdminRelationship.Read.All';

  test('delegatedAdminCustomers: the customers with an active relationship (not Northwind), beta and v1.0', async () => {
    const token = await graphToken(sim, alex(), [READ]);
    for (const version of ['v1.0', 'beta']) {
      const res = await request(sim, `/${version}/tenantRelationships/delegatedAdminCustomers`, auth(token));
      expect(res.status).toBe(200);
      expect(res.json.value.map((c: { displayName: string }) => c.displayName)).toEqual([
        'Contoso Ltd',
        'Fabrikam Inc',
      ]);
      expect(res.json.value[0]).toMatchObject({
        '@odata.type': '#microsoft.graph.delegatedAdminCustomer',
        id: CONTOSO_TENANT_ID,
        tenantId: CONTOSO_TENANT_ID,
      });
    }
  });

  test('delegatedAdminRelationships: status and end per customer; the access assignment gives the technicians Intune Administrator', async () => {
    const token = await graphToken(sim, alex(), [READ]);
    const res = await request(sim, '/v1.0/tenantRelationships/delegatedAdminRelationships', auth(token));
    expect(
      res.json.value.map((r: { customer: { displayName: string }; status: string }) => [
        r.customer.displayName,
        r.status,
      ]),
    ).toEqual([
      ['Contoso Ltd', 'active'],
      ['Fabrikam Inc', 'active'],
      ['Northwind Traders', 'expired'],
    ]);
    const contoso = res.json.value[0];
    expect(contoso.accessDetails.unifiedRoles).toEqual([{ roleDefinitionId: INTUNE_ADMINISTRATOR_ROLE_ID }]);
    const assignments = await request(
      sim,
      `/v1.0/tenantRelationships/delegatedAdminRelationships/${contoso.id}/accessAssignments`,
      auth(token),
    );
    expect(assignments.json.value[0]).toMatchObject({
      status: 'active',
      accessContainer: { accessContainerId: MSP_TECHNICIANS_GROUP_ID, accessContainerType: 'securityGroup' },
    });
  });

  test('expiring a relationship shows at once, and the customer leaves delegatedAdminCustomers', async () => {
    const token = await graphToken(sim, alex(), [READ]);
    sim.changeCustomer({ customer: 'contoso', relationship: 'expired' });
    const customers = await request(sim, '/v1.0/tenantRelationships/delegatedAdminCustomers', auth(token));
    expect(customers.json.value.map((c: { tenantId: string }) => c.tenantId)).toEqual([FABRIKAM_TENANT_ID]);
  });

  test('without DelegatedAdminRelationship.Read.All, or app-only: 403', async () => {
    const token = await graphToken(sim, alex(), [RW]);
    const res = await request(sim, '/v1.0/tenantRelationships/delegatedAdminRelationships', auth(token));
    expect(res.status).toBe(403);
    expect(graphErrorProblems(res.json)).toEqual([]);
    const app = await request(sim, tokenUrl(sim, sim.tenantId), {
      method: 'POST',
      form: {
        client_id: sim.botId,
        client_secret: sim.clientSecret,
        grant_type: 'client_credentials',
        scope: 'https://graph.microsoft.com/.default',
      },
    });
    expect(
      (await request(sim, '/v1.0/tenantRelationships/delegatedAdminCustomers', auth(app.json.access_token))).status,
    ).toBe(403);
  });

  test('$top pages with a nextLink; a bad $top is 400', async () => {
    const token = await graphToken(sim, alex(), [READ]);
    const first = await request(sim, '/v1.0/tenantRelationships/delegatedAdminRelationships?$top=2', auth(token));
    expect(first.json.value).toHaveLength(2);
    const second = await request(sim, first.json['@odata.nextLink'], auth(token));
    expect(second.json.value).toHaveLength(1);
    expect(second.json).not.toHaveProperty('@odata.nextLink');
    expect(
      (await request(sim, '/v1.0/tenantRelationships/delegatedAdminRelationships?$top=301', auth(token))).status,
    ).toBe(400);
  });

  test('fleetWorld(50): fifty reachable customers', async () => {
    const fleet = await startSimulator(fleetWorld(50));
    try {
      const token = await graphToken(fleet, fleet.users[0], [READ]);
      const res = await request(fleet, '/v1.0/tenantRelationships/delegatedAdminCustomers', auth(token));
      expect(res.json.value).toHaveLength(50);
      const last = fleet.customers()[49];
      const obo = await request(fleet, tokenUrl(fleet, last.tenantId), {
        method: 'POST',
        form: oboForm(fleet, fleet.issueUserAssertion(fleet.users[0]), [RW]),
      });
      expect(claimsOf(obo.json.access_token).tid).toBe(last.tenantId);
    } finally {
      await fleet.close();
    }
  });
});
