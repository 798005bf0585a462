/**
 * The doctor also checks the deployed bot and the credential's end: GET {BOT_ENDPOINT}/healthz and /readyz of
 * the App Service (a local HTTPS stand-in here, its certificate trusted through TRUSTED_CA_FILE) answer 200, and
 * the version and commit /healthz reports are this build's; the client secret's days left (fails once past,
 * warns within 30 days), or the managed identity with nothing the bot holds that expires.
 */
import { runDoctor } from '../../src/doctor/run';
import { ROOT, lineOf, startDoctorRig, type DoctorRig } from './helpers';

const BUILD = { version: '1.4.0', commit: '3f9c2a1b7d4e5f60718293a4b5c6d7e8f9012345' };
const DAY = 24 * 3600_000;
const MI = '7c1e2d3f-4a5b-4c6d-8e7f-901a2b3c4d5e';

describe('npm run doctor: the deployed bot and the credential', () => {
  let rig: DoctorRig;
  beforeAll(async () => {
    rig = await startDoctorRig();
  });
  afterAll(() => rig?.close());
  beforeEach(() => {
    rig.deployed.answer.healthz = 200;
    rig.deployed.answer.readyz = 200;
    rig.deployed.answer.body = { status: 'ok', version: BUILD.version, commit: BUILD.commit };
    rig.deployed.requests.length = 0;
  });
  const doctor = (env: Record<string, string | undefined> = {}, url = rig.deployed.url) =>
    runDoctor({ processEnv: rig.env(env), root: ROOT, build: BUILD, deployedUrl: url });

  test('the App Service answers /healthz and /readyz and runs this build: ✔, exit 0', async () => {
    const report = await doctor();
    expect(lineOf(report.lines, 'deployment')).toBe(
      `✔ deployment: ${rig.deployed.url} answers /healthz and /readyz (200) and runs this build: 1.4.0 (commit 3f9c2a1b7d4e)`,
    );
    expect(rig.deployed.requests).toEqual(['GET /healthz', 'GET /readyz']);
    expect(report.exitCode).toBe(0);
  });

  test('without --url: BOT_ENDPOINT (as provisioning writes it), else WEBSITE_HOSTNAME (on App Service itself)', async () => {
    const fromEndpoint = await runDoctor({
      processEnv: rig.env({ BOT_ENDPOINT: rig.deployed.url }),
      root: ROOT,
      build: BUILD,
    });
    expect(lineOf(fromEndpoint.lines, 'deployment')).toMatch(/^✔ deployment: https:\/\/127\.0\.0\.1:\d+ answers/);
    const onHost = await runDoctor({
      processEnv: rig.env({ WEBSITE_HOSTNAME: rig.deployed.url.replace('https://', '') }),
      root: ROOT,
      build: BUILD,
    });
    expect(lineOf(onHost.lines, 'deployment')).toMatch(/^✔ deployment: https:\/\/127\.0\.0\.1:\d+ answers/);
    expect(rig.deployed.requests).toEqual(['GET /healthz', 'GET /readyz', 'GET /healthz', 'GET /readyz']);
  });

  test('another version or commit deployed: ✘ with both named and the deploy command', async () => {
    rig.deployed.answer.body = { status: 'ok', version: '1.3.2', commit: 'aaaabbbbccccdddd' };
    const report = await doctor();
    expect(lineOf(report.lines, 'deployment')).toBe(
      `✘ deployment: ${rig.deployed.url} runs 1.3.2 (commit aaaabbbbcccc), but this build is 1.4.0 (commit 3f9c2a1b7d4e) -> deploy this build: \`teamsapp deploy --env <name>\` (docs/deploy.md), then the doctor again`,
    );
    expect(report.exitCode).toBe(1);
    rig.deployed.answer.body = { status: 'ok', version: '1.4.0', commit: 'aaaabbbbccccdddd' };
    expect(lineOf((await doctor()).lines, 'deployment')).toMatch(
      /^✘ deployment: .* runs 1\.4\.0 \(commit aaaabbbbcccc\), but this build is 1\.4\.0 \(commit 3f9c2a1b7d4e\)/,
    );
  });

  test('/healthz without version or commit (a build from before): the doctor says so, as a warning', async () => {
    rig.deployed.answer.body = { status: 'ok' };
    const report = await doctor();
    expect(lineOf(report.lines, 'deployment')).toMatch(
      /^! deployment: .* answers \/healthz and \/readyz \(200\), but \/healthz reports no version or commit: cannot tell whether it runs this build \(1\.4\.0\) -> deploy this build/,
    );
    expect(report.exitCode).toBe(0);
    expect(report.lines.at(-1)).toContain('1 warning(s) (the ! lines)');
  });

  test('/readyz 503 (the store does not answer), /healthz 500, nothing listening: each its own ✘', async () => {
    rig.deployed.answer.readyz = 503;
    expect(lineOf((await doctor()).lines, 'deployment')).toMatch(
      /^✘ deployment: https:\/\/127\.0\.0\.1:\d+\/readyz answered HTTP 503: the bot runs but is not ready .* -> check DATABASE_URL/,
    );
    rig.deployed.answer.healthz = 500;
    expect(lineOf((await doctor()).lines, 'deployment')).toMatch(
      /^✘ deployment: https:\/\/127\.0\.0\.1:\d+\/healthz answered HTTP 500 -> the bot process is not serving/,
    );
    const gone = await doctor({}, 'https://127.0.0.1:1');
    expect(lineOf(gone.lines, 'deployment')).toMatch(
      /^✘ deployment: cannot reach the deployed bot at https:\/\/127\.0\.0\.1:1 \(.*ECONNREFUSED.*\) -> check that BOT_DOMAIN/,
    );
  });

  test("the secret's days left: ✔ with months, ! within 30 days, ✘ once past, ! when its end is unknown", async () => {
    const ending = (days: number) => new Date(Date.now() + days * DAY + 60_000).toISOString();
    const far = await doctor({ BOT_PASSWORD_EXPIRES_AT: ending(150) });
    expect(lineOf(far.lines, 'credential')).toMatch(
      /^✔ credential: the bot signs in with a client secret; the client secret ends on \d{4}-\d{2}-\d{2} \(150 days left\)$/,
    );
    const soon = await doctor({ BOT_PASSWORD_EXPIRES_AT: ending(12) });
    expect(lineOf(soon.lines, 'credential')).toMatch(
      /^! credential: .*\(12 days left\) -> rotate it with one command: scripts\/rotate-secret\.sh --env <name>/,
    );
    expect(soon.exitCode).toBe(0);
    const past = await doctor({ BOT_PASSWORD_EXPIRES_AT: ending(-3) });
    expect(lineOf(past.lines, 'credential')).toMatch(
      /^✘ credential: .*the client secret ended on \d{4}-\d{2}-\d{2} \(3 days ago\) -> rotate it/,
    );
    expect(past.exitCode).toBe(1);
    const unknown = await doctor({ BOT_PASSWORD_EXPIRES_AT: '' });
    expect(lineOf(unknown.lines, 'credential')).toMatch(
      /^! credential: the bot signs in with a client secret, whose end is unknown \(BOT_PASSWORD_EXPIRES_AT is empty\) -> set BOT_PASSWORD_EXPIRES_AT/,
    );
    for (const r of [far, soon, past, unknown]) expect(r.lines.join('\n')).not.toContain(rig.sim.clientSecret);
  });

  test('the managed identity: nothing the bot holds expires; the OAuth connection secret still counted when its date is known', async () => {
    const report = await doctor({
      BOT_PASSWORD: '',
      BOT_MSI_CLIENT_ID: MI,
      BOT_PASSWORD_EXPIRES_AT: new Date(Date.now() + 90 * DAY + 60_000).toISOString(),
    });
    expect(lineOf(report.lines, 'credential')).toMatch(
      new RegExp(
        `^✔ credential: managed identity ${MI} is the federated credential of app ${rig.sim.botId}: nothing the bot holds expires; the client secret ends on .* \\(90 days left\\)$`,
      ),
    );
    expect(lineOf(report.lines, 'config')).toContain('managed identity');
  });
});
