/**
 * Contract: every error the simulated Graph sends has Graph's documented error JSON (fixtures/graph-errors.json,
 * concepts/errors.md), with request ids; throttling answers carry a Retry-After that is seconds (also fractional,
 * as throttling.md's sample 2.128) or an HTTP-date; Intune's denial has the shape seen from the real service
 * (fixtures/intune-denial-401.json). And the bot reads those answers as Microsoft means them.
 */
import { parseRetryAfter } from '../../src/graph';
import { kindFor, parseGraphErrorBody } from '../../src/graph/errors';
import { startSimulator, TEAMVIEWER_PARTNER_ID, type Simulator } from '../../src/simulator';
import { graphToken, request, UUID, type RawRequest, type RawResponse } from '../simulator/sim-client';
import { fixture, graphErrorProblems, retryAfterProblems } from './support/shapes';

const errors = fixture('graph-errors.json');
const denial = fixture('intune-denial-401.json');
const PARTNERS = '/beta/deviceManagement/remoteAssistancePartners';
const RW = 'DeviceManagementServiceConfig.ReadWrite.All';

describe("contract: Graph's error format (the checker first, on Microsoft's own examples)", () => {
  test('the examples of errors.md and throttling.md conform; broken bodies do not', () => {
    expect(graphErrorProblems(errors.examples.errorsPage)).toEqual([]);
    expect(graphErrorProblems(errors.examples.throttlingSample.body)).toEqual([]);
    expect(graphErrorProblems(denial.body)).toEqual([]);
    expect(graphErrorProblems({ code: 'x', message: 'y' })).toEqual([expect.stringContaining('top-level keys')]);
    expect(graphErrorProblems({ error: { code: 'x' } })).toEqual(['message is missing']);
    expect(graphErrorProblems({ error: { code: 42, message: 'y' } })).toEqual(['code is number, not string']);
  });

  test("Retry-After: the sample's 2.128 is valid and the bot waits at least that long (3 s, rounded up)", () => {
    const sample = errors.examples.throttlingSample.headers['Retry-After'];
    expect(retryAfterProblems(sample)).toEqual([]);
    expect(retryAfterProblems('Mon, 30 Nov 2026 12:00:30 GMT')).toEqual([]);
    expect(retryAfterProblems('soon')).toHaveLength(1);
    expect(parseRetryAfter(sample)).toBeGreaterThanOrEqual(2.128);
    expect(parseRetryAfter(sample)).toBe(3);
  });

  test("Intune's 401 denial is read as a missing Intune permission; a token refusal is not", () => {
    expect(kindFor(denial.status, parseGraphErrorBody(JSON.stringify(denial.body)))).toBe('graph.forbidden');
    expect(kindFor(429, parseGraphErrorBody(JSON.stringify(errors.examples.throttlingSample.body)))).toBe(
      'graph.throttled',
    );
  });

  test('the request id is found in either spelling (request-id in answers, requestId in the errors.md example)', () => {
    expect(parseGraphErrorBody(JSON.stringify(errors.examples.throttlingSample.body)).requestId).toBe(
      '94fb3b52-452a-4535-a601-69e0a90e3aa2',
    );
    expect(parseGraphErrorBody(JSON.stringify(errors.examples.errorsPage)).requestId).toBe('request-id');
  });
});

describe('contract: the simulated Graph sends errors in that format', () => {
  let sim: Simulator;
  let token: string;
  let readOnly: string;
  let noIntuneRole: string;
  let groups: string;

  beforeAll(async () => {
    sim = await startSimulator();
    [token, readOnly, noIntuneRole, groups] = await Promise.all([
      graphToken(sim, sim.users[0], [RW]),
      graphToken(sim, sim.users[0], ['DeviceManagementServiceConfig.Read.All']),
      graphToken(sim, sim.users[2], [RW]),
      graphToken(sim, sim.users[0], ['User.ReadBasic.All', 'GroupMember.Read.All']),
    ]);
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => sim.reset());

  const call = (path: string, req: RawRequest & { token?: string | null } = {}): Promise<RawResponse> => {
    const bearer = req.token === undefined ? token : req.token;
    return request(sim, path, {
      ...req,
      headers: {
        ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
        'client-request-id': '0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e',
        ...req.headers,
      },
    });
  };

  /** Documented shape, JSON content type, and the request ids in both the headers and innerError. */
  function expectGraphError(res: RawResponse, status: number): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(graphErrorProblems(res.json)).toEqual([]);
    expect(res.headers['request-id']).toMatch(UUID);
    expect(res.json.error.innerError['request-id']).toBe(res.headers['request-id']);
    expect(res.json.error.innerError['client-request-id']).toBe('0c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e');
  }

  test.each([
    ['no token', () => call(PARTNERS, { token: null }), 401],
    ['a token for another audience', () => call(PARTNERS, { token: sim.issueUserAssertion(sim.users[0]) }), 401],
    [
      'a token without the write scope',
      () => call(`${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/disconnect`, { method: 'POST', token: readOnly }),
      403,
    ],
    ['an unknown partner', () => call(`${PARTNERS}/00000000-0000-0000-0000-00000000dead`), 404],
    ['an unknown segment', () => call('/beta/deviceManagement/somethingElse'), 400],
    ['a wrong method', () => call(`${PARTNERS}/${TEAMVIEWER_PARTNER_ID}`, { method: 'DELETE' }), 405],
    ['an invalid $top', () => call(`${PARTNERS}?$top=zero`), 400],
    ['an invalid $skiptoken', () => call(`${PARTNERS}?$skiptoken=forged`), 400],
    [
      'an undeclared action parameter',
      () => call(`${PARTNERS}/${TEAMVIEWER_PARTNER_ID}/disconnect`, { method: 'POST', body: { partnerDomain: 'x' } }),
      400,
    ],
    [
      'checkMemberGroups without a documented permission set',
      () => call('/beta/me/checkMemberGroups', { method: 'POST', token: readOnly, body: { groupIds: ['g'] } }),
      403,
    ],
    [
      'checkMemberGroups with more than 20 ids',
      () =>
        call('/beta/me/checkMemberGroups', { method: 'POST', token: groups, body: { groupIds: Array(21).fill('g') } }),
      400,
    ],
  ] as const)('%s', async (_what, send, status) => {
    expectGraphError(await send(), status);
  });

  test("429 with a fractional Retry-After like the sample, and the sample's innerError code and status", async () => {
    sim.faults.graphNext(1, { status: 429, retryAfterSeconds: 2.128 });
    const res = await call(PARTNERS);
    expectGraphError(res, 429);
    expect(res.headers['retry-after']).toBe('2.128');
    expect(retryAfterProblems(res.headers['retry-after'])).toEqual([]);
    expect(res.json.error).toMatchObject({
      code: errors.examples.throttlingSample.body.error.code,
      innerError: { code: '429', status: '429' },
    });
  });

  test('503 with an HTTP-date Retry-After', async () => {
    sim.faults.graphNext(1, { status: 503, retryAfter: new Date(Date.now() + 5000).toUTCString() });
    const res = await call(PARTNERS);
    expectGraphError(res, 503);
    expect(retryAfterProblems(res.headers['retry-after'])).toEqual([]);
  });

  test.each(errors.statusesWithRetryAfter as number[])(
    'every %d fault sends a Retry-After when given one',
    async (status) => {
      sim.faults.graphNext(1, { status, retryAfterSeconds: 1 });
      expect(retryAfterProblems((await call(PARTNERS)).headers['retry-after'])).toEqual([]);
    },
  );

  test("a user without an Intune role gets Intune's denial: 401, UnknownError, ErrorCode Forbidden inside, same nested keys", async () => {
    const res = await call(PARTNERS, { token: noIntuneRole });
    expectGraphError(res, denial.status);
    expect(res.json.error.code).toBe(denial.body.error.code);
    const outer = JSON.parse(res.json.error.message);
    const documented = JSON.parse(denial.body.error.message);
    expect(Object.keys(outer)).toEqual(Object.keys(documented));
    expect(outer.ErrorCode).toBe('Forbidden');
    expect(Object.keys(JSON.parse(outer.Message))).toEqual(Object.keys(JSON.parse(documented.Message)));
    expect(kindFor(res.status, parseGraphErrorBody(res.text))).toBe('graph.forbidden');
  });
});
