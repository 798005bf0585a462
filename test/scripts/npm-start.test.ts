/**
 * `npm start` as a person runs it: the first thing it prints, at once, is that it is compiling (tsc is silent for
 * about 20 s the first time), then how long that took, then local mode's log and its ready line. A compile error
 * says what to do and starts nothing.
 *
 * It runs in a copy of the project (sources, scripts; node_modules linked; no .git, so the build's notice that the
 * commit is unknown is left out), so its build does not rewrite the dist/ that other suites run as a process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/build';

jest.setTimeout(150_000);

let project: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'ra-bot-npm-start-'));
  for (const entry of ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'scripts'])
    fs.cpSync(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(project, 'node_modules'), 'dir');
});

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, 'SIGTERM');
  fs.rmSync(project, { recursive: true, force: true });
});

interface Line {
  text: string;
  at: number;
}

/** Runs `npm start` in its own process group; resolves when `until` matches a line, or when it exits. */
function npmStart(until: RegExp): Promise<{ lines: Line[]; child: ChildProcess; code: number | null }> {
  const dataDir = fs.mkdtempSync(path.join(project, 'data-'));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    npm_config_update_notifier: 'false',
    DATA_DIR: dataDir,
    PORT: '0',
    SIMULATOR_PORT: '0',
    SIMULATOR_TOKEN_SERVICE_PORT: '0',
    LOCAL_PLAYGROUND: 'false',
  };
  const child = spawn('npm', ['start'], { cwd: project, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: Line[] = [];
  return new Promise((resolve) => {
    const collect = (chunk: Buffer) => {
      for (const text of chunk
        .toString('utf8')
        .split('\n')
        .filter(
          (l) => l.trim() && !l.startsWith('> ') && !/DEP0111|trace-deprecation|^build-info: no commit known/.test(l),
        )) {
        lines.push({ text, at: Date.now() });
        if (until.test(text)) resolve({ lines, child, code: null });
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => resolve({ lines, child, code }));
  });
}

it('says at once that it compiles, then how long it took, then starts local mode', async () => {
  const { lines, child } = await npmStart(/^Ready in /);
  process.kill(-child.pid!, 'SIGTERM');
  expect(lines[0].text).toBe('Compiling TypeScript into dist/ (tsc, about 20 s the first time) ...');
  expect(lines[1].text).toMatch(/^Compiled in \d+\.\d s\.$/);
  expect(lines[1].at).toBeGreaterThan(lines[0].at); // the first line came before tsc ended, not with it
  expect(lines.filter((l) => /^Ready in /.test(l.text))).toHaveLength(1);
});

it('a compile error: says to fix it, exits non-zero, starts nothing', async () => {
  fs.writeFileSync(path.join(project, 'src', 'broken.ts'), 'export const n: number = "not a number";\n');
  try {
    const { lines, code } = await npmStart(/^Ready in /);
    expect(code).not.toBe(0);
    expect(lines.map((l) => l.text).join('\n')).toContain(
      'Compiling failed (tsc exit 2): fix the errors above; npm run typecheck lists them too.',
    );
    expect(lines.some((l) => /^Ready in /.test(l.text))).toBe(false);
  } finally {
    fs.rmSync(path.join(project, 'src', 'broken.ts'));
  }
});
