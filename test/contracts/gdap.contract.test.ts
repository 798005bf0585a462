/**
 * Contract: the simulated MSP world answers as Microsoft documents it.
 * - Graph v1.0 tenantRelationships/delegatedAdminCustomers, delegatedAdminRelationships and their accessAssignments:
 *   every item held to the v1.0 metadata (fixtures/graph-v1-delegated-admin.xml, msgraph-metadata) and to the
 *   pages' examples and permissions (fixtures/graph-gdap.json, microsoft-graph-docs-contrib).
 * - Entra's answers to a partner technician asking a customer tenant (fixtures/entra-obo-cross-tenant.json:
 *   reference-error-codes, the OBO page, auth-cloudsolutionprovider): the same status, `error` and error code as the
 *   fixture's example for each case, in Entra's error shape (the entra-obo.json checker).
 * The fixtures come from the msp-docs research (each names its sources); the `error` values Microsoft does not
 * document are marked inferred there.
 */
import {
  CONTOSO_TENANT_ID,
  DEFAULT_CONSENTED_SCOPES,
  FABRIKAM_TENANT_ID,
  NORTHWIND_TENANT_ID,
  startSimulator,
  type Simulator,
} from '../../src/simulator';
import { claimsOf, graphToken, oboForm, request, tokenUrl } from '../simulator/sim-client';
import { entityProblems, loadCsdl } from './support/csdl';
import { entraErrorProblems, fixture } from './support/shapes';

const csdl = loadCsdl('graph-v1-delegated-admin.xml');
const gdap = fixture('graph-gdap.json');
const cross = fixture('entra-obo-cross-tenant.json');
const TYPES: Record<string, string> = {
  '#microsoft.graph.delegatedAdminCustomer': 'delegatedAdminCustomer',
  '#microsoft.graph.delegatedAdminRelationship': 'delegatedAdminRelationship',
  '#microsoft.graph.resellerDelegatedAdminRelationship': 'resellerDelegatedAdminRelationship',
  '#microsoft.graph.delegatedAdminAccessAssignment': 'delegatedAdminAccessAssignment',
};
const itemProblems = (item: Record<string, unknown>) =>
  entityProblems(csdl, TYPES[String(item['@odata.type'])] ?? 'unknown', item);

describe('contract: the GDAP checkers, on the documented examples', () => {
  test.each(['customers', 'relationships', 'accessAssignments'])(
    'every %s example item conforms to the v1.0 metadata',
    (name) => {
      for (const item of gdap[name].response.body.value) expect(itemProblems(item)).toEqual([]);
    },
  );

  test('a wrong status, a bad duration, a missing role id or an undeclared field does not', () => {
    const ok = gdap.relationships.response.body.value[0];
    expect(itemProblems({ ...ok, status: 'enabled' })).toEqual([
      expect.stringContaining('is not a member of delegatedAdminRelationshipStatus'),
    ]);
    expect(itemProblems({ ...ok, duration: '730 days' })).toEqual([expect.stringContaining('is not an Edm.Duration')]);
    expect(itemProblems({ ...ok, accessDetails: { unifiedRoles: [{}] } })).toEqual([
      expect.stringContaining('roleDefinitionId is missing'),
    ]);
    expect(itemProblems({ ...ok, expiresOn: 'x' })).toEqual([
      'expiresOn is not declared on delegatedAdminRelationship',
    ]);
  });

  test.each(Object.entries(cross.cases).filter(([, c]: [string, any]) => c.example))(
    'the %s error example conforms to the Entra error shape',
    (_name, c: any) => {
      expect(entraErrorProblems(c.example)).toEqual([]);
      expect(c.example.error_codes).toEqual([c.code]);
    },
  );
});

describe('contract: the simulated tenantRelationships answers', () => {
  let sim: Simulator;
  let token: string;
  beforeAll(async () => {
    sim = await startSimulator();
    token = await graphToken(sim, sim.users[0], [gdap.customers.permissions.delegated[0]]);
  });
  afterAll(() => sim?.close());
  const get = (path: string, bearer = token) =>
    request(sim, `/v1.0${path}`, { headers: { Authorization: `Bearer ${bearer}` } });

  test.each([
    ['customers', '/tenantRelationships/delegatedAdminCustomers'],
    ['relationships', '/tenantRelationships/delegatedAdminRelationships'],
  ])('%s: every item conforms; the @odata.context names the collection as the example does', async (name, path) => {
    const res = await get(path);
    expect(res.status).toBe(gdap[name].response.status);
    expect(res.json.value.length).toBeGreaterThan(0);
    for (const item of res.json.value) expect(itemProblems(item)).toEqual([]);
    const documented = String(gdap[name].response.body['@odata.context']).replace(/^.*\/tenantRelationships\//, '');
    expect(res.json['@odata.context']).toMatch(
      new RegExp(`/tenantRelationships/${documented.replace(/[$]/g, '\\$')}$`),
    );
  });

  test('accessAssignments: every item conforms; statuses are the documented ones', async () => {
    const relationships = (await get('/tenantRelationships/delegatedAdminRelationships')).json.value;
    for (const r of relationships) {
      expect(gdap.statusValues).toContain(r.status);
      expect(gdap.autoExtendValues).toContain(r.autoExtendDuration);
      const res = await get(`/tenantRelationships/delegatedAdminRelationships/${r.id}/accessAssignments`);
      expect(res.status).toBe(gdap.accessAssignments.response.status);
      for (const item of res.json.value) expect(itemProblems(item)).toEqual([]);
    }
  });

  test('permissions as the pages list them: each delegated one works; application permissions are not supported', async () => {
    const consented = await startSimulator({
      consentedScopes: [...DEFAULT_CONSENTED_SCOPES, ...gdap.relationships.permissions.delegated],
    });
    try {
      for (const permission of gdap.relationships.permissions.delegated) {
        const t = await graphToken(consented, consented.users[0], [permission]);
        const res = await request(consented, '/v1.0/tenantRelationships/delegatedAdminRelationships', {
          headers: { Authorization: `Bearer ${t}` },
        });
        expect(res.status).toBe(200);
      }
    } finally {
      await consented.close();
    }
    expect(gdap.relationships.permissions.application).toEqual([]);
    const app = await request(sim, tokenUrl(sim, sim.tenantId), {
      method: 'POST',
      form: {
        client_id: sim.botId,
        client_secret: sim.clientSecret,
        grant_type: 'client_credentials',
        scope: 'https://graph.microsoft.com/.default',
      },
    });
    expect((await get('/tenantRelationships/delegatedAdminCustomers', app.json.access_token)).status).toBe(403);
  });
});

describe("contract: the simulated Entra's answers to a partner technician in a customer tenant", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim?.close());
  beforeEach(() => sim.reset());

  const alex = () => sim.users[0];
  const obo = (tenant: string, scopes = ['DeviceManagementServiceConfig.ReadWrite.All']) =>
    request(sim, tokenUrl(sim, tenant), { method: 'POST', form: oboForm(sim, sim.issueUserAssertion(alex()), scopes) });
  const appOnly = (tenant: string) =>
    request(sim, tokenUrl(sim, tenant), {
      method: 'POST',
      form: { client_id: sim.botId, client_secret: sim.clientSecret, ...cross.request.appOnlyForm },
    });
  const expectCase = (res: { status: number; json: any }, name: string) => {
    const c = cross.cases[name];
    const example = c.example ?? cross.cases[c.sameAs].example;
    expect(entraErrorProblems(res.json)).toEqual([]);
    expect(res.status).toBe(c.status ?? cross.cases[c.sameAs].status);
    expect(res.json.error).toBe(example.error);
    expect(res.json.error_codes).toEqual(example.error_codes);
    expect(res.json.error_description).toMatch(new RegExp(`^AADSTS${example.error_codes[0]}: `));
    if (example.suberror) expect(res.json.suberror).toBe(example.suberror);
  };

  test('the request the fixture describes (the customer as the tenant, the OBO form) gets a token for the customer', async () => {
    const res = await request(sim, tokenUrl(sim, CONTOSO_TENANT_ID), {
      method: 'POST',
      form: {
        ...oboForm(sim, sim.issueUserAssertion(alex()), []),
        ...cross.request.oboForm,
        assertion: sim.issueUserAssertion(alex()),
      },
    });
    expect(res.status).toBe(200);
    expect(claimsOf(res.json.access_token).tid).toBe(CONTOSO_TENANT_ID);
  });

  test('appNotAuthorized: Fabrikam', async () => expectCase(await obo(FABRIKAM_TENANT_ID), 'appNotAuthorized'));
  test('consentMissing: a scope Contoso never granted', async () =>
    expectCase(await obo(CONTOSO_TENANT_ID, ['Mail.Read']), 'consentMissing'));
  test('relationshipGone: Northwind (the userWithoutAccess answer)', async () =>
    expectCase(await obo(NORTHWIND_TENANT_ID), 'relationshipGone'));
  test('userWithoutAccess: a partner user outside the assigned groups', async () => {
    const res = await request(sim, tokenUrl(sim, CONTOSO_TENANT_ID), {
      method: 'POST',
      form: oboForm(sim, sim.issueUserAssertion(sim.users[2]), ['DeviceManagementServiceConfig.ReadWrite.All']),
    });
    expectCase(res, 'userWithoutAccess');
  });
  test('appOnlyNoServicePrincipal: client credentials in Fabrikam', async () =>
    expectCase(await appOnly(FABRIKAM_TENANT_ID), 'appOnlyNoServicePrincipal'));
  test('unknownTenant: a tenant that does not exist', async () =>
    expectCase(await obo('0b0b0b0b-1111-4222-8333-444444444444'), 'unknownTenant'));
});
