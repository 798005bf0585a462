/**
 * The simulated Graph with app-only tokens (client credentials, no user), as the watch reads the partners, and
 * partners changed outside the bot (the control endpoint a person or a test uses).
 *
 * Permissions: the beta API pages (microsoftgraph/microsoft-graph-docs-contrib, api-reference/beta/api/
 * intune-remoteassistance-remoteassistancepartner-list.md @ a2de75c and -get.md @ 957e1c1: Application
 * DeviceManagementServiceConfig.Read.All, DeviceManagementServiceConfig.ReadWrite.All,
 * DeviceManagementConfiguration.Read.All; -disconnect.md @ 76a1d2b and -beginonboarding.md @ 13a4446:
 * Application DeviceManagementServiceConfig.ReadWrite.All). A token without one of them is refused with 403 in
 * Graph's error format. /me with an app-only token is Graph's 400 (no signed-in user).
 */
import { startSimulator, TEAMVIEWER_PARTNER_ID, type Simulator } from '../../src/simulator';
import { graphErrorProblems } from '../contracts/support/shapes';
import { request, tokenUrl } from './sim-client';

const PARTNERS = '/beta/deviceManagement/remoteAssistancePartners';

describe('simulated Graph: app-only tokens', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim?.close());
  beforeEach(() => {
    sim.reset();
    sim.setApplicationPermissions(['DeviceManagementServiceConfig.Read.All']);
  });

  const appToken = async () => {
    const res = await request(sim, tokenUrl(sim, sim.tenantId), {
      method: 'POST',
      form: {
        client_id: sim.botId,
        client_secret: sim.clientSecret,
        grant_type: 'client_credentials',
        scope: 'https://graph.microsoft.com/.default',
      },
    });
    expect(res.status).toBe(200);
    return res.json.access_token as string;
  };
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  test('with DeviceManagementServiceConfig.Read.All consented: lists and gets the partners', async () => {
    const token = await appToken();
    const list = await request(sim, PARTNERS, { headers: auth(token) });
    expect(list.status).toBe(200);
    expect(list.json.value.map((p: { id: string }) => p.id)).toContain(TEAMVIEWER_PARTNER_ID);
    expect((await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}`, { headers: auth(token) })).status).toBe(200);
  });

  test('the same app may not disconnect: the action needs the ReadWrite application permission', async () => {
    const res = await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/disconnect`, {
      method: 'POST',
      headers: auth(await appToken()),
    });
    expect(res.status).toBe(403);
    expect(graphErrorProblems(res.json)).toEqual([]);
    expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
  });

  test("without admin consent (no roles): 403 Forbidden in Graph's error format, naming the permissions", async () => {
    sim.setApplicationPermissions([]);
    const res = await request(sim, PARTNERS, { headers: auth(await appToken()) });
    expect(res.status).toBe(403);
    expect(graphErrorProblems(res.json)).toEqual([]);
    expect(res.json.error.code).toBe('Forbidden');
    expect(res.json.error.message).toContain('DeviceManagementServiceConfig.Read.All');
  });

  test('an application permission that does not cover Intune (User.Read.All) is refused too', async () => {
    sim.setApplicationPermissions(['User.Read.All']);
    expect((await request(sim, PARTNERS, { headers: auth(await appToken()) })).status).toBe(403);
  });

  test('/me with an app-only token is a 400 (there is no signed-in user)', async () => {
    const res = await request(sim, '/v1.0/me', { headers: auth(await appToken()) });
    expect(res.status).toBe(400);
    expect(graphErrorProblems(res.json)).toEqual([]);
  });
});

describe('simulated tenant: partners changed outside the bot', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim?.close());
  beforeEach(() => sim.reset());

  test("a status alone is completed as Intune leaves the rest: onboarding starts an hour's request, the others clear it", () => {
    const before = Date.now();
    const onboarding = sim.changePartner({ partner: 'TeamViewer', onboardingStatus: 'onboarding' })!;
    expect(onboarding.onboardingStatus).toBe('onboarding');
    expect(Date.parse(onboarding.onboardingRequestExpiryDateTime!)).toBeGreaterThanOrEqual(before + 3_600_000);
    const soon = sim.changePartner({ partner: TEAMVIEWER_PARTNER_ID, expiresInMinutes: 30 })!;
    expect(Date.parse(soon.onboardingRequestExpiryDateTime!) - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    const onboarded = sim.changePartner({ partner: 'teamviewer', onboardingStatus: 'onboarded' })!;
    expect(onboarded.onboardingRequestExpiryDateTime).toBeNull();
    expect(Date.parse(onboarded.lastConnectionDateTime!)).toBeGreaterThanOrEqual(before);
    expect(sim.partners()[0]).toMatchObject({ onboardingStatus: 'onboarded' });
  });

  test('unknown or ambiguous partners and unknown statuses are refused; a partner can be added and removed', () => {
    expect(() => sim.changePartner({ partner: 'Nobody', onboardingStatus: 'onboarded' })).toThrow(
      /No simulated partner 'Nobody'/,
    );
    expect(() => sim.changePartner({ partner: 'o', onboardingStatus: 'onboarded' })).toThrow(/names 2 partners/);
    expect(() => sim.changePartner({ partner: 'TeamViewer', onboardingStatus: 'paused' as never })).toThrow(
      /onboardingStatus must be one of/,
    );
    expect(sim.changePartner({ partner: 'p-new', create: true, displayName: 'Fabrikam Assist' })).toMatchObject({
      id: 'p-new',
      onboardingStatus: 'notOnboarded',
    });
    expect(sim.partners()).toHaveLength(3);
    expect(sim.changePartner({ partner: 'Fabrikam', remove: true })).toBeUndefined();
    expect(sim.partners()).toHaveLength(2);
  });

  test('POST /_sim/partners (the control port, as npm run sim uses it) changes a partner; a bad one is a 400 or 404 with the reason', async () => {
    const ok = await request(sim, `${sim.tokenServiceUrl}/_sim/partners`, {
      method: 'POST',
      body: { partner: 'TeamViewer', onboardingStatus: 'notOnboarded' },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.partner).toMatchObject({ id: TEAMVIEWER_PARTNER_ID, onboardingStatus: 'notOnboarded' });
    expect(sim.partners()[0].onboardingStatus).toBe('notOnboarded');
    const unknown = await request(sim, `${sim.tokenServiceUrl}/_sim/partners`, {
      method: 'POST',
      body: { partner: 'Nobody', onboardingStatus: 'onboarded' },
    });
    expect(unknown.status).toBe(404);
    const bad = await request(sim, `${sim.tokenServiceUrl}/_sim/partners`, {
      method: 'POST',
      body: { partner: 'TeamViewer', lastConnectionDateTime: 'yesterday' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('lastConnectionDateTime');
  });
});
