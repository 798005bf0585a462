/**
 * Control endpoints for a person driving local mode (curl): GET /_sim/state, POST /_sim/reset,
 * POST /_sim/partners (a change made outside the bot, body: partner-changes.ts PartnerChange, e.g.
 * {"partner": "TeamViewer", "onboardingStatus": "notOnboarded"}; answers the partner as it is now),
 * POST /_sim/customers (break or mend a customer tenant, body: customer-world.ts CustomerChange, e.g.
 * {"customer": "contoso", "consent": false} or {"customer": "contoso", "throttle": {"retryAfterSeconds": 2}}; answers the
 * customer as it is now) and POST /_sim/faults, whose JSON body mirrors `Simulator.faults`:
 *   { "graphNext": { "count": 2, "status": 429, "retryAfterSeconds": 1, "method": "POST", "pathIncludes": "/disconnect" },
 *     "latencyMs": 200, "users": { "<oid>": { "consentRequired": true } },
 *     "holdNextDisconnect": true, "holdNextBeginOnboarding": true, "releaseHeld": "complete" | "drop" | "completeThenDrop", "clear": true }
 */
import type { Partner } from '../core/model';
import type { SimEnv } from './env';
import { HttpError, readJson, sendEmpty, sendJson, type RequestContext } from './http';
import { intuneRole } from './intune-roles';
import type { CustomerChange } from './customer-world';
import { changePartner, type PartnerChange } from './partner-changes';
import type { GraphFault, HeldOutcome, UserFaultFlags } from './types';

interface FaultsBody {
  clear?: boolean;
  graphNext?: GraphFault & { count?: number };
  latencyMs?: number;
  users?: Record<string, UserFaultFlags>;
  holdNextDisconnect?: boolean;
  holdNextBeginOnboarding?: boolean;
  releaseHeld?: HeldOutcome | boolean;
}

export function stateSnapshot(env: SimEnv): Record<string, unknown> {
  const s = env.state;
  return {
    partners: s.partnerList(),
    customers: s.customers.list().map((c) => s.customers.snapshot(c)),
    users: s.users.map((u) => ({
      channelUserId: u.channelUserId,
      aadObjectId: u.aadObjectId,
      name: u.name,
      signedIn: Boolean(u.signedIn),
      intuneAdmin: u.intuneAdmin !== false,
      intuneRole: intuneRole(u) ?? null,
    })),
    counters: { ...s.counters, oboByUser: { ...s.counters.oboByUser } },
    faults: {
      graphNext: s.pendingGraphFaults(),
      latencyMs: s.graphLatencyMs,
      users: Object.fromEntries(s.userFlags),
      heldDisconnects: s.heldDisconnects.map((h) => ({ reached: h.isReached })),
    },
    recentCalls: s.recentCalls(50),
  };
}

export function applyFaults(env: SimEnv, body: FaultsBody): void {
  const s = env.state;
  if (body.clear) s.clearFaults();
  if (body.graphNext) {
    const { count = 1, ...fault } = body.graphNext;
    if (typeof fault.status !== 'number' || fault.status < 400 || fault.status > 599)
      throw new HttpError(400, 'graphNext.status must be 400..599');
    s.addGraphFault(count, fault);
  }
  if (body.latencyMs !== undefined) {
    if (typeof body.latencyMs !== 'number' || body.latencyMs < 0)
      throw new HttpError(400, 'latencyMs must be a number >= 0');
    s.graphLatencyMs = body.latencyMs;
  }
  for (const [oid, flags] of Object.entries(body.users ?? {})) s.setUserFlags(oid, flags);
  if (body.releaseHeld) {
    s.releaseReached(
      body.releaseHeld === 'drop' || body.releaseHeld === 'completeThenDrop' ? body.releaseHeld : 'complete',
    );
  }
  if (body.holdNextDisconnect) s.holdNextDisconnect();
  if (body.holdNextBeginOnboarding) s.holdNextDisconnect('beginOnboarding');
}

/** The partners a change is about: the home tenant's, or the named customer's. */
export function partnersFor(env: SimEnv, change: PartnerChange): Map<string, Partner> {
  if (change.customer === undefined) return env.state.partners;
  const customer = env.state.customers.find(String(change.customer));
  if (!customer) throw new HttpError(404, `No simulated customer '${String(change.customer)}'`);
  return customer.partners;
}

/** Handles /_sim/state, /_sim/reset, /_sim/faults; false for other paths. */
export async function handleControl(ctx: RequestContext, env: SimEnv): Promise<boolean> {
  const route = `${ctx.method} ${ctx.url.pathname}`;
  if (
    ![
      'GET /_sim/state',
      'POST /_sim/reset',
      'POST /_sim/faults',
      'POST /_sim/partners',
      'POST /_sim/customers',
    ].includes(route)
  )
    return false;
  ctx.service = 'control';
  if (route === 'GET /_sim/state') {
    sendJson(ctx.res, 200, stateSnapshot(env));
  } else if (route === 'POST /_sim/reset') {
    env.state.reset();
    sendEmpty(ctx.res, 204);
  } else if (route === 'POST /_sim/partners') {
    const body = await readJson(ctx.req);
    if (!body || typeof body !== 'object') throw new HttpError(400, 'Send a JSON object');
    const partner = changePartner(partnersFor(env, body as PartnerChange), body as PartnerChange);
    sendJson(ctx.res, 200, partner ? { partner } : { removed: true });
  } else if (route === 'POST /_sim/customers') {
    const body = await readJson(ctx.req);
    if (!body || typeof body !== 'object') throw new HttpError(400, 'Send a JSON object');
    sendJson(ctx.res, 200, { customer: env.state.customers.change(body as CustomerChange) });
  } else {
    const body = await readJson(ctx.req);
    if (!body || typeof body !== 'object') throw new HttpError(400, 'Send a JSON object');
    applyFaults(env, body as FaultsBody);
    sendJson(ctx.res, 200, (stateSnapshot(env) as { faults: unknown }).faults);
  }
  return true;
}
