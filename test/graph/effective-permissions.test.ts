/**
 * GET /deviceManagement/getEffectivePermissions(scope='*') through the real Graph client and the real OBO provider
 * against the simulator: the function call's quotes and parentheses reach Graph intact, with the user's token,
 * and the answer becomes RolePermission[]; Graph's refusals keep their kinds (the check decides what they mean).
 */
import type { AppError } from '../../src/core/errors';
import type { UserSession } from '../../src/core/model';
import { graphScopes } from '../../src/core/ports';
import { allowsAction, REMOTE_ASSISTANCE_UPDATE } from '../../src/core/resource-actions';
import { createGraphGateway, type GraphGateway } from '../../src/graph';
import { createOboTokenProvider, type OboTokenProvider } from '../../src/identity';
import { defaultUsers, startSimulator, type SimUser, type Simulator } from '../../src/simulator';
import { rejectionOf } from '../support/rejection';

const helpdesk: SimUser = {
  channelUserId: '29:1helpdesk',
  aadObjectId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  tenantId: defaultUsers()[0].tenantId,
  name: 'Hana Helpdesk',
  userPrincipalName: 'hanah@example.com',
  intuneResourceActions: ['Microsoft.Intune_RemoteAssistance_Read'],
};

describe('Graph gateway: effective Intune permissions', () => {
  let sim: Simulator;
  let tokens: OboTokenProvider;
  let graph: GraphGateway;
  const session = (name: string): UserSession => {
    const user = sim.users.find((u) => u.name === name)!;
    return {
      actor: { tenantId: user.tenantId, aadObjectId: user.aadObjectId, name, locale: 'en-US' },
      assertion: sim.issueUserAssertion(user),
    };
  };
  const calls = () => sim.calls.filter((c) => c.service === 'graph').map((c) => [c.method, c.path, c.status, c.oid]);

  beforeAll(async () => {
    sim = await startSimulator({ users: [...defaultUsers(), helpdesk] });
    tokens = createOboTokenProvider({
      clientId: sim.botId,
      clientSecret: sim.clientSecret,
      authorityHost: sim.authorityHost,
      ca: sim.ca,
      retry: { maxRetries: 0 },
    });
    graph = createGraphGateway({ tokens, baseUrl: sim.graphBaseUrl, ca: sim.ca, scopes: graphScopes(false) });
  });
  afterAll(async () => {
    graph?.close();
    await sim?.close();
  });
  beforeEach(() => {
    sim.reset();
    tokens.clear();
  });

  test("reads the user's role: an administrator may update the connector, a help-desk role may not", async () => {
    const admin = await graph.effectivePermissions(session('Alex Wilber'));
    expect(admin).toEqual([
      { actions: [], resourceActions: [{ allowedResourceActions: ['*'], notAllowedResourceActions: [] }] },
    ]);
    expect(allowsAction(admin, REMOTE_ASSISTANCE_UPDATE)).toBe(true);
    const readOnly = await graph.effectivePermissions(session('Hana Helpdesk'));
    expect(allowsAction(readOnly, REMOTE_ASSISTANCE_UPDATE)).toBe(false);
    expect(calls()).toEqual([
      ['GET', "/beta/deviceManagement/getEffectivePermissions(scope='*')", 200, sim.users[0].aadObjectId],
      ['GET', "/beta/deviceManagement/getEffectivePermissions(scope='*')", 200, helpdesk.aadObjectId],
    ]);
  });

  test("a user without an Intune role: Intune's 401 Forbidden is graph.forbidden with status 401", async () => {
    const e = await rejectionOf<AppError>(graph.effectivePermissions(session('Adele Vance')));
    expect(e).toMatchObject({ kind: 'graph.forbidden', status: 401 });
  });

  test('a token without DeviceManagementRBAC.Read.All: 403, graph.forbidden with status 403', async () => {
    const narrow = createGraphGateway({
      tokens,
      baseUrl: sim.graphBaseUrl,
      ca: sim.ca,
      scopes: ['https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All'],
    });
    try {
      const e = await rejectionOf<AppError>(narrow.effectivePermissions(session('Alex Wilber')));
      expect(e).toMatchObject({ kind: 'graph.forbidden', status: 403 });
    } finally {
      narrow.close();
    }
  });

  test('Graph unavailable: graph.unavailable, with its request id', async () => {
    sim.faults.graphNext(1, { status: 500, pathIncludes: 'getEffectivePermissions' });
    const e = await rejectionOf<AppError>(graph.effectivePermissions(session('Alex Wilber')));
    expect(e.kind).toBe('graph.unavailable');
    expect(e.requestId).toBe(sim.calls.at(-1)?.requestId);
  });
});
