/**
 * The simulated tenant in a process of its own, so that its CPU is measured apart from the bot's and
 * the load generator's. It answers the runner over IPC: start, snapshot (counters and the calls it
 * answered, by kind), latency, reonboard (puts every partner back to onboarding between rounds, through
 * Graph with a token of a separate operator user, so the bench users' figures are untouched).
 */
import https from 'node:https';
import type { Partner } from '../src/core/model';
import { fleetWorld, startSimulator, type CallRecord, type SimUser, type Simulator } from '../src/simulator';
import { serve } from './ipc';
import { processMetrics } from './process-metrics';

export interface SimStartArgs {
  users: SimUser[];
  partners: Partner[];
  graphLatencyMs: number;
  /** Its requests are left out of every figure. */
  operatorOid: string;
  /** The MSP world of the fleet part: this many reachable customers (fleetWorld) instead of the three seeded ones. */
  fleetCustomers?: number;
}

/** The fleet part's calls by customer tenant (Graph: the token's tid; OBO: the authority's tenant) and user. */
export interface FleetCalls {
  /** Graph requests per customer tenant, with the POST .../disconnect and the partner lists (GET) among them. */
  graphByTenant: Record<string, { calls: number; disconnects: number; lists: number }>;
  /** OBO token requests per `${oid} ${tenant}`. */
  oboByUserTenant: Record<string, number>;
}

export interface SimInfo {
  authorityHost: string;
  graphBaseUrl: string;
  tokenServiceUrl: string;
  ca: string;
  botId: string;
  clientSecret: string;
  tenantId: string;
}

/** What the simulated OTLP receiver got (it keeps the last 20,000 spans). */
export interface TelemetryCounts {
  spans: number;
  spanNames: Record<string, number>;
  metrics: number;
}

export interface SimSnapshot {
  /** OBO requests per user (operator left out). */
  oboByUser: Record<string, number>;
  discovery: number;
  /** Calls answered, by kind ("graph GET list", "entra POST token", ...), cumulative. */
  byKind: Record<string, number>;
  /** Answers that were not 2xx (or dropped), by kind. */
  failedByKind: Record<string, number>;
  /** checkMemberGroups per user, cumulative. */
  memberChecksByUser: Record<string, number>;
  /** getEffectivePermissions per user (the Intune role check, cached per user like the group check). */
  permissionChecksByUser: Record<string, number>;
  cpuMs: number;
  wallMs: number;
}

const PARTNER_PATH =
  /^\/(beta|v1\.0)\/deviceManagement\/remoteAssistancePartners(\/[^/]+)?(\/(disconnect|beginOnboarding))?$/;

export function kindOf(c: CallRecord): string {
  if (c.service === 'graph') {
    const m = PARTNER_PATH.exec(c.path);
    if (m) return `graph ${c.method} ${m[4] ?? (m[2] ? 'partner' : 'list')}`;
    if (c.path.endsWith('/me/checkMemberGroups')) return 'graph POST checkMemberGroups';
    if (c.path.includes('/deviceManagement/getEffectivePermissions')) return `graph ${c.method} effectivePermissions`;
    return `graph ${c.method} ${c.path}`;
  }
  if (c.service === 'entra') {
    if (c.path.endsWith('/token')) return 'entra POST token (OBO)';
    if (c.path.includes('openid-configuration')) return 'entra GET discovery';
    return `entra ${c.method} ${c.path.replace(/^\/[^/]+/, '')}`;
  }
  if (c.service === 'tokenService') return `tokenService ${c.method} ${c.path.split('/').pop()}`;
  return `${c.service} ${c.method} ${c.path}`;
}

let sim: Simulator | undefined;
let operator: SimUser | undefined;
let operatorOid = '';
let cursor = 0;
const byKind: Record<string, number> = {};
const failedByKind: Record<string, number> = {};
const memberChecksByUser: Record<string, number> = {};
const permissionChecksByUser: Record<string, number> = {};
const metrics = processMetrics();

function drainCalls(): void {
  if (!sim) return;
  const calls = sim.calls; // a copy; the log limit is set high enough that nothing is dropped
  for (let i = cursor; i < calls.length; i++) {
    const c = calls[i];
    if (c.oid && c.oid.toLowerCase() === operatorOid) continue;
    const kind = kindOf(c);
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    if (c.status < 200 || c.status > 299) failedByKind[kind] = (failedByKind[kind] ?? 0) + 1;
    if (kind === 'graph POST checkMemberGroups' && c.oid)
      memberChecksByUser[c.oid] = (memberChecksByUser[c.oid] ?? 0) + 1;
    if (kind === 'graph GET effectivePermissions' && c.oid)
      permissionChecksByUser[c.oid] = (permissionChecksByUser[c.oid] ?? 0) + 1;
  }
  cursor = calls.length;
}

function request(
  method: string,
  url: string,
  body: string | undefined,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method,
        headers: { ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
        ca: sim?.ca,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Every partner back to 'onboarding' (Graph beginOnboarding), so that the next round's disconnects change something. */
async function reonboard(): Promise<number> {
  if (!sim || !operator) throw new Error('not started');
  const form = new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    requested_token_use: 'on_behalf_of',
    client_id: sim.botId,
    client_secret: sim.clientSecret,
    assertion: sim.issueUserAssertion(operator),
    scope: 'https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All',
  }).toString();
  const token = await request('POST', `${sim.authorityHost}/${operator.tenantId}/oauth2/v2.0/token`, form, {
    'content-type': 'application/x-www-form-urlencoded',
  });
  if (token.status !== 200) throw new Error(`operator token: ${token.status} ${token.text}`);
  const accessToken = (JSON.parse(token.text) as { access_token: string }).access_token;
  // All at once: one after the other, at the overhead windows' Graph latency (150 ms), 20 partners took 3 s a round.
  const todo = sim.partners().filter((p) => p.onboardingStatus !== 'onboarded' && p.onboardingStatus !== 'onboarding');
  await Promise.all(
    todo.map(async (p) => {
      const res = await request(
        'POST',
        `${sim!.graphBaseUrl}/beta/deviceManagement/remoteAssistancePartners/${p.id}/beginOnboarding`,
        '{}',
        {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
        },
      );
      if (res.status !== 204) throw new Error(`beginOnboarding ${p.id}: ${res.status} ${res.text}`);
    }),
  );
  return todo.length;
}

serve({
  async start(args: SimStartArgs): Promise<SimInfo> {
    operatorOid = args.operatorOid.toLowerCase();
    sim = await startSimulator({
      users: args.users,
      partners: args.partners,
      graphLatencyMs: args.graphLatencyMs,
      callLogLimit: 5_000_000,
      ...(args.fleetCustomers ? fleetWorld(args.fleetCustomers) : {}),
    });
    operator = sim.users.find((u) => u.aadObjectId.toLowerCase() === operatorOid);
    const { authorityHost, graphBaseUrl, tokenServiceUrl, ca, botId, clientSecret, tenantId } = sim;
    return { authorityHost, graphBaseUrl, tokenServiceUrl, ca, botId, clientSecret, tenantId };
  },
  snapshot(): SimSnapshot {
    if (!sim) throw new Error('not started');
    drainCalls();
    const counters = sim.counters;
    const oboByUser = Object.fromEntries(
      Object.entries(counters.oboByUser).filter(([oid]) => oid.toLowerCase() !== operatorOid),
    );
    const f = metrics.figures();
    return {
      oboByUser,
      discovery: counters.discovery,
      byKind: { ...byKind },
      failedByKind: { ...failedByKind },
      memberChecksByUser: { ...memberChecksByUser },
      permissionChecksByUser: { ...permissionChecksByUser },
      cpuMs: f.cpuMs,
      wallMs: f.wallMs,
    };
  },
  /** What the simulated OTLP receiver got: spans, and metric points by name. */
  telemetryCounts(): TelemetryCounts {
    if (!sim) throw new Error('not started');
    const spanNames: Record<string, number> = {};
    for (const s of sim.telemetry.spans) spanNames[s.name] = (spanNames[s.name] ?? 0) + 1;
    return { spans: sim.telemetry.spans.length, spanNames, metrics: sim.telemetry.metrics().length };
  },
  /** The call log from `from` on, counted by customer tenant (bench/fleet.ts). */
  fleetCalls(from: number): FleetCalls & { cursor: number } {
    if (!sim) throw new Error('not started');
    const calls = sim.calls;
    const out: FleetCalls = { graphByTenant: {}, oboByUserTenant: {} };
    for (const c of calls.slice(from)) {
      if (c.service === 'graph' && c.tenantId) {
        const t = (out.graphByTenant[c.tenantId] ??= { calls: 0, disconnects: 0, lists: 0 });
        t.calls++;
        if (c.method === 'GET' && c.path.endsWith('/remoteAssistancePartners')) t.lists++;
        if (c.method === 'POST' && c.path.endsWith('/disconnect') && c.status < 300) t.disconnects++;
      }
      if (c.service === 'entra' && c.path.endsWith('/token') && c.oid) {
        const key = `${c.oid} ${c.path.split('/')[1]}`;
        out.oboByUserTenant[key] = (out.oboByUserTenant[key] ?? 0) + 1;
      }
    }
    return { ...out, cursor: calls.length };
  },
  latency(ms: number): number {
    sim?.faults.latency(ms);
    return ms;
  },
  async reonboard(): Promise<number> {
    drainCalls(); // so the operator's calls are skipped by oid, as every other time
    return reonboard();
  },
  async stop(): Promise<void> {
    await sim?.close();
    setImmediate(() => process.exit(0));
  },
});
