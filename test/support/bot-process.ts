/**
 * The bot as a REAL separate OS process (`node dist/index.js`, what production runs), pointed at a simulator
 * and a recording connector that live in the test process. For the multi-instance and crash tests: start,
 * stop (SIGTERM), kill -9, restart on the same database, and the process's JSON log lines.
 *
 * dist/ is rebuilt (see ./build.ts) when any file under src/ is newer than the last build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localModeDefaults } from '../../src/local/simulated-tenant';
import {
  DEFAULT_TENANT_ID,
  defaultUsers,
  startSimulator,
  type SimUser,
  type Simulator,
  type SimulatorOptions,
} from '../../src/simulator';
import { admin, PG_URL, withSearchPath } from '../store/helpers';
import { EXTRA_USERS } from './harness';
import { ENTRY, ROOT, ensureBuilt } from './build';
import { postActivity } from './post-activity';
import type { TeamsUser } from './teams';

export { ensureBuilt };

/** A well-formed tenant GUID: BOT_TENANT_ID (SingleTenant) must be one, the Agents Playground's id is not. */
export const PROCESS_TENANT_ID = 'c5a1e0d2-7b3f-4e8a-9d6c-1f2e3a4b5c6d';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns something truthy, or fails after `ms` naming `what`. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, ms = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(25);
  }
}

/** The seeded users, moved into PROCESS_TENANT_ID (Mallory stays in her own tenant). */
export function processUsers(): SimUser[] {
  return [...defaultUsers(), ...EXTRA_USERS].map((u) =>
    u.tenantId === DEFAULT_TENANT_ID ? { ...u, tenantId: PROCESS_TENANT_ID } : u,
  );
}

export function startProcessSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ tenantId: PROCESS_TENANT_ID, users: processUsers(), ...options });
}

export function teamsUser(sim: Simulator, name: string): TeamsUser {
  const u = sim.users.find((x) => x.name === name);
  if (!u) throw new Error(`no simulated user ${name}`);
  return { id: u.channelUserId, aadObjectId: u.aadObjectId, tenantId: u.tenantId, name: u.name };
}

/** A fresh PostgreSQL schema (undefined without TEST_DATABASE_URL): its URL and how to drop it. */
export async function freshSchema(label: string): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  if (!PG_URL) return undefined;
  const schema = `e2e_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  await admin(`create schema ${schema}`);
  return { url: withSearchPath(PG_URL, schema), drop: () => admin(`drop schema if exists ${schema} cascade`) };
}

export interface BotProcessOptions {
  sim: Simulator;
  /** Written to a temp file and passed as TRUSTED_CA_FILE. */
  caFile: string;
  /** postgres://... (shared mode) or, when absent, SQLite in dataDir. */
  databaseUrl?: string;
  dataDir?: string;
  env?: Record<string, string>;
  name?: string;
}

export interface BotProcess {
  readonly name: string;
  readonly pid: number;
  /** http://127.0.0.1:port/api/messages */
  readonly url: string;
  /** stdout, one JSON line each (parsed when possible). */
  readonly logs: Record<string, any>[];
  readonly stderr: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  post(activity: unknown): Promise<{ status: number; body: any }>;
  /** SIGTERM and wait for the exit (SIGKILL after `ms`). */
  stop(ms?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** kill -9. */
  kill(): Promise<void>;
  /** A new process with the same environment (same database). Stops this one first if it still runs. */
  restart(): Promise<BotProcess>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((c) => c.kill('SIGKILL')));

/** Kills (SIGKILL) every bot process this module started that is still running. For afterAll. */
export async function killAllBots(): Promise<void> {
  await Promise.all(
    [...live].map(
      (c) =>
        new Promise<void>((resolve) =>
          c.exitCode !== null || c.signalCode !== null
            ? resolve()
            : (c.once('exit', () => resolve()), c.kill('SIGKILL')),
        ),
    ),
  );
}

export function botEnv(o: BotProcessOptions): Record<string, string> {
  const { sim } = o;
  if (!o.databaseUrl && !o.dataDir)
    throw new Error("bot process: databaseUrl or dataDir is required (never the repo's ./data)");
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...localModeDefaults(),
    ALLOWED_TENANT_IDS: sim.tenantId,
    BOT_ID: sim.botId,
    BOT_PASSWORD: sim.clientSecret,
    BOT_TENANT_ID: sim.tenantId,
    BOT_TYPE: 'SingleTenant',
    INBOUND_AUTH: 'false',
    HOST: '127.0.0.1',
    PORT: '0',
    AUTHORITY_HOST: sim.authorityHost,
    GRAPH_BASE_URL: sim.graphBaseUrl,
    TOKEN_SERVICE_URL: sim.tokenServiceUrl,
    TRUSTED_CA_FILE: o.caFile,
    LOCAL_PLAYGROUND: 'false',
    GRAPH_MAX_RETRY_AFTER_SECONDS: '2',
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : { DATA_DIR: o.dataDir! }),
    ...o.env,
  };
}

export async function startBotProcess(o: BotProcessOptions): Promise<BotProcess> {
  const name = o.name ?? 'bot';
  const child = spawn(process.execPath, [ENTRY], { cwd: ROOT, env: botEnv(o), stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const logs: Record<string, any>[] = [];
  const stderr: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      try {
        logs.push(JSON.parse(line));
      } catch {
        logs.push({ raw: line });
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  let gone = false;
  void exited.then(() => (gone = true));
  const ready = await waitFor(
    `${name} to log "ready"`,
    () => {
      if (gone)
        throw new Error(`${name} exited before it was ready:\n${stderr.join('')}\n${JSON.stringify(logs.slice(-5))}`);
      return logs.find((l) => l.msg === 'ready');
    },
    20_000,
  ).catch(async (e) => {
    child.kill('SIGKILL');
    await exited;
    throw e;
  });
  const url = String(ready.url);
  const bot: BotProcess = {
    name,
    pid: child.pid!,
    url,
    logs,
    stderr,
    exited,
    post: (activity) => postActivity(url, activity),
    async stop(ms = 5_000) {
      if (!gone) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    async kill() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
    async restart() {
      await bot.stop();
      return startBotProcess(o);
    },
  };
  return bot;
}

/** Writes the simulator's CA to a temp file (for TRUSTED_CA_FILE); returns its path and folder. */
export function writeCa(sim: Simulator): { caFile: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ra-bot-proc-'));
  const caFile = path.join(dir, 'sim-ca.pem');
  fs.writeFileSync(caFile, sim.ca);
  return { caFile, dir };
}
