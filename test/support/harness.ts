/**
 * The end-to-end rig: the simulated tenant, a recording Bot Connector, and the REAL bot server (the same
 * wiring as `npm start`) on 127.0.0.1 port 0, talking over real HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { localModeDefaults, withSimulator } from '../../src/local/simulated-tenant';
import { createLogger } from '../../src/logging';
import { DEFAULT_ADMIN_GROUP_ID, defaultUsers, startSimulator, type SimUser, type Simulator, type SimulatorOptions } from '../../src/simulator';
import { startBot, type RunningBot } from '../../src/wiring';
import { postActivity } from './post-activity';
import { startRecordingConnector, type RecordingConnector } from './recording-connector';
import { TeamsClient, type TeamsUser } from './teams';

export const OTHER_TENANT_ID = 'ffffffff-1111-2222-3333-444444444444';

/** Two more people: a second admin (by group) who is signed in, and somebody from another organization. */
export const EXTRA_USERS: SimUser[] = [
  {
    channelUserId: '29:1lee-gu',
    aadObjectId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    tenantId: '00000000-0000-0000-0000-0000000000001',
    name: 'Lee Gu',
    userPrincipalName: 'leeg@example.com',
    signedIn: true,
    // An admin through the admin group, not by id: the bot resolves the membership through Graph.
    groups: [DEFAULT_ADMIN_GROUP_ID],
    intuneAdmin: true,
  },
  {
    channelUserId: '29:1mallory',
    aadObjectId: '5d6e7f80-9a0b-4c1d-8e2f-3a4b5c6d7e8f',
    tenantId: OTHER_TENANT_ID,
    name: 'Mallory Outsider',
    userPrincipalName: 'mallory@fabrikam.example',
    signedIn: true,
    groups: [],
    intuneAdmin: true,
  },
];

export interface Harness {
  sim: Simulator;
  connector: RecordingConnector;
  bot: RunningBot;
  teams: TeamsClient;
  /** The bot's log lines (JSON), for assertions that nothing secret is logged. */
  logs: string[];
  clock: { now(): Date; advance(ms: number): void };
  user(name: 'Alex Wilber' | 'Megan Bowen' | 'Adele Vance' | 'Lee Gu' | 'Mallory Outsider'): TeamsUser;
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Graph calls the simulator answered, optionally only those whose path contains `pathIncludes`. */
  graphCalls(pathIncludes?: string, method?: string): { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Environment on top of the local-mode defaults (e.g. ADMIN_GROUP_IDS: ''). */
  env?: Record<string, string>;
  simulator?: SimulatorOptions;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ users: [...defaultUsers(), ...EXTRA_USERS], ...options.simulator });
  const connector = await startRecordingConnector();
  const dataDir = mkdtempSync(join(tmpdir(), 'ra-bot-e2e-'));
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset), advance: (ms: number) => void (offset += ms) };
  const logs: string[] = [];
  const base = loadConfig({ ...localModeDefaults(), PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'debug', GRAPH_MAX_RETRY_AFTER_SECONDS: '2', ...options.env });
  let bot: RunningBot;
  try {
    bot = await startBot(withSimulator(base, sim), { log: createLogger('debug', (l) => logs.push(l)), clock });
  } catch (e) {
    await Promise.all([sim.close(), connector.close()]);
    throw e;
  }
  const teams = new TeamsClient({ serviceUrl: connector.url, botId: sim.botId });
  return {
    sim,
    connector,
    bot,
    teams,
    logs,
    clock,
    user(name) {
      const u = sim.users.find((x) => x.name === name);
      if (!u) throw new Error(`no user ${name}`);
      return { id: u.channelUserId, aadObjectId: u.aadObjectId, tenantId: u.tenantId, name: u.name };
    },
    post: (activity, headers = {}) => postActivity(`${bot.url}/api/messages`, activity, headers),
    graphCalls(pathIncludes, method) {
      return sim.calls
        .filter((c) => c.service === 'graph' && (!pathIncludes || c.path.includes(pathIncludes)) && (!method || c.method === method))
        .map((c) => ({ method: c.method, path: c.path, status: c.status }));
    },
    async close() {
      await bot.close();
      await Promise.all([sim.close(), connector.close()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
