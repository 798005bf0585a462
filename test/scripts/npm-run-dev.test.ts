/**
 * `npm run dev` (node scripts/dev.js): tsc --watch and local mode under node --watch. A saved change in src/ is
 * compiled and local mode restarts with it; Ctrl-C to the script stops everything it started.
 *
 * It runs in a copy of the project (sources, scripts; node_modules linked), so its edits and builds touch neither
 * the working tree nor the dist/ that other suites run.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/build';

jest.setTimeout(150_000);

let project: string;
let dev: ChildProcess | undefined;

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'ra-bot-npm-dev-'));
  for (const entry of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'scripts'])
    fs.cpSync(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(project, 'node_modules'), 'dir');
});

afterAll(() => {
  if (dev && groupAlive(dev.pid!)) process.kill(-dev.pid!, 'SIGKILL');
  fs.rmSync(project, { recursive: true, force: true });
});

function groupAlive(pgid: number): boolean {
  return execFileSync('ps', ['-eo', 'pgid='], { encoding: 'utf8' })
    .split('\n')
    .some((l) => Number(l.trim()) === pgid);
}

it('starts local mode after the first compile, restarts it with a saved change, and Ctrl-C stops every process', async () => {
  const dataDir = fs.mkdtempSync(path.join(project, 'data-'));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    PORT: '0',
    SIMULATOR_PORT: '0',
    SIMULATOR_TOKEN_SERVICE_PORT: '0',
    LOCAL_PLAYGROUND: 'false',
  };
  dev = spawn(process.execPath, ['scripts/dev.js'], {
    cwd: project,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; count: number; resolve: () => void }[] = [];
  const check = () => {
    for (const w of waiters) if (lines.filter((l) => w.re.test(l)).length >= w.count) w.resolve();
  };
  const collect = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    check();
  };
  dev.stdout!.on('data', collect);
  dev.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => dev!.once('exit', (code) => resolve(code)));
  const seen = (re: RegExp, count = 1) =>
    Promise.race([
      new Promise<void>((resolve) => (waiters.push({ re, count, resolve }), check())),
      exited.then((code) => Promise.reject(new Error(`dev ended (exit ${code}) before ${re}:\n${lines.join('\n')}`))),
    ]);

  await seen(/^Ready in .*Ctrl-C stops\.$/);
  expect(lines[0]).toBe('dev: compiling TypeScript into dist/ (tsc --watch, about 20 s the first time) ...');

  const launcher = path.join(project, 'src/local/launcher.ts');
  fs.writeFileSync(launcher, fs.readFileSync(launcher, 'utf8').replace("Ctrl-C stops.'", "Ctrl-C stops (changed).'"));
  await seen(/^Ready in .*Ctrl-C stops \(changed\)\.$/);
  expect(lines.filter((l) => /^Ready in /.test(l))).toHaveLength(2);

  process.kill(dev.pid!, 'SIGINT'); // to the script alone, not its group: it must pass it on
  expect(await exited).toBe(130);
  // tsc, node --watch and local mode all belong to the script's process group.
  const deadline = Date.now() + 10_000;
  while (groupAlive(dev.pid!) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(groupAlive(dev.pid!)).toBe(false);
});
