/**
 * PartnerRelationships on the real Graph client and the real OBO provider against the simulator: the GDAP
 * relationships are read in the partner (home) tenant with the technician's delegated token, whatever customer the
 * session acts in; every page is followed; a token without DelegatedAdminRelationship.Read.All gets Graph's 403.
 */
import type { AppError } from '../../src/core/errors';
import { inCustomer } from '../../src/core/customers';
import type { UserSession } from '../../src/core/model';
import { graphScopes } from '../../src/core/ports';
import { createGraphGateway, type GraphGateway } from '../../src/graph';
import { createOboTokenProvider, type OboTokenProvider } from '../../src/identity';
import {
  CONTOSO_TENANT_ID,
  FABRIKAM_TENANT_ID,
  fleetWorld,
  NORTHWIND_TENANT_ID,
  startSimulator,
  type Simulator,
} from '../../src/simulator';
import { rejectionOf } from '../support/rejection';

describe('GDAP relationships (graph/gdap.ts) against the simulator', () => {
  let sim: Simulator;
  let tokens: OboTokenProvider;
  const gateways: GraphGateway[] = [];
  beforeAll(async () => {
    sim = await startSimulator();
    tokens = createOboTokenProvider({
      clientId: sim.botId,
      clientSecret: sim.clientSecret,
      authorityHost: sim.authorityHost,
      ca: sim.ca,
      retry: { maxRetries: 0 },
    });
  });
  afterAll(async () => {
    for (const g of gateways) g.close();
    await sim?.close();
  });
  beforeEach(() => {
    sim.reset();
    tokens.clear();
  });
  const gateway = (relationshipScopes?: string[], s: Simulator = sim, t: OboTokenProvider = tokens) => {
    const g = createGraphGateway({
      tokens: t,
      baseUrl: s.graphBaseUrl,
      ca: s.ca,
      scopes: graphScopes(true),
      relationshipScopes,
    });
    gateways.push(g);
    return g;
  };
  const session = (s: Simulator = sim): UserSession => {
    const user = s.users[0];
    return {
      actor: { tenantId: user.tenantId, aadObjectId: user.aadObjectId, name: user.name, locale: 'en-US' },
      assertion: s.issueUserAssertion(user),
    };
  };
  const graphPaths = (s: Simulator = sim) =>
    s.calls.filter((c) => c.service === 'graph').map((c) => `${c.method} ${c.path} ${c.status}`);

  test("lists the partner's relationships (tenant, status, end), read at home from a customer session", async () => {
    const list = await gateway().relationships(inCustomer(session(), { tenantId: CONTOSO_TENANT_ID, name: 'contoso' }));
    const byTenant = Object.fromEntries(list.map((r) => [r.customerTenantId, r]));
    expect(byTenant[CONTOSO_TENANT_ID]).toMatchObject({ status: 'active', customerDisplayName: expect.any(String) });
    expect(byTenant[FABRIKAM_TENANT_ID]).toMatchObject({ status: 'active' });
    expect(byTenant[NORTHWIND_TENANT_ID]).toMatchObject({ status: 'expired' });
    expect(Date.parse(byTenant[NORTHWIND_TENANT_ID].endDateTime ?? '')).toBeLessThan(Date.now());
    expect(Date.parse(byTenant[CONTOSO_TENANT_ID].endDateTime ?? '')).toBeGreaterThan(Date.now());
    // v1.0, at home: no token was asked of a customer's authority.
    expect(graphPaths()).toEqual(['GET /v1.0/tenantRelationships/delegatedAdminRelationships 200']);
    const entra = sim.calls.filter((c) => c.service === 'entra').map((c) => c.path);
    expect(entra.every((p) => !p.includes(CONTOSO_TENANT_ID))).toBe(true);
  });

  test('a token without DelegatedAdminRelationship.Read.All gets graph.forbidden (403)', async () => {
    // Asked with other scopes than the relationships' own: the token carries no DelegatedAdminRelationship.Read.All.
    const e = await rejectionOf<AppError>(gateway(graphScopes(true)).relationships(session()));
    expect(e).toMatchObject({ kind: 'graph.forbidden', status: 403 });
  });

  test('follows every page (more than 300 relationships)', async () => {
    const world = fleetWorld(301);
    const big = await startSimulator(world);
    try {
      const t = createOboTokenProvider({
        clientId: big.botId,
        clientSecret: big.clientSecret,
        authorityHost: big.authorityHost,
        ca: big.ca,
        retry: { maxRetries: 0 },
      });
      const list = await gateway(undefined, big, t).relationships(session(big));
      expect(list).toHaveLength(301);
      expect(new Set(list.map((r) => r.customerTenantId)).size).toBe(301);
      expect(graphPaths(big)).toHaveLength(2);
    } finally {
      await big.close();
    }
  });
});
