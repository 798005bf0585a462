import {
  startSimulator,
  TEAMVIEWER_PARTNER_ID,
  OTHER_PARTNER_ID,
  DEFAULT_ADMIN_GROUP_ID,
  type Simulator,
} from '../../src/simulator';
import { graphToken, request, UUID } from './sim-client';

const PARTNERS = '/beta/deviceManagement/remoteAssistancePartners';
const RW = 'DeviceManagementServiceConfig.ReadWrite.All';

describe('simulated Graph', () => {
  let sim: Simulator;
  let adminToken: string;
  const alex = () => sim.users[0];
  const adele = () => sim.users[2];
  const auth = (token = adminToken, extra: Record<string, string> = {}) => ({
    Authorization: `Bearer ${token}`,
    ...extra,
  });

  beforeAll(async () => {
    sim = await startSimulator();
    adminToken = await graphToken(sim, sim.users[0], [RW, 'User.ReadBasic.All', 'GroupMember.Read.All']);
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => sim.reset());

  test('lists the partners in Graph shape, echoing client-request-id and giving a request-id', async () => {
    const res = await request(sim, PARTNERS, {
      headers: auth(adminToken, { 'client-request-id': 'c0ffee00-0000-4000-8000-000000000001' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['client-request-id']).toBe('c0ffee00-0000-4000-8000-000000000001');
    expect(res.headers['request-id']).toMatch(UUID);
    expect(res.json['@odata.context']).toBe(
      `${sim.graphBaseUrl}/beta/$metadata#deviceManagement/remoteAssistancePartners`,
    );
    expect(res.json.value).toHaveLength(2);
    expect(res.json.value[0]).toEqual({
      '@odata.type': '#microsoft.graph.remoteAssistancePartner',
      id: TEAMVIEWER_PARTNER_ID,
      displayName: 'TeamViewer Connector',
      onboardingUrl: expect.stringMatching(/^https:\/\//),
      onboardingStatus: 'onboarded',
      lastConnectionDateTime: expect.any(String),
      // Non-nullable in the metadata: "no request pending" is the .NET minimum, never null.
      onboardingRequestExpiryDateTime: '0001-01-01T00:00:00Z',
    });
  });

  test('gets one partner (ids are case-insensitive); an unknown id is 404 ResourceNotFound', async () => {
    const one = await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID.toUpperCase()}`, { headers: auth() });
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id: TEAMVIEWER_PARTNER_ID, onboardingStatus: 'onboarded' });
    const missing = await request(sim, `${PARTNERS}/00000000-0000-0000-0000-000000000000`, { headers: auth() });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('ResourceNotFound');
    expect(missing.json.error.innerError['request-id']).toBe(missing.headers['request-id']);
  });

  test('disconnect answers 204 and the partner becomes notOnboarded; beginOnboarding sets onboarding and an expiry', async () => {
    const disconnect = await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/disconnect`, {
      method: 'POST',
      headers: auth(),
    });
    expect(disconnect.status).toBe(204);
    expect(disconnect.text).toBe('');
    expect(sim.partners()[0].onboardingStatus).toBe('notOnboarded');
    const begin = await request(sim, `${PARTNERS}/${OTHER_PARTNER_ID}/beginOnboarding`, {
      method: 'POST',
      headers: auth(),
    });
    expect(begin.status).toBe(204);
    const other = sim.partners()[1];
    expect(other.onboardingStatus).toBe('onboarding');
    expect(Date.parse(other.onboardingRequestExpiryDateTime!)).toBeGreaterThan(Date.now());
  });

  test.each([
    ['no Authorization header', () => ({}), 'Access token is empty.'],
    ['a malformed token', () => ({ Authorization: 'Bearer abc' }), 'IDX14100'],
    ['a token for another audience', () => auth(sim.issueUserAssertion(sim.users[0])), 'Invalid audience'],
    [
      'an expired token',
      () =>
        auth(sim.issueUserAssertion(sim.users[0], { audience: 'https://graph.microsoft.com', expiresInSeconds: -30 })),
      'expired',
    ],
    ['a badly signed token', () => auth(`${adminToken.slice(0, -4)}AAAA`), 'Invalid signature'],
  ])('%s is 401 InvalidAuthenticationToken in Graph error JSON', async (_what, headers, message) => {
    const res = await request(sim, PARTNERS, {
      headers: { ...headers(), 'client-request-id': 'c0ffee00-0000-4000-8000-000000000002' },
    });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.json.error.code).toBe('InvalidAuthenticationToken');
    expect(res.json.error.message).toContain(message);
    expect(res.json.error.innerError).toEqual({
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
      'request-id': res.headers['request-id'],
      'client-request-id': 'c0ffee00-0000-4000-8000-000000000002',
    });
  });

  test('a token without the scope is 403 Forbidden; read-only scope may read but not disconnect', async () => {
    const noScope = await request(sim, PARTNERS, {
      headers: auth(sim.issueUserAssertion(alex(), { audience: 'https://graph.microsoft.com' })),
    });
    expect(noScope.status).toBe(403);
    expect(noScope.json.error.code).toBe('Forbidden');
    const readOnly = await graphToken(sim, alex(), ['DeviceManagementServiceConfig.Read.All']);
    expect((await request(sim, PARTNERS, { headers: auth(readOnly) })).status).toBe(200);
    const write = await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/disconnect`, {
      method: 'POST',
      headers: auth(readOnly),
    });
    expect(write.status).toBe(403);
    expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
  });

  test('a user without an Intune role gets what Intune sends: 401 UnknownError with ErrorCode Forbidden inside', async () => {
    const token = await graphToken(sim, adele(), [RW]);
    const res = await request(sim, PARTNERS, { headers: auth(token) });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('UnknownError');
    expect(JSON.parse(res.json.error.message)).toMatchObject({ ErrorCode: 'Forbidden' });
    expect(JSON.parse(JSON.parse(res.json.error.message).Message)).toMatchObject({ _version: 3 });
  });

  test('checkMemberGroups (beta and v1.0) returns the given groups the user is in; needs a user AND a group permission', async () => {
    for (const version of ['beta', 'v1.0']) {
      const res = await request(sim, `/${version}/me/checkMemberGroups`, {
        method: 'POST',
        headers: auth(),
        body: { groupIds: [DEFAULT_ADMIN_GROUP_ID, '11111111-1111-1111-1111-111111111111'] },
      });
      expect(res.status).toBe(200);
      expect(res.json.value).toEqual([DEFAULT_ADMIN_GROUP_ID]);
    }
    for (const scopes of [[RW], [RW, 'GroupMember.Read.All'], [RW, 'User.ReadBasic.All']]) {
      const insufficient = await graphToken(sim, alex(), scopes);
      const denied = await request(sim, '/beta/me/checkMemberGroups', {
        method: 'POST',
        headers: auth(insufficient),
        body: { groupIds: [DEFAULT_ADMIN_GROUP_ID] },
      });
      expect(denied.status).toBe(403);
      expect(denied.json.error.code).toBe('Authorization_RequestDenied');
    }
    const tooMany = await request(sim, '/beta/me/checkMemberGroups', {
      method: 'POST',
      headers: auth(),
      body: { groupIds: Array(21).fill(DEFAULT_ADMIN_GROUP_ID) },
    });
    expect(tooMany.status).toBe(400);
  });

  test('an unknown segment is 400 BadRequest, as Graph answers it', async () => {
    const res = await request(sim, '/beta/deviceManagement/somethingElse', { headers: auth() });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe("Resource not found for the segment 'somethingElse'.");
  });

  test('faults: the next N requests (matching a filter) get the status and Retry-After, then normal answers', async () => {
    sim.faults.graphNext(2, { status: 429, retryAfterSeconds: 3 });
    sim.faults.graphNext(1, { status: 503, method: 'POST', pathIncludes: '/disconnect' });
    for (let i = 0; i < 2; i++) {
      const res = await request(sim, PARTNERS, { headers: auth() });
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBe('3');
      expect(res.json.error.code).toBe('TooManyRequests');
    }
    expect((await request(sim, PARTNERS, { headers: auth() })).status).toBe(200);
    const post = await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/disconnect`, {
      method: 'POST',
      headers: auth(),
    });
    expect(post.status).toBe(503);
    expect(post.json.error.code).toBe('ServiceUnavailable');
    expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
  });

  test('faults: latency delays every Graph answer', async () => {
    sim.faults.latency(150);
    const started = Date.now();
    await request(sim, PARTNERS, { headers: auth() });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  test('a held disconnect waits until released, then completes', async () => {
    const held = sim.faults.holdNextDisconnect();
    const pending = request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/disconnect`, {
      method: 'POST',
      headers: auth(),
    });
    await held.reached;
    expect(held.isReached).toBe(true);
    expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
    held.release();
    expect((await pending).status).toBe(204);
    expect(sim.partners()[0].onboardingStatus).toBe('notOnboarded');
  });

  test('a held disconnect released as drop closes the connection and changes nothing', async () => {
    const held = sim.faults.holdNextDisconnect();
    const pending = request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/disconnect`, {
      method: 'POST',
      headers: auth(),
    });
    await held.reached;
    held.release('drop');
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
    expect(sim.calls.at(-1)).toMatchObject({ service: 'graph', method: 'POST', status: 0 });
  });

  test('a held disconnect released as completeThenDrop acts, then closes the connection without the 204', async () => {
    const held = sim.faults.holdNextDisconnect();
    const pending = request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/disconnect`, {
      method: 'POST',
      headers: auth(),
    });
    await held.reached;
    expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
    held.release('completeThenDrop');
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(sim.partners()[0].onboardingStatus).toBe('notOnboarded');
    expect(sim.calls.at(-1)).toMatchObject({ service: 'graph', method: 'POST', status: 0 });
  });

  test('the call log has service, method, path, status, oid and client-request-id, never a token', async () => {
    await request(sim, PARTNERS, {
      headers: auth(adminToken, { 'client-request-id': 'c0ffee00-0000-4000-8000-000000000003' }),
    });
    expect(sim.calls).toEqual([
      {
        at: expect.any(String),
        service: 'graph',
        method: 'GET',
        path: PARTNERS,
        status: 200,
        oid: alex().aadObjectId,
        clientRequestId: 'c0ffee00-0000-4000-8000-000000000003',
        requestId: expect.stringMatching(UUID),
      },
    ]);
    expect(JSON.stringify(sim.calls)).not.toContain(adminToken.split('.')[1]);
  });

  test('reset returns partners, faults, counters and the call log to the seed', async () => {
    await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/disconnect`, { method: 'POST', headers: auth() });
    sim.faults.graphNext(5, { status: 500 });
    sim.faults.latency(1000);
    sim.reset();
    expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
    expect(sim.calls).toEqual([]);
    expect(sim.counters).toEqual({ oboByUser: {}, oboTotal: 0, discovery: 0, graph: 0 });
    expect((await request(sim, PARTNERS, { headers: auth() })).status).toBe(200);
  });

  test('control endpoints: state, faults and reset over HTTP (https and the token-service http port)', async () => {
    const faults = await request(sim, `${sim.tokenServiceUrl}/_sim/faults`, {
      method: 'POST',
      body: {
        graphNext: { count: 1, status: 503, retryAfterSeconds: 2 },
        users: { [alex().aadObjectId]: { consentRequired: true } },
      },
    });
    expect(faults.status).toBe(200);
    expect(faults.json.graphNext).toEqual([{ remaining: 1, fault: { status: 503, retryAfterSeconds: 2 } }]);
    const throttled = await request(sim, PARTNERS, { headers: auth() });
    expect(throttled.status).toBe(503);
    expect(throttled.headers['retry-after']).toBe('2');
    await request(sim, `${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/disconnect`, { method: 'POST', headers: auth() });
    const state = await request(sim, `${sim.graphBaseUrl}/_sim/state`);
    expect(state.status).toBe(200);
    expect(state.json.partners[0].onboardingStatus).toBe('notOnboarded');
    expect(state.json.faults.users[alex().aadObjectId.toLowerCase()]).toEqual({ consentRequired: true });
    expect(state.json.recentCalls.map((c: { status: number }) => c.status)).toEqual([503, 204]);
    expect(state.json.counters.graph).toBe(2);
    expect((await request(sim, `${sim.graphBaseUrl}/_sim/reset`, { method: 'POST' })).status).toBe(204);
    expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
    const bad = await request(sim, `${sim.graphBaseUrl}/_sim/faults`, {
      method: 'POST',
      body: { graphNext: { status: 200 } },
    });
    expect(bad.status).toBe(400);
  });
});
