/**
 * `npm run doctor -- --env test --env-dir <dir>` as a real child process: npm builds dist/ and runs
 * dist/doctor/main.js, which prints one line per check and exits 0; then `node dist/doctor/main.js`, as on
 * the App Service host (no npm, no build), exits 1 on a wrong secret (and 2, with the usage, on a bad argument).
 *
 * It runs in a copy of the project (sources, scripts, app package; node_modules linked), so its build does
 * not rewrite the dist/ that other suites run as a process at the same time.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startDoctorRig, writeToolkitEnv, type DoctorRig } from './helpers';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout: 180_000, env: { ...process.env, npm_config_update_notifier: 'false' } },
      (e, stdout, stderr) => {
        const code = e ? (typeof (e as { code?: unknown }).code === 'number' ? (e as { code: number }).code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The doctor's own lines: one per check (✔ ✘ ○) and the summary; npm's header lines are left out. */
const doctorLines = (stdout: string) => stdout.split('\n').filter((l) => /^(✔|✘|○) |^doctor: /.test(l));

describe('npm run doctor as a process', () => {
  let rig: DoctorRig;
  let project: string;
  beforeAll(async () => {
    rig = await startDoctorRig();
    project = path.join(rig.dir, 'project');
    for (const entry of [
      'package.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'aad.manifest.json',
      'src',
      'scripts',
      'appPackage',
    ]) {
      fs.cpSync(path.join(ROOT, entry), path.join(project, entry), {
        recursive: true,
        filter: (f) => !f.includes(`${path.sep}build${path.sep}`) && !f.endsWith(`${path.sep}build`),
      });
    }
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(project, 'node_modules'), 'dir');
    writeToolkitEnv(rig, path.join(rig.dir, 'env'));
  });
  afterAll(() => rig?.close());

  test('a healthy environment: the build, one line per check, exit 0; a wrong secret from the built entry point: exit 1', async () => {
    const healthy = await run(
      'npm',
      ['run', 'doctor', '--', '--env', 'test', '--env-dir', path.join(rig.dir, 'env'), '--url', rig.deployed.url],
      project,
    );
    const lines = doctorLines(healthy.stdout);
    // The copy has no .git, so the build says once that the bot will report commit "unknown" (scripts/build-info.js).
    const stderr = healthy.stderr.replace(/^build-info: no commit known.*\n/m, '');
    expect({ code: healthy.code, stderr, lines: lines.map((l) => l.slice(0, 24)) }).toEqual({
      code: 0,
      stderr: '',
      lines: [
        '✔ config: valid (azure m',
        '✔ credential: the bot si',
        '✔ entra: app ' + rig.sim.botId.slice(0, 11),
        '✔ token-service: connect',
        '✔ graph: reachable (401 ',
        '○ store: skipped: no DAT',
        '✔ manifest: ids and doma',
        '✔ deployment: https://12',
        'doctor: 7 passed, 0 fail',
      ],
    });
    expect(lines[8]).toBe('doctor: 7 passed, 0 failed, 1 skipped: nothing to fix');
    expect(healthy.stdout).not.toContain(rig.sim.clientSecret);

    const broken = path.join(rig.dir, 'env-broken');
    writeToolkitEnv(rig, broken);
    fs.writeFileSync(path.join(broken, '.env.test.user'), 'SECRET_BOT_PASSWORD=wrong-one-1234\n');
    const refused = await run(process.execPath, ['dist/doctor/main.js', '--env', 'test', '--env-dir', broken], project);
    expect(refused.code).toBe(1);
    const entra = doctorLines(refused.stdout).find((l) => l.startsWith('✘ entra: '));
    expect(entra).toMatch(/AADSTS7000215: Invalid client secret provided\. -> the client secret is not the app's/);
    expect(refused.stdout).not.toContain('wrong-one-1234');

    const usage = await run(process.execPath, ['dist/doctor/main.js', '--envv', 'test'], project);
    expect(usage).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^Unknown argument "--envv"\. Usage: npm run doctor \[-- --env <name>\]/),
    });
  }, 200_000);
});
