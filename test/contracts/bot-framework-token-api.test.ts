/**
 * The Bot Framework Token API contract (bot-framework-token-api.json, sources named there), checked twice:
 * 1. the fixture is what Microsoft's published client says: the operation specs of botframework-connector's
 *    generated TokenApiClient (captured as the client sends them) and its model mappers;
 * 2. the simulated token service answers by it: every operation, its statuses and its bodies' shapes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TokenApiClient, TokenCredentials } from 'botframework-connector';
import * as Mappers from 'botframework-connector/lib/tokenApi/models/mappers';
import { UserTokenClientImpl } from 'botframework-connector/lib/auth/userTokenClientImpl';
import { startSimulator, type Simulator } from '../../src/simulator';
import { request } from '../simulator/sim-client';

interface Operation {
  method: string;
  path: string;
  query: Record<string, boolean>;
  body: string | null;
  responses: Record<string, string | null>;
}
interface Contract {
  security: { unauthorized: { status: number; body: unknown } };
  operations: Record<string, Operation>;
  definitions: Record<string, Record<string, string>>;
  notInGeneratedMappers: Record<string, string>;
  signInState: { keys: string[] };
}
const contract = JSON.parse(readFileSync(join(__dirname, 'bot-framework-token-api.json'), 'utf8')) as Contract;

interface Mapper {
  serializedName?: string;
  required?: boolean;
  type: {
    name: string;
    className?: string;
    element?: Mapper;
    value?: Mapper;
    modelProperties?: Record<string, Mapper>;
  };
}
interface OperationSpec {
  httpMethod: string;
  path: string;
  queryParameters?: { mapper: Mapper }[];
  requestBody?: { mapper: Mapper };
  responses: Record<string, { bodyMapper?: Mapper }>;
}

/** A mapper's type in the fixture's notation: 'TokenResponse', 'String', 'TokenStatus[]', '{TokenResponse}'. */
function typeName(m: Mapper | undefined): string | null {
  if (!m) return null;
  const t = m.type;
  if (t.name === 'Composite') return t.className ?? null;
  if (t.name === 'Sequence') return `${typeName(t.element)}[]`;
  if (t.name === 'Dictionary') return `{${typeName(t.value)}}`;
  return t.name;
}

/** Every operation spec, as the generated client hands it to its HTTP pipeline (nothing is sent). */
async function publishedOperations(): Promise<Record<string, OperationSpec>> {
  const client = new TokenApiClient(new TokenCredentials('unused'), { baseUri: 'http://127.0.0.1:9' });
  const specs: Record<string, OperationSpec> = {};
  let name = '';
  (client as unknown as { sendOperationRequest: unknown }).sendOperationRequest = (
    _args: unknown,
    spec: OperationSpec,
  ) => {
    specs[name] = spec;
    return Promise.resolve({});
  };
  const calls: [string, () => Promise<unknown>][] = [
    ['GetToken', () => client.userToken.getToken('u', 'c', { channelId: 'ch', code: '1' })],
    ['exchange', () => client.userToken.exchangeAsync('u', 'c', 'ch', { token: 't' })],
    ['GetSignInResource', () => client.botSignIn.getSignInResource('s', {})],
    ['GetSignInUrl', () => client.botSignIn.getSignInUrl('s', {})],
    ['SignOut', () => client.userToken.signOut('u', { connectionName: 'c', channelId: 'ch' })],
    ['GetTokenStatus', () => client.userToken.getTokenStatus('u', { channelId: 'ch', include: 'c' })],
    ['GetAadTokens', () => client.userToken.getAadTokens('u', 'c', { resourceUrls: ['r'] }, { channelId: 'ch' })],
  ];
  for (const [op, call] of calls) {
    name = op;
    await call();
  }
  return specs;
}

describe('the fixture is what the published Token API client says (botframework-connector 4.23.3)', () => {
  test('operations: method, path, query parameters (and which are required), body, responses', async () => {
    const published = await publishedOperations();
    expect(Object.keys(published).sort()).toEqual(Object.keys(contract.operations).sort());
    for (const [name, spec] of Object.entries(published)) {
      const fromClient: Operation = {
        method: spec.httpMethod,
        path: `/${spec.path}`,
        query: Object.fromEntries(
          (spec.queryParameters ?? []).map((p) => [p.mapper.serializedName!, Boolean(p.mapper.required)]),
        ),
        body: typeName(spec.requestBody?.mapper),
        responses: Object.fromEntries(
          Object.entries(spec.responses).map(([status, r]) => [status, typeName(r.bodyMapper)]),
        ),
      };
      expect({ name, ...fromClient }).toEqual({ name, ...contract.operations[name] });
    }
  });

  test('models: every property and its type, as the generated mappers have them', () => {
    const mappers = Mappers as unknown as Record<string, Mapper>;
    for (const [name, properties] of Object.entries(contract.definitions)) {
      if (contract.notInGeneratedMappers[name]) {
        expect(mappers[name]).toBeUndefined();
        continue;
      }
      const expected = Object.fromEntries(
        Object.entries(properties).filter(([p]) => !contract.notInGeneratedMappers[`${name}.${p}`]),
      );
      const fromClient = Object.fromEntries(
        Object.entries(mappers[name].type.modelProperties ?? {}).map(([, m]) => [m.serializedName, typeName(m)]),
      );
      expect({ name, properties: fromClient }).toEqual({ name, properties: expected });
    }
  });

  test('the sign-in state: base64 JSON with the keys UserTokenClientImpl writes', async () => {
    const client = new UserTokenClientImpl('bot-app-id', new TokenCredentials('unused'), 'http://127.0.0.1:9');
    let state = '';
    const inner = (
      client as unknown as { client: { botSignIn: { getSignInResource: (s: string) => Promise<unknown> } } }
    ).client;
    inner.botSignIn.getSignInResource = (s: string) => {
      state = s;
      return Promise.resolve({ _response: { parsedBody: {} } });
    };
    const relatesTo = { conversation: { id: 'c' }, channelId: 'msteams', serviceUrl: 'https://x/' };
    const activity = {
      type: 'message',
      channelId: 'msteams',
      serviceUrl: 'https://x/',
      from: { id: 'u' },
      recipient: { id: 'b' },
      conversation: { id: 'c' },
      relatesTo,
    };
    await client.getSignInResource('graph', activity as Parameters<UserTokenClientImpl['getSignInResource']>[1], '');
    const decoded = JSON.parse(Buffer.from(state, 'base64').toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(decoded).sort()).toEqual([...contract.signInState.keys].sort());
    expect(decoded).toMatchObject({ connectionName: 'graph', msAppId: 'bot-app-id' });
  });
});

/** Problems of `value` against a fixture type ('' when it conforms). Absent properties are allowed; unknown ones are not. */
function problems(value: unknown, type: string, at = '$'): string[] {
  if (value === undefined || value === null) return [];
  if (type.endsWith('[]'))
    return Array.isArray(value)
      ? value.flatMap((v, i) => problems(v, type.slice(0, -2), `${at}[${i}]`))
      : [`${at}: not an array`];
  if (type.startsWith('{')) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not a map`];
    return Object.entries(value).flatMap(([k, v]) => problems(v, type.slice(1, -1), `${at}.${k}`));
  }
  const primitive: Record<string, (v: unknown) => boolean> = {
    String: (v) => typeof v === 'string',
    Boolean: (v) => typeof v === 'boolean',
    Number: (v) => typeof v === 'number',
    Object: (v) => typeof v === 'object' && !Array.isArray(v),
  };
  if (primitive[type]) return primitive[type](value) ? [] : [`${at}: not a ${type}`];
  const definition = contract.definitions[type];
  if (!definition) return [`${at}: unknown type ${type}`];
  if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not a ${type}`];
  return Object.entries(value).flatMap(([k, v]) =>
    definition[k] ? problems(v, definition[k], `${at}.${k}`) : [`${at}.${k}: not in ${type}`],
  );
}

describe('the simulated token service answers by the contract', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim?.close());
  beforeEach(() => sim.reset());

  const alex = () => sim.users[0]; // signed in
  const megan = () => sim.users[1]; // not signed in
  const state = (connectionName: string, msAppId: string | undefined = sim.botId) =>
    Buffer.from(
      JSON.stringify({
        connectionName,
        conversation: { conversation: { id: 'a:1' }, user: { id: megan().channelUserId } },
        relatesTo: null,
        msAppId,
      }),
    ).toString('base64');

  /** Calls an operation with query parameters named as the contract names them; checks status and body shape. */
  async function call(
    name: string,
    query: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    const op = contract.operations[name];
    for (const param of Object.keys(query))
      expect({ name, param, known: param in op.query }).toEqual({ name, param, known: true });
    for (const [param, required] of Object.entries(op.query))
      if (required) expect({ name, param, sent: param in query }).toEqual({ name, param, sent: true });
    const res = await request(sim, `${sim.tokenServiceUrl}${op.path}?${new URLSearchParams(query)}`, {
      method: op.method,
      body,
    });
    const declared = String(res.status) in op.responses ? op.responses[String(res.status)] : op.responses.default;
    expect({
      name,
      status: res.status,
      declared: String(res.status) in op.responses || 'default' in op.responses,
    }).toEqual({ name, status: res.status, declared: true });
    if (declared && res.text)
      expect({ name, status: res.status, problems: problems(res.json, declared) }).toEqual({
        name,
        status: res.status,
        problems: [],
      });
    return { status: res.status, json: res.json };
  }

  test('GetToken: 200 TokenResponse for a signed-in user; 404 without a token or for an unknown connection', async () => {
    const ok = await call('GetToken', { userId: alex().channelUserId, connectionName: 'graph', channelId: 'msteams' });
    expect(ok).toMatchObject({
      status: 200,
      json: {
        token: expect.any(String),
        connectionName: 'graph',
        channelId: 'msteams',
        expiration: expect.any(String),
      },
    });
    expect(
      (await call('GetToken', { userId: megan().channelUserId, connectionName: 'graph', channelId: 'msteams' })).status,
    ).toBe(404);
    expect(
      (await call('GetToken', { userId: alex().channelUserId, connectionName: 'other', channelId: 'msteams' })).status,
    ).toBe(404);
  });

  test('exchange: 200 TokenResponse for an SSO token of the user; 400 ErrorResponse for a bad token or an unknown connection', async () => {
    const query = { userId: megan().channelUserId, connectionName: 'graph', channelId: 'msteams' };
    expect(await call('exchange', query, { token: sim.issueUserAssertion(megan()) })).toMatchObject({
      status: 200,
      json: { token: expect.any(String) },
    });
    expect(await call('exchange', query, { token: 'not-a-token' })).toMatchObject({
      status: 400,
      json: { error: { code: expect.any(String) } },
    });
    expect(
      await call('exchange', { ...query, connectionName: 'other' }, { token: sim.issueUserAssertion(megan()) }),
    ).toMatchObject({ status: 400 });
  });

  test('GetSignInResource: 200 SignInUrlResponse with both resources; 400 for an unknown connection. GetSignInUrl: a string', async () => {
    const res = await call('GetSignInResource', { state: state('graph'), finalRedirect: '' });
    expect(res).toMatchObject({
      status: 200,
      json: {
        signInLink: expect.any(String),
        tokenExchangeResource: { id: expect.any(String), uri: expect.any(String) },
        tokenPostResource: { sasUrl: expect.any(String) },
      },
    });
    expect((await call('GetSignInResource', { state: state('other') })).status).toBe(400);
    expect(await call('GetSignInUrl', { state: state('graph') })).toMatchObject({
      status: 200,
      json: expect.stringMatching(/^http/),
    });
  });

  test('SignOut: 200; 400 ErrorResponse for an unknown connection. GetTokenStatus: TokenStatus[]. GetAadTokens: a map of TokenResponse', async () => {
    expect((await call('GetTokenStatus', { userId: alex().channelUserId, channelId: 'msteams' })).json).toEqual([
      expect.objectContaining({ connectionName: 'graph', hasToken: true }),
    ]);
    const aad = await call(
      'GetAadTokens',
      { userId: alex().channelUserId, connectionName: 'graph', channelId: 'msteams' },
      { resourceUrls: ['https://graph.microsoft.com'] },
    );
    expect(aad).toMatchObject({ status: 200, json: { 'https://graph.microsoft.com': { token: expect.any(String) } } });
    expect(
      (await call('GetAadTokens', { userId: alex().channelUserId, connectionName: 'other' }, { resourceUrls: ['x'] }))
        .status,
    ).toBe(400);
    expect(
      (await call('SignOut', { userId: alex().channelUserId, connectionName: 'other', channelId: 'msteams' })).status,
    ).toBe(400);
    expect(
      (await call('SignOut', { userId: alex().channelUserId, connectionName: 'graph', channelId: 'msteams' })).status,
    ).toBe(200);
    expect(sim.isSignedIn(alex().channelUserId)).toBe(false);
  });

  test("a caller with a wrong bearer token gets the services' 401", async () => {
    const op = contract.operations.GetToken;
    const res = await request(
      sim,
      `${sim.tokenServiceUrl}${op.path}?userId=${alex().channelUserId}&connectionName=graph`,
      { headers: { Authorization: 'Bearer x.y.z' } },
    );
    expect(res.status).toBe(contract.security.unauthorized.status);
    expect(res.json).toEqual(contract.security.unauthorized.body);
  });
});
