/**
 * The end-to-end rig: the simulated tenant, a recording Bot Connector, and the REAL bot server (the same
 * wiring as `npm start`) on 127.0.0.1 port 0, talking over real HTTP.
 *
 * Two ways to configure the bot: local mode (the default: inbound auth off, config pointed at the simulator
 * by withSimulator), or `inboundAuth: true` - configured from environment variables as in Azure
 * (azure-mode.ts): activities are signed by the simulated Bot Framework issuer, and the recording connector
 * refuses any request that lacks the bot's own valid token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { localModeDefaults, withSimulator } from '../../src/local/simulated-tenant';
import { createLogger } from '../../src/logging';
import {
  DEFAULT_ADMIN_GROUP_ID,
  defaultUsers,
  startSimulator,
  type SimUser,
  type Simulator,
  type SimulatorOptions,
} from '../../src/simulator';
import { startBot, type RunningBot } from '../../src/wiring';
import { AUTH_TENANT_ID, azureModeEnv, inTenant } from './azure-mode';
import { postActivity } from './post-activity';
import { startRecordingConnector, type RecordingConnector } from './recording-connector';
import { cardOf, TeamsClient, type TeamsUser } from './teams';

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

/** A listed approver (APPROVER_USER_IDS) who is no admin: signed in, with an Intune role that may change the connector. */
export const PAT_APPROVER: SimUser = {
  channelUserId: '29:1pat-approver',
  aadObjectId: '2b3c4d5e-6f70-4a81-9b2c-3d4e5f607182',
  tenantId: '00000000-0000-0000-0000-0000000000001',
  name: 'Pat Approver',
  userPrincipalName: 'pat@example.com',
  signedIn: true,
  groups: [],
  intuneAdmin: true,
};

export interface Harness {
  sim: Simulator;
  connector: RecordingConnector;
  bot: RunningBot;
  teams: TeamsClient;
  /** The bot's log lines (JSON), for assertions that nothing secret is logged. */
  logs: string[];
  clock: { now(): Date; advance(ms: number): void };
  user(name: 'Alex Wilber' | 'Megan Bowen' | 'Adele Vance' | 'Lee Gu' | 'Mallory Outsider'): TeamsUser;
  /** POSTs an activity as the Bot Connector would; with inbound auth, signed unless `headers` has an authorization. */
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Types a message; expects exactly one posted answer and returns its card, the posted id and the activity. */
  say(
    user: TeamsUser,
    text: string,
    opts?: Parameters<TeamsClient['message']>[2],
  ): Promise<{ card: Record<string, any>; id: string; activity: Record<string, any> }>;
  /** Graph calls the simulator answered, optionally only those whose path contains `pathIncludes`. */
  graphCalls(pathIncludes?: string, method?: string): { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Environment on top of the local-mode defaults (e.g. ADMIN_GROUP_IDS: ''). */
  env?: Record<string, string>;
  /** More environment that needs the simulator's URLs (e.g. APPLICATIONINSIGHTS_CONNECTION_STRING pointed at it). */
  envFromSim?: (sim: Simulator) => Record<string, string>;
  simulator?: SimulatorOptions;
  /**
   * Azure-style: BOT_ID, secret, tenant (AUTH_TENANT_ID, where the simulated users move), INBOUND_AUTH on, the
   * simulator as Entra, Graph, token service and Bot Framework issuer; connector calls must carry the bot's token.
   */
  inboundAuth?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const users = [...defaultUsers(), ...EXTRA_USERS];
  const sim = await startSimulator(
    options.inboundAuth
      ? // The token service, as the real one, then refuses every call without the bot's own token.
        {
          users: inTenant(users, AUTH_TENANT_ID),
          tenantId: AUTH_TENANT_ID,
          tokenServiceAuth: 'required' as const,
          ...options.simulator,
        }
      : { users, ...options.simulator },
  );
  const connector = await startRecordingConnector(
    options.inboundAuth
      ? { verifier: (token) => sim.verifyAppToken(token, 'https://api.botframework.com'), appId: sim.botId }
      : {},
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'ra-bot-e2e-'));
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset), advance: (ms: number) => void (offset += ms) };
  const logs: string[] = [];
  const common = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    GRAPH_MAX_RETRY_AFTER_SECONDS: '2',
  };
  let bot: RunningBot;
  try {
    const env = { ...common, ...options.env, ...options.envFromSim?.(sim) };
    const config = options.inboundAuth
      ? loadConfig({ ...azureModeEnv(sim, dataDir), ...env })
      : withSimulator(loadConfig({ ...localModeDefaults(), ...env }), sim);
    bot = await startBot(config, { log: createLogger('debug', (l) => logs.push(l)), clock });
  } catch (e) {
    await Promise.all([sim.close(), connector.close()]);
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  // As the Bot Connector signs each activity it sends (only with inbound auth; local mode sends none).
  const signed = (activity: unknown, headers: Record<string, string>): Record<string, string> => {
    if (!options.inboundAuth || Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) return headers;
    const serviceUrl = (activity as { serviceUrl?: string } | null)?.serviceUrl;
    return { ...headers, authorization: `Bearer ${sim.botFramework.issueActivityToken({ serviceUrl })}` };
  };
  const teams = new TeamsClient({ serviceUrl: connector.url, botId: sim.botId });
  const post = (activity: unknown, headers: Record<string, string> = {}) =>
    postActivity(`${bot.url}/api/messages`, activity, signed(activity, headers));
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
    post,
    async say(user, text, opts = {}) {
      const before = connector.messages().length;
      const res = await post(teams.message(user, text, opts));
      expect(res.status).toBe(200);
      const posted = connector.messages().slice(before);
      expect(posted).toHaveLength(1);
      return {
        card: cardOf(posted[0].activity)!,
        id: posted[0].id!,
        activity: posted[0].activity as Record<string, any>,
      };
    },
    graphCalls(pathIncludes, method) {
      return sim.calls
        .filter(
          (c) =>
            c.service === 'graph' &&
            (!pathIncludes || c.path.includes(pathIncludes)) &&
            (!method || c.method === method),
        )
        .map((c) => ({ method: c.method, path: c.path, status: c.status }));
    },
    async close() {
      await bot.close();
      await Promise.all([sim.close(), connector.close()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
