/**
 * The real Graph client (createGraphGateway) through the real OBO provider against the simulator.
 */
import net from 'node:net';
import { AuthenticationHandler, Client, ResponseType, TelemetryHandler } from '@microsoft/microsoft-graph-client';
import { NodeHttpHandler } from '../../src/graph/node-http-handler';
import type { AppError } from '../../src/core/errors';
import type { UserSession } from '../../src/core/model';
import { createGraphGateway, parseRetryAfter, type GraphGateway, type GraphGatewayOptions } from '../../src/graph';
import { createOboTokenProvider, type OboTokenProvider } from '../../src/identity';
import {
  DEFAULT_ADMIN_GROUP_ID,
  OTHER_PARTNER_ID,
  startSimulator,
  TEAMVIEWER_PARTNER_ID,
  type SimUser,
  type Simulator,
} from '../../src/simulator';
import { UUID } from '../simulator/sim-client';
import { rejectionOf } from '../support/rejection';

describe('Graph gateway (real Graph client + real OBO against the simulator)', () => {
  let sim: Simulator;
  let tokens: OboTokenProvider;
  let graph: GraphGateway;
  const extraGateways: GraphGateway[] = [];

  beforeAll(async () => {
    sim = await startSimulator();
    tokens = createOboTokenProvider({
      clientId: sim.botId,
      clientSecret: sim.clientSecret,
      authorityHost: sim.authorityHost,
      ca: sim.ca,
      retry: { maxRetries: 0 },
    });
    graph = createGraphGateway({ tokens, baseUrl: sim.graphBaseUrl, ca: sim.ca });
  });
  afterAll(async () => {
    graph?.close();
    for (const g of extraGateways) g.close();
    await sim?.close();
  });
  beforeEach(() => {
    sim.reset();
    tokens.clear();
  });

  const gateway = (options: Partial<GraphGatewayOptions>) => {
    const g = createGraphGateway({ tokens, baseUrl: sim.graphBaseUrl, ca: sim.ca, ...options });
    extraGateways.push(g);
    return g;
  };
  const sessions = new Map<string, UserSession>();
  const session = (user: SimUser = sim.users[0]): UserSession => {
    // One assertion per user for the whole file, as the token service would hand out.
    let s = sessions.get(user.aadObjectId);
    if (!s) {
      s = {
        actor: { tenantId: user.tenantId, aadObjectId: user.aadObjectId, name: user.name, locale: 'en-US' },
        assertion: sim.issueUserAssertion(user),
      };
      sessions.set(user.aadObjectId, s);
    }
    return s;
  };
  const graphCalls = () => sim.calls.filter((c) => c.service === 'graph');
  const failure = (p: Promise<unknown>) => rejectionOf<AppError>(p);

  test('lists and gets partners; the token really reached Graph (the call carries the user oid)', async () => {
    const partners = await graph.list(session());
    expect(partners.map((p) => [p.displayName, p.onboardingStatus])).toEqual([
      ['TeamViewer Connector', 'onboarded'],
      ['Contoso Remote Help', 'notOnboarded'],
    ]);
    expect(await graph.get(session(), TEAMVIEWER_PARTNER_ID)).toEqual(partners[0]);
    expect(graphCalls().map((c) => [c.method, c.status, c.oid])).toEqual([
      ['GET', 200, sim.users[0].aadObjectId],
      ['GET', 200, sim.users[0].aadObjectId],
    ]);
  });

  test('every call carries its own client-request-id (a UUID)', async () => {
    await graph.list(session());
    await graph.get(session(), OTHER_PARTNER_ID);
    await graph.memberOf(session(), [DEFAULT_ADMIN_GROUP_ID]);
    const ids = graphCalls().map((c) => c.clientRequestId);
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(3);
  });

  test('disconnect: exactly one POST, 204, the partner becomes notOnboarded; returns the request ids', async () => {
    const info = await graph.act(session(), TEAMVIEWER_PARTNER_ID, 'disconnect');
    const posts = graphCalls().filter((c) => c.method === 'POST');
    expect(posts).toEqual([
      expect.objectContaining({
        path: `/beta/deviceManagement/remoteAssistancePartners/${TEAMVIEWER_PARTNER_ID}/disconnect`,
        status: 204,
      }),
    ]);
    expect(info).toEqual({ requestId: posts[0].requestId, clientRequestId: posts[0].clientRequestId });
    expect(sim.partners()[0].onboardingStatus).toBe('notOnboarded');
    expect((await graph.get(session(), TEAMVIEWER_PARTNER_ID)).onboardingStatus).toBe('notOnboarded');
  });

  test('beginOnboarding: 204 and the partner is onboarding with an expiry', async () => {
    const info = await graph.act(session(), OTHER_PARTNER_ID, 'beginOnboarding');
    expect(info.clientRequestId).toMatch(UUID);
    const partner = await graph.get(session(), OTHER_PARTNER_ID);
    expect(partner.onboardingStatus).toBe('onboarding');
    expect(Date.parse(partner.onboardingRequestExpiryDateTime!)).toBeGreaterThan(Date.now());
  });

  test('memberOf: the configured groups the user is in, 20 ids per request', async () => {
    const others = Array.from({ length: 24 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`);
    expect(await graph.memberOf(session(), [...others, DEFAULT_ADMIN_GROUP_ID])).toEqual([DEFAULT_ADMIN_GROUP_ID]);
    expect(graphCalls().map((c) => c.path)).toEqual(['/beta/me/checkMemberGroups', '/beta/me/checkMemberGroups']);
    expect(await graph.memberOf(session(sim.users[2]), [DEFAULT_ADMIN_GROUP_ID])).toEqual([]);
  });

  test('429 with Retry-After 1, then success: one logical call, two requests, same client-request-id', async () => {
    sim.faults.graphNext(1, { status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const info = await graph.act(session(), TEAMVIEWER_PARTNER_ID, 'disconnect');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const calls = graphCalls();
    expect(calls.map((c) => c.status)).toEqual([429, 204]);
    expect(calls[0].clientRequestId).toBe(info.clientRequestId);
    expect(calls[1].clientRequestId).toBe(info.clientRequestId);
    expect(sim.partners()[0].onboardingStatus).toBe('notOnboarded');
  });

  test('429 with Retry-After 120: graph.throttled with retryAfterSeconds 120, at once', async () => {
    sim.faults.graphNext(1, { status: 429, retryAfterSeconds: 120 });
    const started = Date.now();
    const e = await failure(graph.act(session(), TEAMVIEWER_PARTNER_ID, 'disconnect'));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(e).toMatchObject({
      name: 'AppError',
      kind: 'graph.throttled',
      status: 429,
      code: 'TooManyRequests',
      retryAfterSeconds: 120,
    });
    expect(e.requestId).toBe(graphCalls()[0].requestId);
    expect(graphCalls()).toHaveLength(1);
    expect(sim.partners()[0].onboardingStatus).toBe('onboarded');
  });

  test('503 beyond maxRetries: graph.throttled after 1 + maxRetries requests', async () => {
    sim.faults.graphNext(10, { status: 503, retryAfterSeconds: 0 });
    const e = await failure(gateway({ retry: { maxRetries: 2 } }).list(session()));
    expect(e).toMatchObject({ kind: 'graph.throttled', status: 503, code: 'ServiceUnavailable', retryAfterSeconds: 0 });
    expect(graphCalls().map((c) => c.status)).toEqual([503, 503, 503]);
  });

  test('403 -> graph.forbidden with request ids; a user without an Intune role too', async () => {
    sim.faults.graphNext(1, { status: 403 });
    const e = await failure(graph.act(session(), TEAMVIEWER_PARTNER_ID, 'disconnect'));
    const call = graphCalls()[0];
    expect(e).toMatchObject({
      kind: 'graph.forbidden',
      status: 403,
      code: 'Forbidden',
      requestId: call.requestId,
      clientRequestId: call.clientRequestId,
    });
    expect(e.requestId).toMatch(UUID);
    // Adele has no Intune role: the simulator answers as Intune does (401 with ErrorCode Forbidden inside).
    expect(await failure(graph.list(session(sim.users[2])))).toMatchObject({
      kind: 'graph.forbidden',
      status: 401,
      code: 'UnknownError',
    });
  });

  test('404 -> graph.notFound with request ids', async () => {
    const e = await failure(graph.get(session(), '00000000-0000-0000-0000-00000000dead'));
    expect(e).toMatchObject({
      kind: 'graph.notFound',
      status: 404,
      code: 'ResourceNotFound',
      requestId: graphCalls()[0].requestId,
    });
  });

  test.each([
    [400, 'graph.badRequest'],
    [401, 'graph.unauthorized'],
    [409, 'graph.conflict'],
    [500, 'graph.unavailable'],
    [502, 'graph.unavailable'],
  ])('%d -> %s', async (status, kind) => {
    sim.faults.graphNext(1, { status });
    const e = await failure(graph.list(session()));
    expect(e).toMatchObject({ kind, status, requestId: expect.stringMatching(UUID) });
    expect(graphCalls()).toHaveLength(1);
  });

  test.each(['../users', '..', 'a/b', '', 'a?b=1', '%2e%2e', 'a..b', 'https://evil.example/x', 'x'.repeat(129), ' id'])(
    'partner id %j is refused before any request (input.invalidPartnerId)',
    async (id) => {
      const ops = [
        (i: string) => graph.get(session(), i),
        ...(['disconnect', 'beginOnboarding'] as const).map((a) => (i: string) => graph.act(session(), i, a)),
      ];
      for (const op of ops) {
        expect((await failure(op(id))).kind).toBe('input.invalidPartnerId');
      }
      expect(sim.calls).toEqual([]);
    },
  );

  test('an auth error stays an auth error and no Graph request is made', async () => {
    sim.faults.user(sim.users[1].aadObjectId, { consentRequired: true });
    expect((await failure(graph.list(session(sim.users[1])))).kind).toBe('auth.consentRequired');
    expect(graphCalls()).toEqual([]);
  });

  test('Graph unreachable -> graph.network', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const e = await failure(gateway({ baseUrl: `https://127.0.0.1:${port}` }).list(session()));
    expect(e).toMatchObject({ kind: 'graph.network', clientRequestId: expect.stringMatching(UUID) });
  });

  test('the customHosts trap: without it the Graph client sends no Authorization header and the simulator says 401', async () => {
    const token = await tokens.getToken(session(), [
      'https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All',
    ]);
    const transport = new NodeHttpHandler({ ca: sim.ca, timeoutMs: 5000, maxSockets: 2 });
    const status = async (customHosts?: Set<string>) => {
      const client = Client.initWithMiddleware({
        middleware: [
          new AuthenticationHandler({ getAccessToken: async () => token }),
          new TelemetryHandler(),
          transport,
        ],
        baseUrl: sim.graphBaseUrl,
        defaultVersion: 'beta',
        ...(customHosts ? { customHosts } : {}),
      });
      const response = (await client
        .api('/deviceManagement/remoteAssistancePartners')
        .responseType(ResponseType.RAW)
        .get()) as Response;
      await response.arrayBuffer();
      return response.status;
    };
    try {
      expect(await status()).toBe(401);
      expect(await status(new Set(['127.0.0.1']))).toBe(200);
    } finally {
      transport.close();
    }
  });

  test('an http base URL is refused (the Graph client would send no Authorization header)', () => {
    expect(() => createGraphGateway({ tokens, baseUrl: sim.tokenServiceUrl })).toThrow(/https/);
  });

  test('Retry-After as seconds (also fractional, rounded up) or as an HTTP date', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    // Graph's own throttling sample sends 2.128; Date.parse('2.5') would be a day in 2001 (a wait of 0 s).
    expect(parseRetryAfter('2.128', now)).toBe(3);
    expect(parseRetryAfter('2.5', now)).toBe(3);
    expect(parseRetryAfter(' 0.2 ', now)).toBe(1);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Mon, 30 Nov 2026 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Mon, 30 Nov 2026 12:00:29 GMT', now + 500)).toBe(29); // 28.5 s left: never less than asked
    expect(parseRetryAfter('Mon, 30 Nov 2026 11:00:00 GMT', now)).toBe(0); // in the past
    for (const bad of ['soon', '-1', '1e3', '2.5.1', '', null, undefined])
      expect(parseRetryAfter(bad, now)).toBeUndefined();
  });
});
