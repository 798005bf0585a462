/**
 * Changes whose answer is lost: the real Graph client (createGraphGateway) through the real OBO provider
 * against the simulator. A POST that may have reached Graph without an answer is 'graph.outcomeUnknown' and is
 * never sent twice; the same failure of a read is an ordinary failure.
 *
 * Microsoft's descriptions (microsoftgraph/microsoft-graph-docs-contrib, concepts/errors.md @ 02b4cba0):
 * 503 "You may repeat the request after a delay, the length of which may be specified in a Retry-After
 * header"; 504 "The server, while acting as a proxy, did not receive a timely response from the upstream
 * server ... May occur together with 503"; 429 "should not attempt to repeat the request until an amount of
 * time has elapsed" (throttling.md: Retry-After). So a 429, or a 503 that names a delay, was not taken and may
 * be repeated; a 502/504, a 503 without Retry-After, a reset or a time-out after sending say nothing about
 * whether Intune acted.
 */
import type { AppError } from '../../src/core/errors';
import type { UserSession } from '../../src/core/model';
import { createGraphGateway, type GraphGateway, type GraphGatewayOptions } from '../../src/graph';
import { createOboTokenProvider, type OboTokenProvider } from '../../src/identity';
import { OTHER_PARTNER_ID, startSimulator, TEAMVIEWER_PARTNER_ID, type Simulator } from '../../src/simulator';
import { UUID } from '../simulator/sim-client';
import { rejectionOf } from '../support/rejection';

describe('Graph gateway: outcomes of changes whose answer is lost', () => {
  let sim: Simulator;
  let tokens: OboTokenProvider;
  let graph: GraphGateway;
  const extra: GraphGateway[] = [];
  let session: UserSession;

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
    const user = sim.users[0];
    session = {
      actor: { tenantId: user.tenantId, aadObjectId: user.aadObjectId, name: user.name, locale: 'en-US' },
      assertion: sim.issueUserAssertion(user),
    };
  });
  afterAll(async () => {
    graph?.close();
    for (const g of extra) g.close();
    await sim?.close();
  });
  beforeEach(() => sim.reset());

  const gateway = (options: Partial<GraphGatewayOptions>) => {
    const g = createGraphGateway({ tokens, baseUrl: sim.graphBaseUrl, ca: sim.ca, ...options });
    extra.push(g);
    return g;
  };
  const posts = () => sim.calls.filter((c) => c.service === 'graph' && c.method === 'POST');
  const teamViewer = () => sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)!;

  test.each([502, 504])(
    'a change answered %d by a gateway: outcome unknown, sent once, with the request ids',
    async (status) => {
      sim.faults.graphNext(1, { status, method: 'POST', pathIncludes: '/disconnect' });
      const e = await rejectionOf<AppError>(graph.act(session, TEAMVIEWER_PARTNER_ID, 'disconnect'));
      expect(e).toMatchObject({
        kind: 'graph.outcomeUnknown',
        status,
        requestId: posts()[0].requestId,
        clientRequestId: posts()[0].clientRequestId,
      });
      expect(posts().map((c) => c.status)).toEqual([status]);
    },
  );

  test('a change answered 503 without Retry-After: outcome unknown, not repeated', async () => {
    sim.faults.graphNext(1, { status: 503, method: 'POST', pathIncludes: '/beginOnboarding' });
    const e = await rejectionOf<AppError>(graph.act(session, OTHER_PARTNER_ID, 'beginOnboarding'));
    expect(e).toMatchObject({ kind: 'graph.outcomeUnknown', status: 503 });
    expect(posts().map((c) => c.status)).toEqual([503]);
  });

  test('a change answered 503 WITH Retry-After was not taken: repeated after the delay, then done', async () => {
    sim.faults.graphNext(1, { status: 503, retryAfterSeconds: 1, method: 'POST', pathIncludes: '/disconnect' });
    await graph.act(session, TEAMVIEWER_PARTNER_ID, 'disconnect');
    expect(posts().map((c) => c.status)).toEqual([503, 204]);
    expect(teamViewer().onboardingStatus).toBe('notOnboarded');
  });

  test('a change that Graph carried out but whose connection broke before the 204: outcome unknown, sent once', async () => {
    const held = sim.faults.holdNextDisconnect();
    const call = rejectionOf<AppError>(graph.act(session, TEAMVIEWER_PARTNER_ID, 'disconnect'));
    await held.reached;
    held.release('completeThenDrop');
    expect(await call).toMatchObject({ kind: 'graph.outcomeUnknown', clientRequestId: expect.stringMatching(UUID) });
    expect(posts()).toHaveLength(1);
    expect(teamViewer().onboardingStatus).toBe('notOnboarded'); // it happened; only the answer was lost
  });

  test('a change whose connection was closed unanswered (Graph did not act): also unknown to the caller, sent once', async () => {
    const held = sim.faults.holdNextDisconnect();
    const call = rejectionOf<AppError>(graph.act(session, TEAMVIEWER_PARTNER_ID, 'disconnect'));
    await held.reached;
    held.release('drop');
    expect((await call).kind).toBe('graph.outcomeUnknown');
    expect(posts()).toHaveLength(1);
    expect(teamViewer().onboardingStatus).toBe('onboarded');
  });

  test('a change that times out after sending: outcome unknown, sent once; a read that times out: graph.network', async () => {
    const slow = gateway({ timeoutMs: 300 });
    await slow.list(session); // warm: the token is cached, so only Graph is slow below
    sim.faults.latency(700);
    expect((await rejectionOf<AppError>(slow.act(session, TEAMVIEWER_PARTNER_ID, 'disconnect'))).kind).toBe(
      'graph.outcomeUnknown',
    );
    expect((await rejectionOf<AppError>(slow.get(session, TEAMVIEWER_PARTNER_ID))).kind).toBe('graph.network');
    sim.faults.latency(0);
    // The simulator logs the late POST once it has handled it (its answer goes to a closed connection).
    while (posts().length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(posts()).toHaveLength(1);
  });

  test.each([502, 504])('a read answered %d is an ordinary failure (graph.unavailable)', async (status) => {
    sim.faults.graphNext(1, { status, method: 'GET' });
    expect((await rejectionOf<AppError>(graph.get(session, TEAMVIEWER_PARTNER_ID))).kind).toBe('graph.unavailable');
  });

  test('a read answered 503 without Retry-After is still retried (a read may be repeated)', async () => {
    sim.faults.graphNext(1, { status: 503, method: 'GET' });
    const g = gateway({ sleep: async () => undefined });
    expect((await g.get(session, TEAMVIEWER_PARTNER_ID)).id).toBe(TEAMVIEWER_PARTNER_ID);
    expect(sim.calls.filter((c) => c.service === 'graph').map((c) => c.status)).toEqual([503, 200]);
  });

  test('a connection refused before anything was sent is graph.network, also for a change', async () => {
    const refused = gateway({ baseUrl: 'https://127.0.0.1:1' });
    expect((await rejectionOf<AppError>(refused.act(session, TEAMVIEWER_PARTNER_ID, 'disconnect'))).kind).toBe(
      'graph.network',
    );
  });
});
