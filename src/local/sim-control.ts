/**
 * A client for the simulated tenant's control endpoints (GET /_sim/state, POST /_sim/reset,
 * POST /_sim/faults), used by local mode at startup (SIMULATOR_FAULTS) and by `npm run sim`.
 * `baseUrl` is the simulator's plain-HTTP token-service URL, e.g. http://127.0.0.1:56161.
 */
import type { SpanTree } from '../simulator';
import type { FaultsBody } from './fault-spec';

export class SimControlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimControlError';
  }
}

async function call(baseUrl: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const url = `${baseUrl.replace(/\/+$/, '')}${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new SimControlError(
      `cannot reach the simulated tenant at ${baseUrl} (${cause}). Is local mode running (npm start)?`,
    );
  }
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
    } catch {
      /* not JSON */
    }
    throw new SimControlError(`${method} ${path} answered ${res.status}: ${message}`);
  }
  return text ? JSON.parse(text) : undefined;
}

export interface SimCustomerSnapshot {
  name: string;
  displayName: string;
  tenantId: string;
  consented: boolean;
  relationship: { id: string; status: string; endDateTime: string | null } | null;
  throttle: { retryAfterSeconds: number; remaining?: number } | null;
  partners: { displayName: string; onboardingStatus: string }[];
}

export interface SimStateSnapshot {
  customers?: SimCustomerSnapshot[];
  partners: {
    id: string;
    displayName: string;
    onboardingStatus: string;
    lastConnectionDateTime: string | null;
    onboardingRequestExpiryDateTime?: string | null;
  }[];
  users: { channelUserId: string; aadObjectId: string; name: string; signedIn: boolean; intuneAdmin: boolean }[];
  counters: { oboTotal: number; discovery: number; graph: number; oboByUser: Record<string, number> };
  faults: {
    graphNext: {
      remaining: number;
      fault: { status: number; retryAfterSeconds?: number; method?: string; pathIncludes?: string };
    }[];
    latencyMs: number;
    users: Record<string, Record<string, boolean>>;
    heldDisconnects: { reached: boolean }[];
  };
  recentCalls: { at: string; service: string; method: string; path: string; status: number }[];
}

export const getSimState = (baseUrl: string) => call(baseUrl, 'GET', '/_sim/state') as Promise<SimStateSnapshot>;

export const resetSim = async (baseUrl: string): Promise<void> => {
  await call(baseUrl, 'POST', '/_sim/reset');
};

export interface SimPartnerChange {
  partner: string;
  /** A customer tenant's partner instead of the home tenant's. */
  customer?: string;
  onboardingStatus?: 'notOnboarded' | 'onboarding' | 'onboarded';
  expiresInMinutes?: number;
  remove?: boolean;
}

/** A change made outside the bot (POST /_sim/partners); the partner as it is now, or undefined when removed. */
export async function changeSimPartner(
  baseUrl: string,
  change: SimPartnerChange,
): Promise<SimStateSnapshot['partners'][number] | undefined> {
  const answer = (await call(baseUrl, 'POST', '/_sim/partners', change)) as {
    partner?: SimStateSnapshot['partners'][number];
  };
  return answer.partner;
}

/** A customer broken or mended (POST /_sim/customers): what the simulated Entra and Graph answer for it from now on. */
export interface SimCustomerChange {
  customer: string;
  consent?: boolean;
  relationship?: 'expired' | 'active';
  throttle?: { retryAfterSeconds?: number; count?: number } | false;
}

export async function changeSimCustomer(baseUrl: string, change: SimCustomerChange): Promise<SimCustomerSnapshot> {
  return ((await call(baseUrl, 'POST', '/_sim/customers', change)) as { customer: SimCustomerSnapshot }).customer;
}

/** One line for a customer tenant, for people. */
export function describeCustomer(c: SimCustomerSnapshot): string {
  const relationship = c.relationship
    ? `relationship ${c.relationship.status} until ${c.relationship.endDateTime ?? '-'}`
    : 'no relationship';
  const throttle = c.throttle
    ? `, Graph throttled (Retry-After ${c.throttle.retryAfterSeconds} s${c.throttle.remaining !== undefined ? `, ${c.throttle.remaining} more` : ''})`
    : '';
  const partners = c.partners.map((p) => `${p.displayName} ${p.onboardingStatus}`).join(', ') || 'no partner';
  return `${c.name.padEnd(12)} ${c.consented ? 'consented' : 'NOT consented'}, ${relationship}${throttle}; ${partners}   tenant ${c.tenantId}`;
}

/** GET /_sim/telemetry: what the simulated ingestion endpoints received, with the last `traces` traces as trees. */
export interface SimTelemetrySnapshot {
  spans: number;
  metricPoints: Record<string, number>;
  trees: SpanTree[];
}

export const getSimTelemetry = (baseUrl: string, traces: number) =>
  call(baseUrl, 'GET', `/_sim/telemetry?traces=${traces}`) as Promise<SimTelemetrySnapshot>;

/** Posts each body in order; returns the faults in force afterwards. */
export async function applySimFaults(
  baseUrl: string,
  bodies: FaultsBody[],
): Promise<SimStateSnapshot['faults'] | undefined> {
  let faults: SimStateSnapshot['faults'] | undefined;
  for (const body of bodies) faults = (await call(baseUrl, 'POST', '/_sim/faults', body)) as SimStateSnapshot['faults'];
  return faults;
}

/** One line per fault in force, for people. */
export function describeFaults(faults: SimStateSnapshot['faults']): string[] {
  const lines = faults.graphNext.map(({ remaining, fault }) => {
    const where = [fault.method, fault.pathIncludes && `*${fault.pathIncludes}*`].filter(Boolean).join(' ');
    const retry = fault.retryAfterSeconds !== undefined ? ` (Retry-After: ${fault.retryAfterSeconds} s)` : '';
    return `the next ${remaining} Graph request${remaining === 1 ? '' : 's'}${where ? ` (${where})` : ''} answer ${fault.status}${retry}`;
  });
  if (faults.latencyMs > 0) lines.push(`every Graph request waits ${faults.latencyMs} ms`);
  for (const [oid, flags] of Object.entries(faults.users)) {
    const on = Object.entries(flags)
      .filter(([, v]) => v)
      .map(([k]) => k);
    if (on.length) lines.push(`user ${oid}: ${on.join(', ')}`);
  }
  if (faults.heldDisconnects.length) lines.push(`${faults.heldDisconnects.length} disconnect(s) held`);
  return lines;
}
