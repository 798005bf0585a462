/**
 * The real OnBehalfOfCredential (through createOboTokenProvider) against the simulator's Entra.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import type { AppError } from '../../src/core/errors';
import type { UserSession } from '../../src/core/model';
import { SCOPE_GROUP_MEMBERSHIP, SCOPE_REMOTE_ASSISTANCE } from '../../src/core/ports';
import { createOboTokenProvider, type OboTokenProviderOptions } from '../../src/identity';
import { startSimulator, type SimUser, type Simulator } from '../../src/simulator';
import { claimsOf } from '../simulator/sim-client';
import { rejectionOf } from '../support/rejection';

const SCOPES = [SCOPE_REMOTE_ASSISTANCE];

describe('OBO token provider (real OnBehalfOfCredential against the simulator)', () => {
  let sim: Simulator;
  let certSim: Simulator;
  let certPem: string;
  let dir: string;

  beforeAll(async () => {
    const cert = await generate([{ name: 'commonName', value: 'bot-cert' }], { keySize: 2048, algorithm: 'sha256' });
    certPem = `${cert.private}${cert.cert}`;
    dir = mkdtempSync(join(tmpdir(), 'obo-test-'));
    [sim, certSim] = await Promise.all([startSimulator(), startSimulator({ certificatePem: cert.cert })]);
  });
  afterAll(async () => {
    await Promise.all([sim?.close(), certSim?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => sim.reset());

  const provider = (extra: Partial<OboTokenProviderOptions> = {}, target = sim) =>
    createOboTokenProvider({
      clientId: target.botId,
      clientSecret: target.clientSecret,
      authorityHost: target.authorityHost,
      ca: target.ca,
      retry: { maxRetries: 0 },
      ...extra,
    });
  const session = (user: SimUser, target = sim, assertion = target.issueUserAssertion(user)): UserSession => ({
    actor: { tenantId: user.tenantId, aadObjectId: user.aadObjectId, name: user.name, locale: 'en-US' },
    assertion,
  });
  const failure = (p: Promise<unknown>) => rejectionOf<AppError>(p);
  const alex = () => sim.users[0];
  const adele = () => sim.users[2];

  test('obtains a delegated Graph token for the user', async () => {
    const token = await provider().getToken(session(alex()), SCOPES);
    expect(claimsOf(token)).toMatchObject({
      aud: 'https://graph.microsoft.com',
      oid: alex().aadObjectId,
      tid: alex().tenantId,
      scp: 'DeviceManagementServiceConfig.ReadWrite.All',
    });
    expect(sim.calls.filter((c) => c.service === 'entra').map((c) => `${c.method} ${c.status}`)).toEqual([
      'GET 200',
      'POST 200',
    ]);
  });

  test('100 sequential calls for one user make exactly one OBO request', async () => {
    const p = provider();
    const s = session(alex());
    const tokens = new Set<string>();
    for (let i = 0; i < 100; i++) tokens.add(await p.getToken(s, SCOPES));
    expect(tokens.size).toBe(1);
    expect(sim.counters.oboByUser).toEqual({ [alex().aadObjectId]: 1 });
  });

  test('100 concurrent calls for one user make exactly one OBO request', async () => {
    const p = provider();
    const s = session(alex());
    const tokens = await Promise.all(Array.from({ length: 100 }, () => p.getToken({ ...s }, SCOPES)));
    expect(new Set(tokens).size).toBe(1);
    expect(sim.counters.oboTotal).toBe(1);
  });

  test('two users make two requests, one each; other scopes are a separate token', async () => {
    const p = provider();
    const a = session(alex());
    await Promise.all([p.getToken(a, SCOPES), p.getToken(session(adele()), SCOPES), p.getToken(a, SCOPES)]);
    expect(sim.counters.oboByUser).toEqual({ [alex().aadObjectId]: 1, [adele().aadObjectId]: 1 });
    expect(p.size).toBe(2);
    const both = await p.getToken(a, [SCOPE_REMOTE_ASSISTANCE, SCOPE_GROUP_MEMBERSHIP]);
    expect(claimsOf(both).scp).toBe('DeviceManagementServiceConfig.ReadWrite.All GroupMember.Read.All');
    expect(sim.counters.oboTotal).toBe(3);
  });

  test('a new assertion for the user means a new request (and replaces the credential)', async () => {
    const p = provider();
    await p.getToken(session(alex()), SCOPES);
    await p.getToken(session(alex(), sim, sim.issueUserAssertion(alex(), { expiresInSeconds: 7200 })), SCOPES);
    expect(sim.counters.oboByUser[alex().aadObjectId]).toBe(2);
    expect(p.size).toBe(1);
  });

  test('the user map is bounded (LRU)', async () => {
    const p = provider({ maxUsers: 2 });
    for (const user of sim.users) await p.getToken(session(user), SCOPES);
    expect(p.size).toBe(2);
    await p.getToken(session(alex()), SCOPES); // the oldest was evicted: asks again
    expect(sim.counters.oboByUser[alex().aadObjectId]).toBe(2);
  });

  test('consent required -> auth.consentRequired; once consented, the same user and assertion succeed', async () => {
    sim.faults.user(alex().aadObjectId, { consentRequired: true });
    const p = provider();
    const s = session(alex());
    const e = await failure(p.getToken(s, SCOPES));
    expect(e).toMatchObject({ name: 'AppError', kind: 'auth.consentRequired', code: 'invalid_grant' });
    expect(e.message).toContain('AADSTS65001');
    expect(p.size).toBe(0);
    sim.faults.clear();
    expect(claimsOf(await p.getToken(s, SCOPES)).oid).toBe(alex().aadObjectId);
  });

  test('interaction required (MFA) -> auth.interactionRequired', async () => {
    sim.faults.user(alex().aadObjectId, { interactionRequired: true });
    const e = await failure(provider().getToken(session(alex()), SCOPES));
    expect(e).toMatchObject({ kind: 'auth.interactionRequired', code: 'interaction_required' });
  });

  test('an expired assertion -> auth.interactionRequired (the user must sign in again)', async () => {
    const e = await failure(
      provider().getToken(session(alex(), sim, sim.issueUserAssertion(alex(), { expiresInSeconds: -60 })), SCOPES),
    );
    expect(e).toMatchObject({ kind: 'auth.interactionRequired', code: 'invalid_grant' });
    expect(e.message).toContain('AADSTS500133');
  });

  test('token endpoint down -> auth.tokenEndpointUnreachable', async () => {
    sim.faults.user(alex().aadObjectId, { tokenEndpointDown: true });
    const e = await failure(provider().getToken(session(alex()), SCOPES));
    expect(e.kind).toBe('auth.tokenEndpointUnreachable');
  });

  test('nothing listening at the authority -> auth.tokenEndpointUnreachable', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const e = await failure(provider({ authorityHost: `https://127.0.0.1:${port}` }).getToken(session(alex()), SCOPES));
    expect(e.kind).toBe('auth.tokenEndpointUnreachable');
  });

  test('an authority that never answers -> auth.tokenEndpointUnreachable after timeoutMs', async () => {
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const started = Date.now();
      const e = await failure(
        provider({ authorityHost: `https://127.0.0.1:${port}`, timeoutMs: 300 }).getToken(session(alex()), SCOPES),
      );
      expect(e.kind).toBe('auth.tokenEndpointUnreachable');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('a wrong client secret -> auth.failed, and neither secret nor assertion appear in the error', async () => {
    const s = session(alex());
    const e = await failure(provider({ clientSecret: 'not-the-secret-123' }).getToken(s, SCOPES));
    expect(e).toMatchObject({ kind: 'auth.failed', code: 'invalid_client' });
    expect(e.message).toContain('AADSTS7000215');
    const text = `${e.message} ${String((e as Error & { cause?: Error }).cause?.message)} ${e.stack}`;
    expect(text).not.toContain('not-the-secret-123');
    expect(text).not.toContain(s.assertion.split('.')[1]);
  });

  test('no assertion -> auth.signInRequired; no client credential -> auth.failed; neither reaches Entra', async () => {
    expect((await failure(provider().getToken({ ...session(alex()), assertion: '' }, SCOPES))).kind).toBe(
      'auth.signInRequired',
    );
    expect((await failure(provider({ clientSecret: undefined }).getToken(session(alex()), SCOPES))).kind).toBe(
      'auth.failed',
    );
    expect(sim.calls).toEqual([]);
  });

  test("somebody else's assertion (another oid, or another tenant) -> auth.failed, and Entra is never asked", async () => {
    const forged = { ...session(adele()), assertion: sim.issueUserAssertion(alex()) };
    expect((await failure(provider().getToken(forged, SCOPES))).kind).toBe('auth.failed');
    const otherTenant = {
      ...session(alex()),
      actor: { ...session(alex()).actor, tenantId: 'ffffffff-1111-2222-3333-444444444444' },
    };
    expect((await failure(provider().getToken(otherTenant, SCOPES))).kind).toBe('auth.failed');
    expect((await failure(provider().getToken({ ...session(alex()), assertion: 'not-a-jwt' }, SCOPES))).kind).toBe(
      'auth.failed',
    );
    expect(sim.calls).toEqual([]);
  });

  test('certificate as PEM text (signed here, key never on disk)', async () => {
    const user = certSim.users[0];
    const token = await provider({ clientSecret: undefined, certificate: certPem }, certSim).getToken(
      session(user, certSim),
      SCOPES,
    );
    expect(claimsOf(token).oid).toBe(user.aadObjectId);
  });

  test('certificate as a PEM file path, certificate block first (the order MSAL itself cannot read)', async () => {
    const path = join(dir, 'bot.pem');
    writeFileSync(
      path,
      `${certPem.slice(certPem.indexOf('-----BEGIN CERTIFICATE'))}${certPem.slice(0, certPem.indexOf('-----BEGIN CERTIFICATE'))}`,
      { mode: 0o600 },
    );
    const user = certSim.users[1];
    const token = await provider({ clientSecret: undefined, certificate: path }, certSim).getToken(
      session(user, certSim),
      SCOPES,
    );
    expect(claimsOf(token).oid).toBe(user.aadObjectId);
  });

  test('a getAssertion source (managed identity federated credential)', async () => {
    const getAssertion = jest.fn(async () => sim.issueClientAssertion());
    const token = await provider({ clientSecret: undefined, getAssertion }).getToken(session(alex()), SCOPES);
    expect(claimsOf(token).oid).toBe(alex().aadObjectId);
    expect(getAssertion).toHaveBeenCalled();
  });
});
