/**
 * `npm run doctor -- --env <name>`: the configuration read from Teams Toolkit's env files (env/.env.<name>
 * and .user, Toolkit names such as SECRET_BOT_PASSWORD and the access words "self" / "none"), and the
 * manifest compared with that environment: the repository's template, a hand-edited one, a stale package.
 */
import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { runDoctor } from '../../src/doctor/run';
import { DOMAIN, ROOT, lineOf, startDoctorRig, writeToolkitEnv, type DoctorRig } from './helpers';

// The plain-JS packaging library (scripts/lib), as `npm run package` runs it.
const { buildAppPackage } = require('../../scripts/lib/app-package.js') as {
  buildAppPackage(o: {
    envName: string;
    envDir: string;
    outDir: string;
    fallback?: Record<string, string | undefined>;
  }): Promise<{ zipPath: string }>;
};

describe('doctor --env <name>', () => {
  let rig: DoctorRig;
  let envDir: string;
  let appDir: string;
  beforeAll(async () => {
    rig = await startDoctorRig();
    envDir = path.join(rig.dir, 'env');
    writeToolkitEnv(rig, envDir);
  });
  afterAll(() => rig?.close());
  beforeEach(() => {
    appDir = fs.mkdtempSync(path.join(rig.dir, 'appPackage-'));
    fs.cpSync(path.join(ROOT, 'appPackage'), appDir, {
      recursive: true,
      filter: (f) => !f.includes(`${path.sep}build`),
    });
  });

  const doctor = (options: { envDir?: string; appDir?: string } = {}) =>
    runDoctor({
      envName: 'test',
      envDir: options.envDir ?? envDir,
      appDir: options.appDir ?? appDir,
      root: ROOT,
      processEnv: {},
      deployedUrl: rig.deployed.url,
    });

  test('a provisioned environment with a freshly built package: all checks pass except the store, which lives on the host', async () => {
    await buildAppPackage({ envName: 'test', envDir, outDir: path.join(appDir, 'build') });
    const report = await doctor();
    expect(lineOf(report.lines, 'config')).toMatch(
      /^✔ config: valid \(azure mode, SingleTenant, secret, SQLite; from .*\.env\.test \+ .*\.env\.test\.user\)$/,
    );
    expect(lineOf(report.lines, 'entra')).toMatch(/^✔ entra: /);
    expect(lineOf(report.lines, 'token-service')).toMatch(/^✔ token-service: /);
    expect(lineOf(report.lines, 'graph')).toMatch(/^✔ graph: /);
    expect(lineOf(report.lines, 'credential')).toMatch(
      /^✔ credential: the bot signs in with a client secret; the client secret ends on .* \(169 days left\)$/,
    );
    expect(lineOf(report.lines, 'deployment')).toMatch(
      /^✔ deployment: https:\/\/127\.0\.0\.1:\d+ answers \/healthz and \/readyz \(200\) and runs this build: /,
    );
    expect(lineOf(report.lines, 'store')).toMatch(
      /^○ store: skipped: no DATABASE_URL in test's files or this shell \(the bot's store lives on its host\): run the doctor there/,
    );
    expect(lineOf(report.lines, 'manifest')).toBe(
      `✔ manifest: ids and domains match "test" (bot ${rig.sim.botId}, SSO api://botid-${rig.sim.botId}, domains ${DOMAIN}, token.botframework.com); ${path.relative(process.cwd(), path.join(appDir, 'build', 'appPackage.test.zip'))} matches`,
    );
    expect(report.exitCode).toBe(0);
    expect(report.lines.join('\n')).not.toContain(rig.sim.clientSecret);
  });

  test('the manifest edited by hand for another bot: the mismatching fields named, exit 1', async () => {
    const file = path.join(appDir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    manifest.bots[0].botId = '0b1c2d3e-4f50-4a6b-9c7d-8e9f0a1b2c3d';
    manifest.webApplicationInfo.resource = 'api://contoso.example/botid-${{BOT_ID}}';
    manifest.validDomains = ['${{BOT_DOMAIN}}'];
    fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
    const report = await doctor();
    expect(report.exitCode).toBe(1);
    const line = lineOf(report.lines, 'manifest');
    expect(line).toMatch(/^✘ manifest: .*manifest\.json does not match "test": /);
    expect(line).toContain(`bots[0].botId is 0b1c2d3e-4f50-4a6b-9c7d-8e9f0a1b2c3d, not BOT_ID ${rig.sim.botId}`);
    expect(line).toContain(
      `webApplicationInfo.resource is api://contoso.example/botid-${rig.sim.botId}, not api://botid-${rig.sim.botId}`,
    );
    expect(line).toContain('validDomains lacks token.botframework.com (the sign-in pages)');
    expect(line).toContain('-> put the ${{BOT_ID}} / ${{BOT_DOMAIN}} placeholders back');
  });

  test('a package built before a re-provision (another bot id): stale, rebuild and upload again', async () => {
    const zipPath = path.join(appDir, 'build', 'appPackage.test.zip');
    fs.mkdirSync(path.dirname(zipPath), { recursive: true });
    const zip = new AdmZip();
    const old = {
      bots: [{ botId: '11111111-2222-4333-8444-555555555555' }],
      validDomains: [DOMAIN, 'token.botframework.com'],
      webApplicationInfo: {
        id: '11111111-2222-4333-8444-555555555555',
        resource: 'api://botid-11111111-2222-4333-8444-555555555555',
      },
    };
    zip.addFile('manifest.json', Buffer.from(JSON.stringify(old)));
    zip.writeZip(zipPath);
    const report = await doctor();
    expect(report.exitCode).toBe(1);
    expect(lineOf(report.lines, 'manifest')).toMatch(
      /^✘ manifest: .*appPackage\.test\.zip was built for another configuration: bots\[0\]\.botId is 11111111-2222-4333-8444-555555555555, not BOT_ID .* -> rebuild it \(npm run package -- --env test, or teamsapp provision --env test\) and upload the new package$/,
    );
  });

  test('BOT_DOMAIN not written yet: the unresolved placeholder named', async () => {
    const dir = path.join(rig.dir, 'env-no-domain');
    writeToolkitEnv(rig, dir, { BOT_DOMAIN: '', BOT_ENDPOINT: '' });
    const report = await doctor({ envDir: dir });
    expect(lineOf(report.lines, 'manifest')).toMatch(
      /^✘ manifest: .*manifest\.json has unresolved placeholder\(s\) for "test": BOT_DOMAIN -> `teamsapp provision --env test` writes most of them/,
    );
  });

  test('an environment not provisioned yet (BOT_ID empty): says to provision first', async () => {
    const dir = path.join(rig.dir, 'env-fresh');
    writeToolkitEnv(rig, dir, { BOT_ID: '' });
    const report = await doctor({ envDir: dir });
    expect(report.exitCode).toBe(1);
    expect(lineOf(report.lines, 'config')).toMatch(
      /^✘ config: BOT_ID is empty in .*\.env\.test \+ .*: this environment is not provisioned yet -> run `teamsapp provision --env test` \(docs\/deploy\.md\), then the doctor again$/,
    );
  });

  test('the Toolkit\'s access words checked: "none" for every admin is refused with the file named', async () => {
    const dir = path.join(rig.dir, 'env-no-admin');
    writeToolkitEnv(rig, dir, { ADMIN_USER_IDS: 'none' });
    const report = await doctor({ envDir: dir });
    expect(lineOf(report.lines, 'config')).toMatch(
      /^✘ config: .*ADMIN_USER_IDS and ADMIN_GROUP_IDS are both "none": name at least one administrator .*\.env\.test/,
    );
  });

  test('the approval settings checked too: a required approval only the one admin could give is refused, "none" approvers read as empty', async () => {
    const alone = path.join(rig.dir, 'env-one-approver');
    writeToolkitEnv(rig, alone, { APPROVAL_REQUIRED: 'true' });
    const refused = await doctor({ envDir: alone });
    expect(refused.exitCode).toBe(1);
    const line = lineOf(refused.lines, 'config');
    expect(line).toMatch(/^✘ config: 2 problem\(s\) in /);
    expect(line).toMatch(/APPROVAL_REQUIRED is true but only one person could approve: .*\.env\.test/);
    expect(line).toContain('APPROVAL_REQUIRED=true needs a second person who can approve');
    const withGroup = path.join(rig.dir, 'env-approver-group');
    writeToolkitEnv(rig, withGroup, {
      APPROVAL_REQUIRED: 'true',
      APPROVAL_TTL_MINUTES: '120',
      APPROVER_GROUP_IDS: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    });
    expect(lineOf((await doctor({ envDir: withGroup })).lines, 'config')).toMatch(/^✔ config: valid /);
  });

  test('an environment that does not exist: the known ones listed', async () => {
    const report = await runDoctor({ envName: 'prod', envDir, root: ROOT, processEnv: {} });
    expect(report.exitCode).toBe(1);
    expect(lineOf(report.lines, 'config')).toMatch(
      /^✘ config: No environment file .*\.env\.prod\. Known environments: test\. -> check --env and --env-dir/,
    );
  });
});
