/**
 * Contract: POST /me/checkMemberGroups needs, delegated, one of the permission sets Microsoft documents
 * (fixtures/graph-check-member-groups.json, directoryobject-checkmembergroups.md "Group memberships for a
 * user"). The simulator refuses anything less the way Graph does; the bot asks Entra for a sufficient set and
 * its Entra app (aad.manifest.json) requests exactly those permissions, by the ids Microsoft publishes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphScopes } from '../../src/core/ports';
import { DEFAULT_ADMIN_GROUP_ID, DEFAULT_CONSENTED_SCOPES, startSimulator, type Simulator } from '../../src/simulator';
import { graphToken, request } from '../simulator/sim-client';
import { fixture, graphErrorProblems } from './support/shapes';

const doc = fixture('graph-check-member-groups.json');
const sufficient: string[][] = doc.delegatedSufficientSets;
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
const short = (scope: string) => scope.replace('https://graph.microsoft.com/', '');

/** Sets that look plausible but are not documented as enough. */
const INSUFFICIENT = [
  ['GroupMember.Read.All'],
  ['Group.Read.All'],
  ['User.ReadBasic.All'],
  ['User.Read', 'GroupMember.Read.All'],
  ['User.Read.All'],
];

describe('contract: checkMemberGroups permissions', () => {
  let sim: Simulator;

  beforeAll(async () => {
    const everything = [...new Set([...sufficient.flat(), ...INSUFFICIENT.flat()])];
    sim = await startSimulator({ consentedScopes: everything });
  });
  afterAll(async () => {
    await sim?.close();
  });

  const check = async (scopes: string[]) =>
    request(sim, '/v1.0/me/checkMemberGroups', {
      method: 'POST',
      headers: { Authorization: `Bearer ${await graphToken(sim, sim.users[0], scopes)}` },
      body: { groupIds: [DEFAULT_ADMIN_GROUP_ID, '11111111-1111-1111-1111-111111111111'] },
    });

  test.each(sufficient.map((set) => [set.join(' + '), set]))(
    '%s is enough: 200 with a collection of the matching ids',
    async (_name, set) => {
      const res = await check(set as string[]);
      expect(res.status).toBe(200);
      expect(Object.keys(res.json).sort()).toEqual(Object.keys(doc.exampleResponse).sort());
      expect(res.json['@odata.context']).toMatch(/\$metadata#Collection\(Edm\.String\)$/);
      expect(res.json.value).toEqual([DEFAULT_ADMIN_GROUP_ID]);
    },
  );

  test.each(INSUFFICIENT.map((set) => [set.join(' + '), set]))(
    "%s is not enough: 403 Authorization_RequestDenied in Graph's error format",
    async (_name, set) => {
      const res = await check(set as string[]);
      expect(res.status).toBe(doc.denied.status);
      expect(graphErrorProblems(res.json)).toEqual([]);
      expect(res.json.error).toMatchObject(doc.denied.body.error);
    },
  );

  test('the bot asks Entra for one of the documented sets when groups are configured, and for no group permission otherwise', () => {
    const withGroups = graphScopes(true).map(short);
    expect(sufficient.some((set) => set.every((p) => withGroups.includes(p)))).toBe(true);
    // The least privileged documented set, not Directory.Read.All.
    expect(withGroups).toEqual([
      'DeviceManagementServiceConfig.ReadWrite.All',
      'DeviceManagementRBAC.Read.All',
      'User.ReadBasic.All',
      'GroupMember.Read.All',
    ]);
    expect(graphScopes(false).map(short)).toEqual([
      'DeviceManagementServiceConfig.ReadWrite.All',
      'DeviceManagementRBAC.Read.All',
    ]);
  });

  test("the Entra app requests each of those permissions by Microsoft's published id", () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../aad.manifest.json'), 'utf8'));
    const graph = manifest.requiredResourceAccess.find(
      (r: { resourceAppId: string }) => r.resourceAppId === GRAPH_APP_ID,
    );
    const requested = graph.resourceAccess
      .filter((r: { type: string }) => r.type === 'Scope')
      .map((r: { id: string }) => r.id);
    for (const permission of graphScopes(true)
      .map(short)
      .filter((p) => p in doc.delegatedPermissionIds)) {
      expect({ permission, requested: requested.includes(doc.delegatedPermissionIds[permission]) }).toEqual({
        permission,
        requested: true,
      });
    }
    // The simulated tenant consents to what the bot asks for, so local mode and the e2e tests run with this set.
    expect(DEFAULT_CONSENTED_SCOPES).toEqual(expect.arrayContaining(graphScopes(true).map(short)));
  });
});
