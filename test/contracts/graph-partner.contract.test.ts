/**
 * Contract: the simulated remoteAssistancePartner endpoints, over HTTPS, against Microsoft's beta metadata
 * (fixtures/graph-beta-remote-assistance.xml, msgraph-metadata schemas/beta-Prod.csdl @0564689b) and the API
 * pages (fixtures/graph-remote-assistance-api.json, microsoft-graph-docs-contrib).
 */
import { kindSpec, MUTATING_KINDS } from '../../src/core/kinds';
import {
  defaultPartners,
  startSimulator,
  TEAMVIEWER_PARTNER_ID,
  OTHER_PARTNER_ID,
  type Simulator,
} from '../../src/simulator';
import { PARTNER_ACTIONS } from '../../src/simulator/graph-partners';
import { graphToken, request } from '../simulator/sim-client';
import { allProperties, entityProblems, loadCsdl } from './support/csdl';
import { fixture, graphErrorProblems } from './support/shapes';

const csdl = loadCsdl();
const api = fixture('graph-remote-assistance-api.json');
const ENTITY = 'remoteAssistancePartner';
const PARTNERS = '/beta/deviceManagement/remoteAssistancePartners';
/** A third partner in every state the dates can be in: one never connected, one onboarding (with an expiry). */
const SEED = [
  ...defaultPartners(),
  {
    ...defaultPartners()[1],
    id: 'c3d5e7f9-1b2d-4f6a-8c0e-2a4c6e8a0b1c',
    displayName: 'Fabrikam Assist',
    onboardingUrl: null,
  },
];

describe('contract: the fixture is what we think it is (Microsoft beta metadata)', () => {
  test('remoteAssistancePartner: id from graph.entity, five properties, the two dates non-nullable', () => {
    expect(allProperties(csdl, ENTITY).map((p) => [p.name, p.type, p.nullable])).toEqual([
      ['id', 'Edm.String', false],
      ['displayName', 'Edm.String', true],
      ['lastConnectionDateTime', 'Edm.DateTimeOffset', false],
      ['onboardingRequestExpiryDateTime', 'Edm.DateTimeOffset', false],
      ['onboardingStatus', 'graph.remoteAssistanceOnboardingStatus', false],
      ['onboardingUrl', 'Edm.String', true],
    ]);
    expect(csdl.enums.get('remoteAssistanceOnboardingStatus')).toEqual(['notOnboarded', 'onboarding', 'onboarded']);
  });

  test('disconnect and beginOnboarding are bound to one partner and take no other parameter (no partnerDomain)', () => {
    for (const name of ['disconnect', 'beginOnboarding']) {
      const action = csdl.actions.find((a) => a.name === name);
      expect(action).toEqual({
        name,
        isBound: true,
        parameters: [{ name: 'bindingParameter', type: 'remoteAssistancePartner', nullable: true, optional: false }],
      });
    }
  });

  test('every operation kind calls an action the metadata binds to one partner, with no parameter (core/kinds)', () => {
    for (const kind of MUTATING_KINDS) {
      const name = kindSpec(kind).graphAction;
      const action = csdl.actions.find((a) => a.name === name);
      expect([kind, action]).toEqual([
        kind,
        {
          name,
          isBound: true,
          parameters: [{ name: 'bindingParameter', type: 'remoteAssistancePartner', nullable: true, optional: false }],
        },
      ]);
    }
  });

  test("the checker accepts the API pages' examples and rejects what the metadata forbids", () => {
    expect(entityProblems(csdl, ENTITY, api.list.response.body.value[0])).toEqual([]);
    expect(entityProblems(csdl, ENTITY, api.get.response.body.value)).toEqual([]);
    const sample = api.list.response.body.value[0];
    expect(entityProblems(csdl, ENTITY, { ...sample, lastConnectionDateTime: null })).toEqual([
      expect.stringContaining('Nullable="false"'),
    ]);
    expect(entityProblems(csdl, ENTITY, { ...sample, onboardingStatus: 'unknownFutureValue' })).toEqual([
      expect.stringContaining('not a member'),
    ]);
    const { onboardingRequestExpiryDateTime: _dropped, ...missing } = sample;
    expect(entityProblems(csdl, ENTITY, missing)).toEqual(['onboardingRequestExpiryDateTime is missing']);
    expect(entityProblems(csdl, ENTITY, { ...sample, partnerDomain: 'x' })).toEqual([
      'partnerDomain is not declared on remoteAssistancePartner',
    ]);
    expect(entityProblems(csdl, ENTITY, { ...sample, lastConnectionDateTime: '2016-12-31 23:58' })).toEqual([
      expect.stringContaining('not an Edm.DateTimeOffset'),
    ]);
  });
});

describe('contract: the simulator answers as the metadata and the API pages say', () => {
  let sim: Simulator;
  let readWrite: string;
  let readOnly: string;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    sim = await startSimulator({ partners: SEED });
    readWrite = await graphToken(sim, sim.users[0], ['DeviceManagementServiceConfig.ReadWrite.All']);
    readOnly = await graphToken(sim, sim.users[0], ['DeviceManagementServiceConfig.Read.All']);
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => sim.reset());

  /** Every page of the list, following @odata.nextLink, each page checked. */
  async function listAll(query = ''): Promise<{ partners: unknown[]; pages: number }> {
    const partners: unknown[] = [];
    let url: string | undefined = `${PARTNERS}${query}`;
    let pages = 0;
    while (url) {
      const res = await request(sim, url, { headers: auth(readWrite) });
      expect(res.status).toBe(api.list.response.status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Array.isArray(res.json.value)).toBe(true);
      partners.push(...res.json.value);
      url = res.json['@odata.nextLink'];
      if (url) expect(new URL(url).origin).toBe(sim.graphBaseUrl);
      pages += 1;
    }
    return { partners, pages };
  }

  test('list: every partner has every property with its Edm type and nullability, status only from the enum', async () => {
    const { partners, pages } = await listAll();
    expect(pages).toBe(1);
    expect(partners).toHaveLength(3);
    for (const p of partners) expect(entityProblems(csdl, ENTITY, p)).toEqual([]);
  });

  test('list with $top pages through @odata.nextLink; the pages together are the whole list', async () => {
    const { partners, pages } = await listAll('?$top=1');
    expect(pages).toBe(3);
    expect(partners.map((p: any) => p.id)).toEqual(SEED.map((p) => p.id));
    for (const p of partners) expect(entityProblems(csdl, ENTITY, p)).toEqual([]);
  });

  test('get: one partner, every property conforming; the never-connected one carries the .NET minimum, not null', async () => {
    for (const id of SEED.map((p) => p.id)) {
      const res = await request(sim, `${PARTNERS}/${id}`, { headers: auth(readOnly) });
      expect(res.status).toBe(api.get.response.status);
      expect(entityProblems(csdl, ENTITY, res.json)).toEqual([]);
    }
    const never = await request(sim, `${PARTNERS}/${OTHER_PARTNER_ID}`, { headers: auth(readOnly) });
    expect(never.json).toMatchObject({
      lastConnectionDateTime: '0001-01-01T00:00:00Z',
      onboardingRequestExpiryDateTime: '0001-01-01T00:00:00Z',
    });
  });

  test.each(['disconnect', 'beginOnboarding'])(
    '%s: POST on one partner, no body, 204 with an empty body; the partner still conforms after',
    async (action) => {
      const res = await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/${action}`, {
        method: 'POST',
        headers: auth(readWrite),
      });
      expect(res.status).toBe(api[action].response.status);
      expect(res.text).toBe('');
      const after = await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}`, { headers: auth(readWrite) });
      expect(entityProblems(csdl, ENTITY, after.json)).toEqual([]);
      // An empty JSON object is no parameter either.
      expect(
        (
          await request(sim, `${PARTNERS}/${OTHER_PARTNER_ID}/${action}`, {
            method: 'POST',
            headers: auth(readWrite),
            body: {},
          })
        ).status,
      ).toBe(204);
    },
  );

  test.each(['disconnect', 'beginOnboarding'])(
    "%s: a parameter the metadata does not declare (e.g. partnerDomain) is a 400 in Graph's error format",
    async (action) => {
      const res = await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/${action}`, {
        method: 'POST',
        headers: auth(readWrite),
        body: { partnerDomain: 'contoso.example' },
      });
      expect(res.status).toBe(400);
      expect(graphErrorProblems(res.json)).toEqual([]);
      expect(res.json.error.message).toContain("'partnerDomain'");
      expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
    },
  );

  test('permissions as the API pages list them: reads with either delegated permission, actions with ReadWrite only', async () => {
    const tokens: Record<string, string> = {
      'DeviceManagementServiceConfig.Read.All': readOnly,
      'DeviceManagementServiceConfig.ReadWrite.All': readWrite,
    };
    for (const permission of api.list.delegatedPermissions)
      expect((await request(sim, PARTNERS, { headers: auth(tokens[permission]) })).status).toBe(200);
    for (const permission of api.get.delegatedPermissions)
      expect(
        (await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}`, { headers: auth(tokens[permission]) })).status,
      ).toBe(200);
    for (const action of ['disconnect', 'beginOnboarding']) {
      expect(api[action].delegatedPermissions).toEqual(['DeviceManagementServiceConfig.ReadWrite.All']);
      const refused = await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/${action}`, {
        method: 'POST',
        headers: auth(readOnly),
      });
      expect(refused.status).toBe(403);
      expect(graphErrorProblems(refused.json)).toEqual([]);
    }
    expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
  });

  test('application permissions as the API pages list them: an app-only token reads with each read permission, acts with none of them but ReadWrite', async () => {
    const appToken = async (roles: string[]) => {
      sim.setApplicationPermissions(roles);
      const res = await request(sim, `${sim.authorityHost}/${sim.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        form: {
          client_id: sim.botId,
          client_secret: sim.clientSecret,
          grant_type: 'client_credentials',
          scope: 'https://graph.microsoft.com/.default',
        },
      });
      return res.json.access_token as string;
    };
    try {
      for (const permission of api.list.applicationPermissions)
        expect([
          permission,
          (await request(sim, PARTNERS, { headers: auth(await appToken([permission])) })).status,
        ]).toEqual([permission, 200]);
      for (const permission of api.get.applicationPermissions) {
        expect([
          permission,
          (await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}`, { headers: auth(await appToken([permission])) }))
            .status,
        ]).toEqual([permission, 200]);
      }
      const readOnlyApp = await appToken(['DeviceManagementServiceConfig.Read.All']);
      for (const action of ['disconnect', 'beginOnboarding']) {
        expect(api[action].applicationPermissions).toEqual(['DeviceManagementServiceConfig.ReadWrite.All']);
        const refused = await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/${action}`, {
          method: 'POST',
          headers: auth(readOnlyApp),
        });
        expect(refused.status).toBe(403);
        expect(graphErrorProblems(refused.json)).toEqual([]);
      }
      const none = await request(sim, PARTNERS, { headers: auth(await appToken([])) });
      expect(none.status).toBe(403);
      expect(graphErrorProblems(none.json)).toEqual([]);
      expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
    } finally {
      sim.setApplicationPermissions(['DeviceManagementServiceConfig.Read.All']);
    }
  });

  // Graph answers a segment it does not know with 400 BadRequest "Resource not found for the segment '<name>'."
  // (e.g. microsoftgraph/msgraph-beta-sdk-python#764: code BadRequest, that message, innerError with request-id).
  test('the simulator does exactly the actions the metadata binds to a partner; any other name is 400 and changes nothing', async () => {
    const bound = csdl.actions
      .filter((a) => a.isBound && a.parameters[0]?.type === 'remoteAssistancePartner')
      .map((a) => a.name);
    expect([...PARTNER_ACTIONS].sort()).toEqual(bound.sort());
    const before = sim.partners();
    for (const name of ['reconnect', 'syncLicenses', 'toString', 'constructor']) {
      const res = await request(sim, `${PARTNERS}/${OTHER_PARTNER_ID}/${name}`, {
        method: 'POST',
        headers: auth(readWrite),
      });
      expect([name, res.status, res.json?.error?.code, res.json?.error?.message]).toEqual([
        name,
        400,
        'BadRequest',
        `Resource not found for the segment '${name}'.`,
      ]);
      expect(graphErrorProblems(res.json)).toEqual([]);
    }
    expect(sim.partners()).toEqual(before);
  });

  test('the actions are bound to ONE partner: not to the collection, not with GET', async () => {
    expect(
      (await request(sim, `${PARTNERS}/disconnect`, { method: 'POST', headers: auth(readWrite) })).status,
    ).not.toBe(204);
    const get = await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/disconnect`, { headers: auth(readWrite) });
    expect(get.status).toBe(405);
    expect(graphErrorProblems(get.json)).toEqual([]);
    expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
  });
});
