/**
 * The Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground) as a child process pointed at
 * the bot: offline, telemetry off (--dt, and no SDK self-telemetry: measured with strace, it then opens no
 * connection beyond loopback), no browser opened (TEAMSAPPTESTER_BROWSER=none), its log file and config in
 * DATA_DIR (it would otherwise write ./devTools/ into the working tree).
 *
 * Process hygiene: the child gets its own process group (detached), and stopping kills the whole group
 * (SIGTERM, then SIGKILL after a grace period). A small preload (--import, written next to its log) makes it
 * exit when our process goes away without stopping it (e.g. kill -9): the IPC channel closes and the child
 * follows. The same preload binds its server to 127.0.0.1: the playground listens on every interface by
 * default, and anyone who reached it could chat with the bot as an admin of the simulated tenant.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../core/logger';
import { playgroundConfigYaml, type PlaygroundUser } from './playground-config';

export interface PlaygroundOptions {
  /** http://127.0.0.1:<port>/api/messages */
  botEndpoint: string;
  /** Preferred port; the playground takes another free one if it is in use (0 = any). */
  port: number;
  /** The current user (written to a generated config file). Undefined: use `configPath` or the built-in config. */
  user?: PlaygroundUser;
  /** An existing .m365agentsplayground.yml to use instead (M365_AGENTS_PLAYGROUND_CONFIG_PATH). */
  configPath?: string;
  /** Where the generated config and the playground's log file go. */
  dataDir: string;
  log: Logger;
  /** How long to wait for "Listening on N" and GET /_debug/ping -> pong. Default 30 s. */
  startTimeoutMs?: number;
}

export interface RunningPlayground {
  /** http://127.0.0.1:<port> - what a person opens. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Resolves when the process has exited (for whatever reason). */
  readonly exited: Promise<void>;
  close(): Promise<void>;
}

export class PlaygroundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaygroundError';
  }
}

const PRELOAD = `// Written by local mode (src/local/playground.ts): loopback only, and exit with the process that started us.
import net from 'node:net';
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const portOnly = typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\\d+$/.test(args[0]));
  if (portOnly && (args.length === 1 || typeof args[1] === 'function')) args.splice(1, 0, '127.0.0.1');
  return listen.apply(this, args);
};
if (process.send) process.on('disconnect', () => process.exit(0));
`;

function playgroundCli(): string {
  return require.resolve('@microsoft/m365agentsplayground/cli.js');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ping(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/_debug/ping`, { signal: AbortSignal.timeout(2_000) });
    return res.ok && (await res.text()).trim() === 'pong';
  } catch {
    return false;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

export async function startPlayground(o: PlaygroundOptions): Promise<RunningPlayground> {
  const dir = join(o.dataDir, 'playground');
  mkdirSync(dir, { recursive: true });
  const preload = join(dir, 'local-mode-preload.mjs');
  writeFileSync(preload, PRELOAD);
  let configPath = o.configPath;
  if (o.user) {
    configPath = join(dir, '.m365agentsplayground.yml');
    writeFileSync(configPath, playgroundConfigYaml(o.user));
  }
  // Our own settings mean nothing to the playground; its own variables (playgroundEnv) win.
  const child = spawn(
    process.execPath,
    ['--import', pathToFileURL(preload).href, playgroundCli(), '--dt', '--port', String(o.port)],
    { cwd: dir, env: playgroundEnv(o, dir, configPath), detached: true, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  const state = watchChild(child, o.log);
  const close = stopper(child, state);
  try {
    await waitUntilReady(state, o.startTimeoutMs ?? 30_000);
  } catch (e) {
    await close.run();
    throw e;
  }
  const port = state.port!;
  void state.exited.then(() => {
    if (close.started()) return;
    const lastLines = state.output.slice(-10);
    o.log.warn('the Agents Playground stopped', { code: state.exitCode, signal: state.exitSignal, lastLines });
  });
  return { url: `http://127.0.0.1:${port}`, port, pid: child.pid!, exited: state.exited, close: close.run };
}

function playgroundEnv(o: PlaygroundOptions, dir: string, configPath: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BOT_ENDPOINT: o.botEndpoint,
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_LOGFILE: join(dir, 'playground.log'),
    // --dt turns its telemetry off, but its Application Insights SDK still reports on itself ("statsbeat"):
    // it probes the Azure metadata address 169.254.169.254 and looks up *.applicationinsights.azure.com.
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
  };
  if (configPath) env.M365_AGENTS_PLAYGROUND_CONFIG_PATH = configPath;
  return env;
}

/** What is known of the child: its last lines, its port once it said it, and how it ended. */
interface ChildState {
  readonly output: string[];
  port?: number;
  exitCode?: number | null;
  exitSignal: NodeJS.Signals | null;
  readonly exited: Promise<void>;
}

function watchChild(child: ChildProcess, log: Logger): ChildState {
  let resolveExited!: () => void;
  const exited = new Promise<void>((resolve) => (resolveExited = resolve));
  const state: ChildState = { output: [], exitSignal: null, exited };
  child.once('exit', (code, signal) => {
    state.exitCode = code;
    state.exitSignal = signal;
    resolveExited();
  });
  child.once('error', (e) => {
    state.output.push(`spawn failed: ${e.message}`);
    state.exitCode = state.exitCode ?? -1;
    resolveExited();
  });
  const onLine = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    for (const line of chunk
      .toString('utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim())) {
      state.output.push(line);
      if (state.output.length > 200) state.output.shift();
      const m = /Listening on (\d+)/.exec(line);
      if (m && state.port === undefined) state.port = Number(m[1]);
      log.debug('playground', { stream, line: line.slice(0, 500) });
    }
  };
  child.stdout!.on('data', onLine('stdout'));
  child.stderr!.on('data', onLine('stderr'));
  return state;
}

/** Stops the child's whole group once: SIGTERM, SIGKILL after 3 s, then SIGKILL to what it left in its group. */
function stopper(child: ChildProcess, state: ChildState): { run: () => Promise<void>; started: () => boolean } {
  let closing: Promise<void> | undefined;
  const run = () =>
    (closing ??= (async () => {
      if (state.exitCode !== undefined || state.exitSignal) return;
      killGroup(child, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<false>((r) => (timer = setTimeout(() => r(false), 3_000)));
      const killed = await Promise.race([state.exited.then(() => true), graceOver]);
      clearTimeout(timer);
      if (!killed) {
        killGroup(child, 'SIGKILL');
        await state.exited;
      }
      // The group may hold processes the playground started; make sure none is left.
      killGroup(child, 'SIGKILL');
      if (child.connected) child.disconnect();
    })());
  return { run, started: () => closing !== undefined };
}

/** Until it said "Listening on N" and answers GET /_debug/ping with pong; throws with its last lines if not in time. */
async function waitUntilReady(state: ChildState, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const gone = () => state.exitCode !== undefined || state.exitSignal !== null;
  const lastLines = () => state.output.slice(-15).join('\n  ');
  for (;;) {
    if (gone()) {
      const how = `code ${state.exitCode}, signal ${state.exitSignal}`;
      throw new PlaygroundError(`the Agents Playground exited before it was ready (${how}):\n  ${lastLines()}`);
    }
    if (state.port !== undefined && (await ping(`http://127.0.0.1:${state.port}`))) return;
    if (Date.now() > deadline) {
      throw new PlaygroundError(`the Agents Playground did not answer within ${timeoutMs} ms:\n  ${lastLines()}`);
    }
    await sleep(state.port === undefined ? 50 : 100);
  }
}
