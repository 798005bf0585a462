/**
 * `npm run doctor` against the simulated tenant, in-process, configured from runtime variables as the bot on
 * App Service is: a healthy deployment passes (exit 0); each broken piece fails its own line with what to do
 * (exit 1), and nothing secret is ever printed.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { runDoctor } from '../../src/doctor/run';
import { MIGRATIONS } from '../../src/store/migrations';
import { ROOT, lineOf, startDoctorRig, type DoctorRig } from './helpers';

const OTHER_APP_ID = '0b1c2d3e-4f50-4a6b-9c7d-8e9f0a1b2c3d';
const OTHER_TENANT_ID = '7e6d5c4b-3a29-4f18-8e07-f6e5d4c3b2a1';

function noSecrets(lines: string[], secrets: string[]): void {
  const text = lines.join('\n');
  for (const s of secrets) expect(text).not.toContain(s);
  expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{5,}\./); // no JWT
}

/**
 * A plain HTTP server for the token service's place: records what the bot sent, answers as told. (Never chain
 * `res.writeHead(...).end()`: restify, loaded by other suites in the same worker, patches writeHead.)
 */
async function fakeTokenService(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const seen: { path: string; authorization?: string }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ path: (req.url ?? '').split('?')[0], authorization: req.headers.authorization });
    answer(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

describe('npm run doctor against the simulator', () => {
  let rig: DoctorRig;
  beforeAll(async () => {
    rig = await startDoctorRig();
  });
  afterAll(() => rig?.close());
  beforeEach(() => rig.sim.reset());

  test('a healthy deployment: one ✔ line per check, the manifest skipped with the reason, exit 0', async () => {
    const report = await runDoctor({ processEnv: rig.env(), root: ROOT });
    expect(report.exitCode).toBe(0);
    expect(report.lines).toHaveLength(9);
    expect(lineOf(report.lines, 'credential')).toMatch(
      /^✔ credential: the bot signs in with a client secret; the client secret ends on \d{4}-\d{2}-\d{2} \(149 days left\)$/,
    );
    expect(lineOf(report.lines, 'deployment')).toBe(
      '○ deployment: skipped: BOT_DOMAIN is empty, nothing deployed to check (provision first, or set BOT_DOMAIN)',
    );
    expect(lineOf(report.lines, 'config')).toBe(
      '✔ config: valid (azure mode, SingleTenant, secret, SQLite; from the process environment)',
    );
    expect(lineOf(report.lines, 'entra')).toMatch(
      new RegExp(`^✔ entra: app ${rig.sim.botId} and its secret accepted by Entra \\(tenant ${rig.sim.tenantId}\\)`),
    );
    expect(lineOf(report.lines, 'token-service')).toBe(
      `✔ token-service: connection "graph" answered GetSignInResource at ${rig.sim.tokenServiceUrl}; token exchange with api://botid-${rig.sim.botId}`,
    );
    const graph = lineOf(report.lines, 'graph');
    expect(graph).toMatch(
      /^✔ graph: reachable \(401 InvalidAuthenticationToken without a token\); app-only token from tenant /,
    );
    // Honest about what it cannot see: the delegated grant, with the admin-consent URL.
    expect(graph).toContain(
      'NOT verified: the delegated grant (DeviceManagementServiceConfig.ReadWrite.All, DeviceManagementRBAC.Read.All)',
    );
    expect(graph).toContain(`${rig.sim.authorityHost}/${rig.sim.tenantId}/adminconsent?client_id=${rig.sim.botId}`);
    const migrations = Object.keys(MIGRATIONS).sort();
    expect(lineOf(report.lines, 'store')).toMatch(
      new RegExp(
        `^✔ store: sqlite at .*bot\\.sqlite reachable, schema current \\(${migrations.length} migrations, latest ${migrations.at(-1)}\\); nothing was migrated by the doctor$`,
      ),
    );
    expect(lineOf(report.lines, 'manifest')).toMatch(
      /^○ manifest: skipped: the manifest is compared with a Toolkit environment: add --env <name>/,
    );
    expect(report.lines[8]).toBe('doctor: 6 passed, 0 failed, 2 skipped: nothing to fix');
    // What reached the tenant: the discovery, the client-credentials grants, GetSignInResource, Graph's 401.
    const calls = rig.sim.calls.map((c) => `${c.service} ${c.method} ${c.path} ${c.status}`);
    expect(calls).toEqual(
      expect.arrayContaining([
        `entra POST /${rig.sim.tenantId}/oauth2/v2.0/token 200`,
        'tokenService GET /api/botsignin/GetSignInResource 200',
        'graph GET /v1.0/me 401',
      ]),
    );
    noSecrets(report.lines, [rig.sim.clientSecret]);
  });

  test('an approver group alone: the delegated grant to look for includes the group check (checkMemberGroups answers approvers too)', async () => {
    const report = await runDoctor({
      processEnv: rig.env({ APPROVER_GROUP_IDS: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' }),
      root: ROOT,
    });
    expect(lineOf(report.lines, 'graph')).toContain(
      'NOT verified: the delegated grant (DeviceManagementServiceConfig.ReadWrite.All, DeviceManagementRBAC.Read.All, User.ReadBasic.All, GroupMember.Read.All)',
    );
  });

  test("the token service gets the bot's own Bot Framework token; a refusal (401) says which Azure Bot setting to fix", async () => {
    const service = await fakeTokenService((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'Unauthorized', message: 'The bot is not authorized.' } }));
    });
    try {
      const report = await runDoctor({ processEnv: rig.env({ TOKEN_SERVICE_URL: service.url }), root: ROOT });
      expect(report.exitCode).toBe(1);
      expect(lineOf(report.lines, 'token-service')).toBe(
        `✘ token-service: ${service.url} refused the bot's token (HTTP 401: The bot is not authorized.) -> the Azure Bot's Microsoft App ID must be ${rig.sim.botId}, with app type SingleTenant and tenant ${rig.sim.tenantId} as configured here`,
      );
      expect(service.seen.map((s) => s.path)).toEqual(['/api/botsignin/GetSignInResource']);
      const bearer = /^Bearer (.+)$/.exec(service.seen[0].authorization ?? '')?.[1] ?? '';
      expect(rig.sim.verifyAppToken(bearer, 'https://api.botframework.com')).toEqual({
        ok: true,
        appId: rig.sim.botId,
        tenantId: rig.sim.tenantId,
      });
      noSecrets(report.lines, [rig.sim.clientSecret]);
    } finally {
      await service.close();
    }
  });

  test('the OAuth connection: missing, without a token-exchange resource, or exchanging for another app: each says what to set on the Azure Bot', async () => {
    // The token service's own words for a missing connection: ServiceError "Could not find Connection Setting with name ..."
    // (MicrosoftDocs/msteams-docs issue 7407, quoted in the Teams troubleshooting of bot errors). Its HTTP status is not
    // documented: the doctor goes by the message.
    const answers: Record<string, [number, unknown]> = {
      missing: [
        400,
        { error: { code: 'ServiceError', message: "Could not find Connection Setting with name 'graph'" } },
      ],
      noExchange: [200, { signInLink: 'https://token.botframework.com/api/oauth/signin?signin=x' }],
      otherUri: [
        200,
        {
          signInLink: 'https://token.botframework.com/api/oauth/signin?signin=x',
          tokenExchangeResource: { id: 'x', uri: 'api://contoso.example/other-app', providerId: 'y' },
        },
      ],
    };
    let mode = 'missing';
    const service = await fakeTokenService((_req, res) => {
      const [status, body] = answers[mode];
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    try {
      const run = async (m: string) => (
        (mode = m),
        lineOf(
          (await runDoctor({ processEnv: rig.env({ TOKEN_SERVICE_URL: service.url }), root: ROOT })).lines,
          'token-service',
        )
      );
      expect(await run('missing')).toBe(
        `✘ token-service: no OAuth connection "graph" (HTTP 400: Could not find Connection Setting with name 'graph') -> create the OAuth connection "graph" on the Azure Bot` +
          ` (Configuration > Add OAuth Connection Settings: Azure Active Directory v2, Token Exchange URL api://botid-${rig.sim.botId}, scopes api://botid-${rig.sim.botId}/access_as_user), or set OAUTH_CONNECTION_NAME to the existing one's name`,
      );
      expect(await run('noExchange')).toMatch(
        new RegExp(
          `^✘ token-service: connection "graph" answered GetSignInResource without a token-exchange resource: .* -> set the connection's Token Exchange URL to api://botid-${rig.sim.botId}`,
        ),
      );
      expect(await run('otherUri')).toMatch(
        /^✘ token-service: connection "graph" exchanges tokens for api:\/\/contoso\.example\/other-app, not the bot's SSO app .*signin\/failure -> set the connection's Token Exchange URL to/,
      );
    } finally {
      await service.close();
    }
  });

  test('an invalid configuration: every problem named, the other checks skipped, exit 1', async () => {
    const report = await runDoctor({ processEnv: rig.env({ BOT_TENANT_ID: '', ADMIN_USER_IDS: 'alex' }), root: ROOT });
    expect(report.exitCode).toBe(1);
    const config = lineOf(report.lines, 'config');
    expect(config).toMatch(/^✘ config: 3 problem\(s\) in the process environment: /);
    expect(config).toContain('BOT_TENANT_ID must be the GUID of your Entra tenant');
    expect(config).toContain('ADMIN_USER_IDS must be a comma-separated list of GUIDs (bad: "alex")');
    expect(config).toMatch(/-> fix the variables named \(README\.md, Configuration; env\/sample\.env\)$/);
    for (const id of ['credential', 'entra', 'token-service', 'graph', 'store', 'manifest', 'deployment'])
      expect(lineOf(report.lines, id)).toBe(`○ ${id}: skipped: the configuration is not valid`);
    expect(report.lines[8]).toBe(
      'doctor: 0 passed, 1 failed, 7 skipped: fix the ✘ lines above, then run the doctor again',
    );
    expect(rig.sim.calls).toEqual([]);
  });

  test('a wrong client secret: AADSTS7000215 and where to make a new one; the secret is never printed', async () => {
    const wrong = 'not-the-secret-Q8~x';
    const report = await runDoctor({ processEnv: rig.env({ BOT_PASSWORD: wrong }), root: ROOT });
    expect(report.exitCode).toBe(1);
    const entra = lineOf(report.lines, 'entra');
    expect(entra).toMatch(
      /^✘ entra: Entra refused app .* AADSTS7000215: Invalid client secret provided\. -> the client secret is not the app's: copy the secret's Value \(not its Secret ID\)/,
    );
    expect(entra).toContain(`App registrations > ${rig.sim.botId} > Certificates & secrets, and set BOT_PASSWORD`);
    expect(lineOf(report.lines, 'token-service')).toMatch(
      /^○ token-service: skipped: the bot has no Bot Framework token to ask with/,
    );
    noSecrets(report.lines, [wrong, rig.sim.clientSecret]);
  });

  test('an app id Entra does not know: AADSTS700016, check BOT_ID and BOT_TENANT_ID', async () => {
    const report = await runDoctor({ processEnv: rig.env({ BOT_ID: OTHER_APP_ID }), root: ROOT });
    expect(report.exitCode).toBe(1);
    expect(lineOf(report.lines, 'entra')).toMatch(
      new RegExp(
        `^✘ entra: Entra refused app ${OTHER_APP_ID} in tenant ${rig.sim.tenantId}: AADSTS700016: Application with identifier '${OTHER_APP_ID}' was not found in the directory .* -> no app ${OTHER_APP_ID} in tenant ${rig.sim.tenantId}: check BOT_ID and BOT_TENANT_ID`,
      ),
    );
  });

  test('a tenant that does not exist is told apart from a refused credential (AADSTS90002 on the OpenID document)', async () => {
    const report = await runDoctor({ processEnv: rig.env({ BOT_TENANT_ID: OTHER_TENANT_ID }), root: ROOT });
    expect(lineOf(report.lines, 'entra')).toMatch(
      new RegExp(
        `^✘ entra: Entra does not know tenant ${OTHER_TENANT_ID}: AADSTS90002: .* -> tenant ${OTHER_TENANT_ID} does not exist at .*: set BOT_TENANT_ID`,
      ),
    );
  });

  test('Entra unreachable: the line names the host to open', async () => {
    const report = await runDoctor({ processEnv: rig.env({ AUTHORITY_HOST: 'https://127.0.0.1:1' }), root: ROOT });
    expect(lineOf(report.lines, 'entra')).toMatch(
      /^✘ entra: cannot reach Entra at https:\/\/127\.0\.0\.1:1 \(.*ECONNREFUSED.*\) -> check outbound HTTPS from this host to https:\/\/127\.0\.0\.1:1/,
    );
  });

  test('the token service unreachable: exit 1 and TOKEN_SERVICE_URL named', async () => {
    const closed = await fakeTokenService(() => undefined);
    await closed.close(); // a port nobody listens on now
    const report = await runDoctor({ processEnv: rig.env({ TOKEN_SERVICE_URL: closed.url }), root: ROOT });
    expect(report.exitCode).toBe(1);
    expect(lineOf(report.lines, 'token-service')).toBe(
      `✘ token-service: cannot reach ${closed.url} (ECONNREFUSED) -> check outbound HTTPS from this host to the token service, and TOKEN_SERVICE_URL (leave it empty for the public cloud)`,
    );
    expect(lineOf(report.lines, 'entra')).toMatch(/^✔/);
  });

  test('a check that does not answer fails within its time limit, the others still report', async () => {
    const held: http.ServerResponse[] = [];
    const silent = await fakeTokenService((_req, res) => void held.push(res)); // accepts, does not answer
    try {
      const started = Date.now();
      const report = await runDoctor({
        processEnv: rig.env({ TOKEN_SERVICE_URL: silent.url }),
        root: ROOT,
        timeoutMs: 1500,
      });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(lineOf(report.lines, 'token-service')).toBe(
        `✘ token-service: no answer within 2 s -> check outbound HTTPS from this host to ${silent.url}`,
      );
      expect(lineOf(report.lines, 'graph')).toMatch(/^✔/);
      expect(report.exitCode).toBe(1);
    } finally {
      // Answer now, so the connector's request ends instead of retrying after the test.
      await Promise.all(
        held.map(
          (res) =>
            new Promise<void>(
              (r) => (
                res.writeHead(200, { 'content-type': 'application/json' }),
                res.end('{"signInLink":"https://example.invalid/"}', r)
              ),
            ),
        ),
      );
      await silent.close();
    }
  });

  test("no application permission consented: the DeviceManagementServiceConfig.Read.All that aad.manifest.json asks for (the watch's and the sweeper's reads) is missing from the app-only token", async () => {
    const unconsented = await startDoctorRig({ applicationPermissions: [] });
    const root = path.join(unconsented.dir, 'project');
    fs.mkdirSync(root);
    const aad = JSON.parse(fs.readFileSync(path.join(ROOT, 'aad.manifest.json'), 'utf8'));
    aad.requiredResourceAccess[0].resourceAccess = aad.requiredResourceAccess[0].resourceAccess.filter(
      (r: { type: string }) => r.type !== 'Role',
    );
    fs.writeFileSync(path.join(root, 'aad.manifest.json'), JSON.stringify(aad));
    try {
      // The project's own registration (the watch reads the partners with no user present).
      const report = await runDoctor({ processEnv: unconsented.env(), root: ROOT });
      expect(report.exitCode).toBe(1);
      expect(lineOf(report.lines, 'graph')).toBe(
        `✘ graph: the app-only token from tenant ${unconsented.sim.tenantId} lacks DeviceManagementServiceConfig.Read.All, which aad.manifest.json asks for: admin consent has not been granted there` +
          ` -> an admin of ${unconsented.sim.tenantId} opens ${unconsented.sim.authorityHost}/${unconsented.sim.tenantId}/adminconsent?client_id=${unconsented.sim.botId} (or Entra admin center > App registrations > ${unconsented.sim.botId} > API permissions > Grant admin consent)`,
      );
      // A registration that asks no application permission: then none is required.
      const none = await runDoctor({ processEnv: unconsented.env(), root });
      expect(lineOf(none.lines, 'graph')).toMatch(
        /^✔ graph: .*app-only token from tenant .* \(no application permissions\)\. NOT verified: the delegated grant/,
      );
    } finally {
      await unconsented.close();
    }
  });

  test('the application permission consented: the graph line names it and passes', async () => {
    const report = await runDoctor({ processEnv: rig.env(), root: ROOT });
    expect(lineOf(report.lines, 'graph')).toMatch(
      /^✔ graph: .*app-only token from tenant .* \(application permissions consented: DeviceManagementServiceConfig\.Read\.All\)/,
    );
  });

  test('the store unreachable (bad DATABASE_URL): exit 1, the URL shown without its password', async () => {
    const report = await runDoctor({
      processEnv: rig.env({ DATABASE_URL: 'postgres://bot:S3cret-pw@127.0.0.1:1/bot' }),
      root: ROOT,
    });
    expect(report.exitCode).toBe(1);
    expect(lineOf(report.lines, 'store')).toMatch(
      /^✘ store: Cannot read the postgres database at postgres:\/\/bot:\*\*\*@127\.0\.0\.1:1\/bot: .*ECONNREFUSED.* -> check DATABASE_URL \(host, port, database, user, password; sslmode=require for Azure Database for PostgreSQL\)/,
    );
    noSecrets(report.lines, ['S3cret-pw']);
  });

  test('local mode (no BOT_ID): valid, the Azure checks skipped with the reason, exit 0', async () => {
    const env = rig.env({ BOT_ID: '', BOT_PASSWORD: '', BOT_TENANT_ID: '' });
    const report = await runDoctor({ processEnv: env, root: ROOT });
    expect(report.exitCode).toBe(0);
    expect(lineOf(report.lines, 'config')).toMatch(/^✔ config: valid \(local mode: BOT_ID is empty/);
    for (const id of ['entra', 'token-service', 'graph'])
      expect(lineOf(report.lines, id)).toMatch(new RegExp(`^○ ${id}: skipped: local mode \\(BOT_ID is empty\\)`));
    expect(rig.sim.calls).toEqual([]);
  });
});
