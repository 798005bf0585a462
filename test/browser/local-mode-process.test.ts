/**
 * `npm start` as a process tree: node dist/start.js (what the start script runs after building) with no
 * BOT_ID starts the simulated tenant, the bot and the Agents Playground, prints one ready line, answers
 * `npm run sim`, and leaves nothing behind on SIGTERM, on SIGINT, or when the shell that started it dies.
 * With BOT_ID it starts neither the simulator nor the playground. Free ports throughout.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, START, ROOT } from '../support/build';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Started {
  child: ChildProcess;
  /** The node process running dist/start.js (the child itself, or the shell's child). */
  nodePid: number;
  out: string[];
  dataDir: string;
  readyLine: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: Started[] = [];

function baseEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    SIMULATOR_PORT: '0',
    SIMULATOR_TOKEN_SERVICE_PORT: '0',
    LOCAL_PLAYGROUND_PORT: '0',
    ...extra,
  };
}

/** Processes (pid, pgid, ppid, args) on the machine, from ps. */
function processes(): { pid: number; pgid: number; ppid: number; args: string }[] {
  return execFileSync('ps', ['-eo', 'pid=,pgid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => Boolean(m))
    .map((m) => ({ pid: Number(m[1]), pgid: Number(m[2]), ppid: Number(m[3]), args: m[4] }));
}

async function waitFor<T>(what: string, check: () => T | undefined | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Starts dist/start.js (through `sh -c` like npm does, when `viaShell`) and waits for its ready line. */
async function start(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  { viaShell = false, ready = /^Ready in / } = {},
): Promise<Started> {
  const child = viaShell
    ? spawn('sh', ['-c', `"${process.execPath}" "${START}"`], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, [START], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const collect = (chunk: Buffer) => out.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const s: Partial<Started> = { child, out, dataDir, exited };
  started.push(s as Started);
  s.readyLine = await waitFor('the ready line', () => {
    if (gone && !out.some((l) => ready.test(l))) throw new Error(`exited before it was ready:\n${out.join('\n')}`);
    return out.find((l) => ready.test(l));
  });
  s.nodePid = viaShell
    ? processes().find((p) => p.ppid === child.pid && p.args.includes('dist/start.js'))!.pid
    : child.pid!;
  return s as Started;
}

/** The machine's own non-loopback IPv4 addresses. */
function externalAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

function sim(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [join(ROOT, 'scripts/sim.js'), ...args], { cwd: ROOT, env }, (e, stdout, stderr) =>
      resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    ),
  );
}

/** After a stop: the process and the playground's whole group are gone, and the state file with them. */
async function expectAllGone(s: Started, playground: { pid: number }): Promise<void> {
  await waitFor(
    'every process of local mode to exit',
    () => !processes().some((p) => p.pid === s.nodePid || p.pgid === playground.pid || p.ppid === s.nodePid),
    10_000,
  );
  expect(existsSync(join(s.dataDir, 'local-mode.json'))).toBe(false);
}

beforeAll(async () => {
  await ensureBuilt();
}, 120_000);

afterEach(async () => {
  for (const s of started.splice(0)) {
    for (const pid of [s.nodePid, s.child.pid]) {
      try {
        if (pid) process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    rmSync(s.dataDir, { recursive: true, force: true });
  }
});

const newDataDir = () => mkdtempSync(join(tmpdir(), 'ra-bot-npmstart-'));

describe('npm start with no BOT_ID (local mode)', () => {
  it('starts everything, prints one ready line, answers npm run sim, and SIGTERM leaves nothing behind', async () => {
    const dataDir = newDataDir();
    const env = baseEnv(dataDir, { SIMULATOR_FAULTS: 'latency:5' });
    const s = await start(env, dataDir);
    expect(s.out.filter((l) => /^Ready in /.test(l))).toHaveLength(1);
    expect(s.readyLine).toMatch(
      /^Ready in \d+\.\d s: open http:\/\/127\.0\.0\.1:\d+ in a browser and type "list" \(you are Alex Wilber\)\. Simulated tenant: npm run sim -- state\. Ctrl-C stops\.$/,
    );

    const state = JSON.parse(readFileSync(join(dataDir, 'local-mode.json'), 'utf8'));
    expect(state.pid).toBe(s.nodePid);
    expect(state.bot.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/messages$/);
    expect(state.bot.endpoint).not.toMatch(/:3978\//); // PORT unset: a free port
    const playgroundUrl = /open (http:\/\/127\.0\.0\.1:\d+)/.exec(s.readyLine)![1];
    expect(state.playground.url).toBe(playgroundUrl);
    expect(await (await fetch(`${playgroundUrl}/_debug/ping`)).text()).toBe('pong');
    // The playground runs in its own process group, a child of local mode, bound to loopback only.
    const pg = processes().find((p) => p.pid === state.playground.pid)!;
    expect(pg).toMatchObject({ pgid: state.playground.pid, ppid: s.nodePid });
    expect(pg.args).toContain('--dt');
    // Not reachable through the machine's other addresses (it would listen on all of them by default).
    const port = Number(new URL(playgroundUrl).port);
    for (const address of externalAddresses()) expect(await connects(address, port)).toBe(false);

    // npm run sim finds it through DATA_DIR/local-mode.json; SIMULATOR_FAULTS was applied at startup.
    const shown = await sim(['state'], env);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/TeamViewer Connector\s+onboarded/);
    expect(shown.out).toMatch(/every Graph request waits 5 ms/);
    const throttled = await sim(['throttle', '2', '3'], env);
    expect(throttled.out).toContain('the next 2 Graph requests answer 429 (Retry-After: 3 s)');
    expect((await sim(['reset'], env)).out).toMatch(/reset/);
    const json = JSON.parse((await sim(['state', '--json'], env)).out);
    expect(json.faults).toMatchObject({ graphNext: [], latencyMs: 0 });
    expect((await sim(['fail', '200'], env)).code).toBe(2);

    s.child.kill('SIGTERM');
    expect(await s.exited).toEqual({ code: 0, signal: null });
    await expectAllGone(s, state.playground);
    const after = await sim(['state'], env);
    expect(after).toMatchObject({ code: 1 });
    expect(after.out).toMatch(/does not seem to run/);
  });

  it('Ctrl-C (SIGINT) stops everything cleanly', async () => {
    const dataDir = newDataDir();
    const s = await start(baseEnv(dataDir), dataDir);
    const state = JSON.parse(readFileSync(join(dataDir, 'local-mode.json'), 'utf8'));
    s.child.kill('SIGINT');
    expect(await s.exited).toEqual({ code: 0, signal: null });
    await expectAllGone(s, state.playground);
  });

  it('stops when the shell that started it is killed (npm forwards SIGTERM only to its shell)', async () => {
    const dataDir = newDataDir();
    const s = await start(baseEnv(dataDir), dataDir, { viaShell: true });
    const state = JSON.parse(readFileSync(join(dataDir, 'local-mode.json'), 'utf8'));
    expect(state.pid).toBe(s.nodePid);
    s.child.kill('SIGTERM'); // the shell dies; node is re-parented and notices
    await s.exited;
    await expectAllGone(s, state.playground);
  });

  it('LOCAL_PLAYGROUND=false starts the bot and the simulated tenant only', async () => {
    const dataDir = newDataDir();
    const s = await start(baseEnv(dataDir, { LOCAL_PLAYGROUND: 'false' }), dataDir);
    expect(s.readyLine).toMatch(
      /the bot listens at http:\/\/127\.0\.0\.1:\d+\/api\/messages \(local mode, no playground\)/,
    );
    expect(processes().filter((p) => p.ppid === s.nodePid)).toEqual([]);
    s.child.kill('SIGTERM');
    expect(await s.exited).toEqual({ code: 0, signal: null });
  });
});

describe('npm start with BOT_ID (Azure)', () => {
  it('runs the bot for real: no simulated tenant, no playground, no local-mode file', async () => {
    const dataDir = newDataDir();
    const env = {
      PATH: process.env.PATH,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      BOT_ID: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      BOT_PASSWORD: 'not-a-real-secret',
      BOT_TENANT_ID: 'c5a1e0d2-7b3f-4e8a-9d6c-1f2e3a4b5c6d',
      ALLOWED_TENANT_IDS: 'c5a1e0d2-7b3f-4e8a-9d6c-1f2e3a4b5c6d',
      ADMIN_USER_IDS: '00000000-0000-0000-0000-0000000000020',
    };
    const s = await start(env, dataDir, { ready: /"msg":"ready"/ });
    const ready = JSON.parse(s.readyLine);
    expect(ready).toMatchObject({ mode: 'azure' });
    expect(s.out.some((l) => /simulated tenant|Ready in/.test(l))).toBe(false);
    expect(processes().filter((p) => p.ppid === s.nodePid)).toEqual([]);
    expect(existsSync(join(dataDir, 'local-mode.json'))).toBe(false);
    s.child.kill('SIGTERM');
    expect(await s.exited).toEqual({ code: 0, signal: null });
  });
});
