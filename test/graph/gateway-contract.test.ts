/**
 * The real Graph client (createGraphGateway + real OBO) against the simulator, on the details Microsoft
 * documents and the bot got wrong before: fractional Retry-After (concepts/throttling.md sends 2.128), Intune's
 * 401 "Forbidden" denial, and paged lists (@odata.nextLink) whose next pages must stay on Graph's origin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppError } from '../../src/core/errors';
import type { UserSession } from '../../src/core/model';
import { createGraphGateway, type GraphGateway, type GraphGatewayOptions } from '../../src/graph';
import { kindFor, parseGraphErrorBody } from '../../src/graph/errors';
import { partnerFromGraph } from '../../src/graph/partner-json';
import { createOboTokenProvider, type OboTokenProvider } from '../../src/identity';
import {
  defaultPartners,
  startSimulator,
  TEAMVIEWER_PARTNER_ID,
  type SimUser,
  type Simulator,
} from '../../src/simulator';
import { rejectionOf } from '../support/rejection';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../contracts/fixtures', name), 'utf8'));
const intuneDenial = fixture('intune-denial-401.json');
const api = fixture('graph-remote-assistance-api.json');

/** Three partners, so that a page size of 1 gives three pages. */
const THREE = [
  ...defaultPartners(),
  { ...defaultPartners()[1], id: 'c3d5e7f9-1b2d-4f6a-8c0e-2a4c6e8a0b1c', displayName: 'Fabrikam Assist' },
];

describe('Graph gateway on the documented contract details (real Graph client, simulator)', () => {
  let sim: Simulator;
  let foreign: Simulator;
  let tokens: OboTokenProvider;
  const gateways: GraphGateway[] = [];

  beforeAll(async () => {
    [sim, foreign] = await Promise.all([startSimulator({ partners: THREE, graphPageSize: 1 }), startSimulator()]);
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
    await Promise.all([sim?.close(), foreign?.close()]);
  });
  beforeEach(() => {
    sim.reset();
    foreign.reset();
  });

  const gateway = (options: Partial<GraphGatewayOptions> = {}) => {
    const g = createGraphGateway({ tokens, baseUrl: sim.graphBaseUrl, ca: sim.ca, ...options });
    gateways.push(g);
    return g;
  };
  const session = (user: SimUser = sim.users[0]): UserSession => ({
    actor: { tenantId: user.tenantId, aadObjectId: user.aadObjectId, name: user.name, locale: 'en-US' },
    assertion: sim.issueUserAssertion(user),
  });
  const graphCalls = (s = sim) => s.calls.filter((c) => c.service === 'graph');
  const failure = (p: Promise<unknown>) => rejectionOf<AppError>(p);

  describe('Retry-After', () => {
    test('a fractional Retry-After (1.5) is waited for in full, then the same call goes through', async () => {
      sim.faults.graphNext(1, { status: 429, retryAfterSeconds: 1.5, method: 'POST' });
      const started = Date.now();
      const info = await gateway().act(session(), TEAMVIEWER_PARTNER_ID, 'disconnect');
      expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
      expect(graphCalls().map((c) => [c.status, c.clientRequestId])).toEqual([
        [429, info.clientRequestId],
        [204, info.clientRequestId],
      ]);
    });

    test('an HTTP-date Retry-After is waited for until that moment (not the 1 s fallback)', async () => {
      const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000);
      sim.faults.graphNext(1, { status: 503, retryAfter: at.toUTCString(), method: 'GET' });
      await gateway().get(session(), TEAMVIEWER_PARTNER_ID);
      expect(Date.now()).toBeGreaterThanOrEqual(at.getTime() - 50);
      expect(graphCalls().map((c) => c.status)).toEqual([503, 200]);
    });

    test("Microsoft's sample value 2.128 beyond the bound: 'try again in 3 s' at once (never less than asked)", async () => {
      sim.faults.graphNext(1, { status: 429, retryAfter: '2.128' });
      const started = Date.now();
      const e = await failure(gateway({ retry: { maxRetryAfterSeconds: 2 } }).get(session(), TEAMVIEWER_PARTNER_ID));
      expect(Date.now() - started).toBeLessThan(1000);
      expect(e).toMatchObject({ kind: 'graph.throttled', status: 429, retryAfterSeconds: 3 });
    });
  });

  describe("Intune's denial", () => {
    test("401 with Intune's ErrorCode Forbidden (the body seen in the wild) is a missing Intune permission, not a sign-in problem", async () => {
      sim.faults.graphNext(1, {
        status: intuneDenial.status,
        code: intuneDenial.body.error.code,
        message: intuneDenial.body.error.message,
      });
      const e = await failure(gateway().list(session()));
      expect(e).toMatchObject({
        kind: 'graph.forbidden',
        status: 401,
        code: 'UnknownError',
        requestId: graphCalls()[0].requestId,
      });
    });

    test('401 with error.code Forbidden is the same; a 401 that refuses the token stays a sign-in problem', async () => {
      sim.faults.graphNext(1, { status: 401, code: 'Forbidden', message: 'Forbidden' });
      expect((await failure(gateway().list(session()))).kind).toBe('graph.forbidden');
      sim.faults.graphNext(1, { status: 401 }); // InvalidAuthenticationToken
      expect((await failure(gateway().list(session()))).kind).toBe('graph.unauthorized');
    });

    test('a Forbidden code in a nested innerError is read too (concepts/errors.md: loop over the innererrors)', () => {
      const body = parseGraphErrorBody(
        JSON.stringify({
          error: {
            code: 'Unauthorized',
            message: 'x',
            innerError: { code: 'AccessDenied', innerError: { code: 'Forbidden' } },
          },
        }),
      );
      expect(body.innerCodes).toEqual(['AccessDenied', 'Forbidden']);
      expect(kindFor(401, body)).toBe('graph.forbidden');
      expect(kindFor(401, parseGraphErrorBody(JSON.stringify(intuneDenial.body)))).toBe('graph.forbidden');
      expect(
        kindFor(
          401,
          parseGraphErrorBody('{"error":{"code":"InvalidAuthenticationToken","message":"Access token has expired."}}'),
        ),
      ).toBe('graph.unauthorized');
    });
  });

  describe('paged lists', () => {
    test('follows @odata.nextLink to the end; every page carries the user token to the same Graph', async () => {
      const partners = await gateway().list(session());
      expect(partners.map((p) => p.displayName)).toEqual([
        'TeamViewer Connector',
        'Contoso Remote Help',
        'Fabrikam Assist',
      ]);
      expect(graphCalls().map((c) => [c.method, c.status, c.oid])).toEqual([
        ['GET', 200, sim.users[0].aadObjectId],
        ['GET', 200, sim.users[0].aadObjectId],
        ['GET', 200, sim.users[0].aadObjectId],
      ]);
    });

    test('more pages than maxPages: graph.incompleteList, not a silently partial list', async () => {
      const e = await failure(gateway({ maxPages: 2 }).list(session()));
      expect(e).toMatchObject({ kind: 'graph.incompleteList', requestId: graphCalls()[1].requestId });
      expect(graphCalls()).toHaveLength(2);
    });

    test('a nextLink to another host is not followed: the foreign host never sees a request (nor the token)', async () => {
      sim.faults.nextLinkOrigin(foreign.graphBaseUrl);
      const e = await failure(gateway().list(session()));
      expect(e.kind).toBe('graph.incompleteList');
      expect(e.message).toContain(new URL(foreign.graphBaseUrl).origin);
      expect(graphCalls()).toHaveLength(1);
      expect(foreign.calls).toEqual([]);
    });
  });

  test("the API pages' own examples parse (list item, and GET with the entity wrapped in 'value')", () => {
    const expected = {
      id: '7443c8b9-c8b9-7443-b9c8-4374b9c84374',
      displayName: 'Display Name value',
      onboardingUrl: 'https://example.com/onboardingUrl/',
      onboardingStatus: 'onboarding',
      lastConnectionDateTime: '2016-12-31T23:58:36.6670033-08:00',
      onboardingRequestExpiryDateTime: '2017-01-01T00:02:07.7573274-08:00',
    };
    expect(partnerFromGraph(api.list.response.body.value[0])).toEqual(expected);
    expect(partnerFromGraph(api.get.response.body)).toEqual(expected);
    expect(
      partnerFromGraph({ ...api.list.response.body.value[0], onboardingStatus: 'somethingNew' }).onboardingStatus,
    ).toBe('unknownFutureValue');
  });
});
