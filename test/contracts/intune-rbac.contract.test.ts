/**
 * Contract: the simulated GET /deviceManagement/getEffectivePermissions, over HTTPS, against Microsoft's beta
 * metadata (fixtures/graph-beta-intune-rbac.xml, msgraph-metadata schemas/beta-Prod.csdl @0564689b) and the API
 * pages and permission ids (fixtures/graph-intune-rbac.json); and the bot's own parts of that contract: the
 * resource action it checks, the scope it asks Entra for and the permission the Entra app requests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphScopes } from '../../src/core/ports';
import { REMOTE_ASSISTANCE_UPDATE } from '../../src/core/resource-actions';
import { rolePermissionsFromGraph } from '../../src/graph/role-permission-json';
import {
  DEFAULT_CONSENTED_SCOPES,
  defaultUsers,
  startSimulator,
  type SimUser,
  type Simulator,
} from '../../src/simulator';
import { graphToken, request } from '../simulator/sim-client';
import { complexProblems, loadCsdl } from './support/csdl';
import { fixture, graphErrorProblems } from './support/shapes';

const csdl = loadCsdl('graph-beta-intune-rbac.xml');
const doc = fixture('graph-intune-rbac.json');
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const SCOPED = "/deviceManagement/getEffectivePermissions(scope='*')";

/** Every item of a `value` collection checked as a rolePermission. */
const rolePermissionProblems = (body: { value?: unknown }): string[] =>
  Array.isArray(body.value)
    ? body.value.flatMap((p, i) => complexProblems(csdl, 'rolePermission', p, `value[${i}]`))
    : ['value is not a collection'];

describe('contract: the fixture is what we think it is (Microsoft beta metadata)', () => {
  test('two overloads are bound to deviceManagement; only the one with a (required) scope returns rolePermissions', () => {
    expect(csdl.functions.filter((f) => f.name === 'getEffectivePermissions')).toEqual([
      {
        name: 'getEffectivePermissions',
        isBound: true,
        parameters: [{ name: 'bindingParameter', type: 'deviceManagement', nullable: true, optional: false }],
        returnType: 'Collection(Edm.String)',
      },
      {
        name: 'getEffectivePermissions',
        isBound: true,
        parameters: [
          { name: 'bindingParameter', type: 'deviceManagement', nullable: true, optional: false },
          { name: 'scope', type: 'Edm.String', nullable: true, optional: false },
        ],
        returnType: 'Collection(graph.rolePermission)',
      },
    ]);
  });

  test('rolePermission {actions, resourceActions}, resourceAction {allowedResourceActions, notAllowedResourceActions}', () => {
    expect(csdl.complexTypes.get('rolePermission')?.map((p) => [p.name, p.type])).toEqual([
      ['actions', 'Collection(Edm.String)'],
      ['resourceActions', 'Collection(graph.resourceAction)'],
    ]);
    expect(csdl.complexTypes.get('resourceAction')?.map((p) => [p.name, p.type])).toEqual([
      ['allowedResourceActions', 'Collection(Edm.String)'],
      ['notAllowedResourceActions', 'Collection(Edm.String)'],
    ]);
  });

  test("the checker accepts the API page's example and rejects what the metadata does not allow", () => {
    expect(rolePermissionProblems(doc.exampleResponse)).toEqual([]);
    const sample = doc.exampleResponse.value[0];
    expect(
      rolePermissionProblems({
        value: [{ ...sample, resourceActions: [{ allowedResourceActions: 'x', notAllowedResourceActions: [] }] }],
      }),
    ).toEqual(['value[0].resourceActions[0].allowedResourceActions is not a collection']);
    const { actions: _dropped, ...withoutActions } = sample;
    expect(rolePermissionProblems({ value: [withoutActions] })).toEqual(['value[0].actions is missing']);
    expect(rolePermissionProblems({ value: [{ ...sample, scope: '*' }] })).toEqual([
      'value[0].scope is not declared on rolePermission',
    ]);
    expect(rolePermissionProblems({ value: [{ ...sample, actions: [7] }] })).toEqual([
      'value[0].actions[0] is not a string',
    ]);
  });

  test("the bot's reader takes the page's example as it is", () => {
    expect(rolePermissionsFromGraph(doc.exampleResponse)).toEqual([
      {
        actions: ['Actions value'],
        resourceActions: [
          {
            allowedResourceActions: ['Allowed Resource Actions value'],
            notAllowedResourceActions: ['Not Allowed Resource Actions value'],
          },
        ],
      },
    ]);
  });
});

describe("contract: the bot's side", () => {
  test('it checks Remote assistance connectors: Update', () => {
    expect(REMOTE_ASSISTANCE_UPDATE).toBe(doc.resourceActions['Remote assistance connectors/Update']);
  });

  test('it asks Entra for DeviceManagementRBAC.Read.All, which both API pages accept, and the Entra app requests it by its id', () => {
    const short = graphScopes(false).map((s) => s.replace('https://graph.microsoft.com/', ''));
    expect(short).toContain('DeviceManagementRBAC.Read.All');
    for (const version of ['beta', 'v1.0'])
      expect(doc.delegatedPermissions[version]).toContain('DeviceManagementRBAC.Read.All');
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../aad.manifest.json'), 'utf8'));
    const graph = manifest.requiredResourceAccess.find(
      (r: { resourceAppId: string }) => r.resourceAppId === GRAPH_APP_ID,
    );
    expect(graph.resourceAccess).toContainEqual({
      id: doc.delegatedPermissionIds['DeviceManagementRBAC.Read.All'],
      type: 'Scope',
    });
    expect(DEFAULT_CONSENTED_SCOPES).toContain('DeviceManagementRBAC.Read.All');
  });
});

describe('contract: the simulator answers as the metadata and the API pages say', () => {
  const helpdesk: SimUser = {
    channelUserId: '29:1helpdesk',
    aadObjectId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
    tenantId: defaultUsers()[0].tenantId,
    name: 'Hana Helpdesk',
    userPrincipalName: 'hanah@example.com',
    intuneResourceActions: ['Microsoft.Intune_RemoteAssistance_Read', 'Microsoft.Intune_Organization_Read'],
  };
  const restricted: SimUser = {
    ...helpdesk,
    channelUserId: '29:1restricted',
    aadObjectId: '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a',
    name: 'Rui Restricted',
    intuneResourceActions: ['Microsoft.Intune_*'],
    intuneNotAllowedResourceActions: [REMOTE_ASSISTANCE_UPDATE],
  };
  let sim: Simulator;
  const user = (name: string) => sim.users.find((u) => u.name === name)!;
  const get = async (who: SimUser, path: string, scopes = ['DeviceManagementRBAC.Read.All'], version = 'beta') =>
    request(sim, `/${version}${path}`, { headers: { Authorization: `Bearer ${await graphToken(sim, who, scopes)}` } });

  beforeAll(async () => {
    const every = [
      ...new Set([
        ...DEFAULT_CONSENTED_SCOPES,
        ...doc.delegatedPermissions.beta,
        'DeviceManagementServiceConfig.Read.All',
      ]),
    ];
    sim = await startSimulator({ users: [...defaultUsers(), helpdesk, restricted], consentedScopes: every });
  });
  afterAll(() => sim?.close());

  test.each(['beta', 'v1.0'])(
    "%s: with scope, a collection of rolePermissions that conforms to the metadata, from the user's role",
    async (version) => {
      const res = await get(user('Hana Helpdesk'), SCOPED, ['DeviceManagementRBAC.Read.All'], version);
      expect(res.status).toBe(200);
      expect(res.json['@odata.context']).toMatch(/\$metadata#Collection\(microsoft\.graph\.rolePermission\)$/);
      if (version === 'beta') expect(rolePermissionProblems(res.json)).toEqual([]);
      expect(res.json.value[0].resourceActions).toEqual([
        { allowedResourceActions: helpdesk.intuneResourceActions, notAllowedResourceActions: [] },
      ]);
      expect(res.headers['request-id']).toBeTruthy();
    },
  );

  test('an Intune administrator (the default role) is allowed everything; a role can take Update out of a wildcard', async () => {
    const admin = await get(user('Alex Wilber'), SCOPED);
    expect(admin.json.value[0].resourceActions).toEqual([
      { allowedResourceActions: ['*'], notAllowedResourceActions: [] },
    ]);
    const limited = await get(
      user('Rui Restricted'),
      `/deviceManagement/microsoft.graph.getEffectivePermissions(scope='0')`,
    );
    expect(limited.status).toBe(200);
    expect(limited.json.value[0].resourceActions).toEqual([
      { allowedResourceActions: ['Microsoft.Intune_*'], notAllowedResourceActions: [REMOTE_ASSISTANCE_UPDATE] },
    ]);
  });

  test('without parameters (beta): the other overload, a collection of strings', async () => {
    for (const path of ['/deviceManagement/getEffectivePermissions', '/deviceManagement/getEffectivePermissions()']) {
      const res = await get(user('Hana Helpdesk'), path);
      expect(res.status).toBe(200);
      expect(res.json['@odata.context']).toMatch(/\$metadata#Collection\(Edm\.String\)$/);
      expect(res.json.value.every((s: unknown) => typeof s === 'string')).toBe(true);
    }
    // v1.0 has only the overload with scope.
    expect(
      (
        await get(
          user('Hana Helpdesk'),
          '/deviceManagement/getEffectivePermissions',
          ['DeviceManagementRBAC.Read.All'],
          'v1.0',
        )
      ).status,
    ).toBe(400);
  });

  test("every documented delegated permission is enough (beta); others are refused with 403 in Graph's error format", async () => {
    for (const scope of doc.delegatedPermissions.beta)
      expect({ scope, status: (await get(user('Alex Wilber'), SCOPED, [scope])).status }).toEqual({
        scope,
        status: 200,
      });
    const refused = await get(user('Alex Wilber'), SCOPED, ['DeviceManagementServiceConfig.ReadWrite.All']);
    expect(refused.status).toBe(403);
    expect(graphErrorProblems(refused.json)).toEqual([]);
    // v1.0 accepts only the RBAC permissions.
    expect((await get(user('Alex Wilber'), SCOPED, ['DeviceManagementConfiguration.Read.All'], 'v1.0')).status).toBe(
      403,
    );
  });

  test("a user without any Intune role gets Intune's 401 Forbidden, as from the partner endpoints", async () => {
    const res = await get(user('Adele Vance'), SCOPED);
    expect(res.status).toBe(401);
    expect(graphErrorProblems(res.json)).toEqual([]);
    expect(JSON.parse(res.json.error.message)).toMatchObject({ ErrorCode: 'Forbidden' });
  });

  test('a scope that is not an OData string literal is a 400; so is a POST', async () => {
    expect((await get(user('Alex Wilber'), '/deviceManagement/getEffectivePermissions(scope=*)')).status).toBe(400);
    expect((await get(user('Alex Wilber'), "/deviceManagement/getEffectivePermissions(other='x')")).status).toBe(400);
    const token = await graphToken(sim, user('Alex Wilber'), ['DeviceManagementRBAC.Read.All']);
    expect(
      (await request(sim, `/beta${SCOPED}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })).status,
    ).toBe(405);
  });

  test('the partner endpoints enforce the same role: Read to look, Update to change', async () => {
    const scopes = ['DeviceManagementServiceConfig.ReadWrite.All'];
    const list = (who: SimUser) => get(who, '/deviceManagement/remoteAssistancePartners', scopes);
    expect((await list(user('Hana Helpdesk'))).status).toBe(200);
    expect((await list(user('Rui Restricted'))).status).toBe(200);
    const id = sim.partners()[0].id;
    for (const who of ['Hana Helpdesk', 'Rui Restricted']) {
      const token = await graphToken(sim, user(who), scopes);
      const res = await request(sim, `/beta/deviceManagement/remoteAssistancePartners/${id}/disconnect`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
      });
      expect({ who, status: res.status, errorCode: JSON.parse(res.json.error.message).ErrorCode }).toEqual({
        who,
        status: 401,
        errorCode: 'Forbidden',
      });
    }
    expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
  });
});
