/**
 * The fleet kill switch (issue 19, docs/msp.md "The fleet kill switch"): `disconnect TeamViewer @all` asks every
 * customer of the selector in parallel (at most FLEET_PARALLEL at once, one call at a time per tenant), shows ONE
 * card with a row per customer, and on Confirm runs each customer's child through the SAME per-operation path a
 * single click uses (Operations.claimAndRun: claim with the read before, act, evidence), with the click's session
 * in that customer. The card is brought up to date for everyone after each row's outcome.
 */
import { authorizeSignedIn, recordDenial } from './access';
import { bounded } from './bounded';
import type { CommandName } from './catalogue';
import type { CommandDeps, RequestContext } from './context';
import { customerRef, inCustomer, type Customer, type Target } from './customers';
import { AppError, describeError, entraCodes, isAppError } from './errors';
import {
  confirmRefused,
  declineDecision,
  fleetDecided,
  fleetHasCopyIn,
  fleetRequestTerms,
  isFleetRequester,
  mayInOneCustomer,
  updateOtherFleetCards,
} from './fleet-approval';
import type { FleetMember, FleetRecord } from './fleet-model';
import { directoryOf, FLEET_PARALLEL, fleetReply, runFleet, updateFleetCards } from './fleet-run';
import { fleetRows } from './fleet-rows';
import { kindSpec, isMutatingKind } from './kinds';
import type { ActionRecord, MutatingKind, PersonRef, UserSession } from './model';
import { resolvePartner } from './partner-resolver';
import type { FleetStore } from './ports';
import type { ActionResult, DenialReason, Reply } from './replies';

/** Error kinds that say a customer cannot be reached (a row, never a failure of the whole fleet). */
const UNREACHABLE = new Set([
  'auth.customerNotConsented',
  'auth.customerNoAccess',
  'graph.throttled',
  'graph.notFound',
  'graph.forbidden',
]);

/** What the fleet's use cases need besides the command's: the fleets' store, where background work runs. */
export interface FleetDeps extends CommandDeps {
  fleets: FleetStore;
  /** Customers at once (FLEET_PARALLEL, default 8). */
  fleetParallel?: number;
  /** Runs work after the click was answered (bot/background-work.ts); default: started here, failures logged. */
  background?: (what: string, work: () => Promise<void>) => void;
}

/** A command with a fleet target (`@all`, `@eu`), as dispatch calls it (ServiceOptions.fleet). */
export type FleetCommand = (
  d: FleetDeps,
  name: CommandName,
  argument: string | undefined,
  target: Extract<Target, { kind: 'fleet' }>,
  ctx: RequestContext,
  session: UserSession,
) => Promise<Reply>;

/** The fleet card's reply: the record and its rows. */
export type FleetReply = Extract<Reply, { type: 'fleet' }>;

/** One customer's row when the fleet is asked: who may act, then the partner as that customer's Graph has it. */
async function askCustomer(
  d: FleetDeps,
  kind: MutatingKind,
  query: string,
  c: Customer,
  session: UserSession,
): Promise<{ member: FleetMember; partnerId?: string; partnerName?: string }> {
  const customer = customerRef(c);
  const decision = await d.authorizer.decideForCustomer(session.actor, 'admin', session, c);
  if (!decision.allowed) return { member: { customer, unreachable: `authz.${decision.reason}` } };
  try {
    const found = resolvePartner(await d.gateway.list(inCustomer(session, c)), query);
    if (found.kind !== 'one') return { member: { customer, unreachable: 'graph.notFound' } };
    const status = found.partner.onboardingStatus;
    if (kindSpec(kind).alreadyThere(status)) return { member: { customer, status } };
    return { member: { customer, status }, partnerId: found.partner.id, partnerName: found.partner.displayName };
  } catch (e) {
    const code = entraCodes(e)[0];
    if (isAppError(e) && UNREACHABLE.has(e.kind))
      return { member: { customer, unreachable: e.kind, ...(code ? { code } : {}) } };
    d.log.warn('fleet: a customer could not be asked', { customer: c.name, error: describeError(e) });
    return { member: { customer, unreachable: isAppError(e) ? e.kind : 'graph.unexpected' } };
  }
}

/**
 * `history @all` (`@eu`): the tenant's fleets that reached these customers, newest first, each with its rows for the
 * customers the user may read (a fleet with none is left out).
 */
export async function fleetHistory(
  d: FleetDeps,
  target: Extract<Target, { kind: 'fleet' }>,
  ctx: RequestContext,
  session: UserSession,
): Promise<Reply> {
  const readable = new Set<string>();
  for (const c of target.customers) {
    if ((await d.authorizer.decideForCustomer(session.actor, 'reader', session, c)).allowed)
      readable.add(c.tenantId.toLowerCase());
  }
  const entries = [];
  for (const fleet of await d.fleets.fleetHistory(ctx.actor.tenantId, d.historyLimit)) {
    const rows = (await fleetReply(d, fleet)).rows.filter((r) => readable.has(r.customer.tenantId.toLowerCase()));
    if (rows.length > 0) entries.push({ fleet, rows });
  }
  return { type: 'fleetHistory', selector: target.selector, entries };
}

/** `disconnect X @all` / `reconnect X @eu`: the fleet, its children for the actionable rows, and its card. */
export const fleetCommand: FleetCommand = async (d, name, argument, target, ctx, session) => {
  if (name === 'history') return fleetHistory(d, target, ctx, session);
  if (!isMutatingKind(name))
    return { type: 'error', error: new AppError('internal', 'only a disconnect or a reconnect takes a fleet target') };
  const kind: MutatingKind = name;
  const query = (argument ?? '').trim();
  if (!query) return { type: 'choosePartner', command: name, query: '', candidates: [], noMatch: true };
  const asked = await bounded(target.customers, d.fleetParallel ?? FLEET_PARALLEL, (c) =>
    askCustomer(d, kind, query, c, session),
  );
  const now = d.clock.now();
  const at = now.toISOString();
  // Under two-person approval: a request for approval (fleet-approval.ts), standing for the approval's TTL.
  const { approval, ttlMinutes } = fleetRequestTerms(d, ctx.actor);
  const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000).toISOString();
  const requester = { id: ctx.actor.aadObjectId, name: ctx.actor.name };
  const fleet: FleetRecord = {
    id: d.newId(),
    tenantId: ctx.actor.tenantId,
    conversationId: ctx.conversation.id,
    kind,
    partnerQuery: query,
    selector: target.selector,
    requester,
    state: 'pending',
    ...(approval ? { approval } : {}),
    members: asked.map((a) => a.member),
    createdAt: at,
    updatedAt: at,
    expiresAt,
  };
  const children: ActionRecord[] = asked.flatMap((a) =>
    a.partnerId
      ? [
          {
            id: d.newId(),
            kind,
            partnerId: a.partnerId,
            partnerName: a.partnerName ?? a.partnerId,
            tenantId: ctx.actor.tenantId,
            conversationId: ctx.conversation.id,
            requester,
            state: 'pending' as const,
            ...(approval ? { approval } : {}),
            createdAt: at,
            updatedAt: at,
            expiresAt,
            customer: a.member.customer,
            fleetId: fleet.id,
          },
        ]
      : [],
  );
  if (children.length === 0) {
    // Nothing to do anywhere (already there, unreachable, not allowed): an answer, not a request; nothing is kept.
    d.log.info('fleet asked: nothing to do', { kind, selector: target.selector, customers: fleet.members.length });
    return { type: 'fleet', fleet, rows: fleetRows(directoryOf(d), fleet, []), unsaved: true };
  }
  const saved = await d.fleets.insertFleet(fleet, children);
  d.log.info(approval ? 'fleet approval requested' : 'fleet requested', {
    fleetId: saved.id,
    kind,
    selector: target.selector,
    customers: fleet.members.length,
    children: children.length,
  });
  return fleetReply(d, saved);
};

/** The clicked fleet, if it is this tenant's and this conversation's; otherwise the answer to the click. */
async function fleetForClick(d: FleetDeps, fleetId: string, ctx: RequestContext): Promise<FleetRecord | ActionResult> {
  const unknown: ActionResult = { reply: { type: 'operationUnknown' }, audience: 'clicker' };
  if (typeof fleetId !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(fleetId)) return unknown;
  const fleet = await d.fleets.getFleet(fleetId);
  if (!fleet || fleet.tenantId.toLowerCase() !== (ctx.actor.tenantId || '').toLowerCase()) return unknown;
  // A request's copy in the approvers' channel is the fleet's card too (fleet-approval.ts).
  if (fleet.conversationId !== ctx.conversation.id && !(await fleetHasCopyIn(d, fleet.id, ctx.conversation.id))) {
    const denied = await recordDenial(d, ctx, 'otherConversation', fleet.kind, '', fleet.partnerQuery);
    return { reply: denied, audience: 'clicker' };
  }
  return fleet;
}

/**
 * Every click on a fleet card, before anything is read in Graph (the group lookup is the first call): the tenant's
 * own user, signed in, with their own token; a refusal is recorded and shown to the clicker alone.
 */
async function clickerRefused(
  d: FleetDeps,
  fleet: FleetRecord,
  ctx: RequestContext,
): Promise<ActionResult | undefined> {
  if (!ctx.session) return { reply: { type: 'error', error: signInError() }, audience: 'clicker' };
  const denied = await authorizeSignedIn(d, ctx, fleet.kind);
  return denied && { reply: denied, audience: 'clicker' };
}

/**
 * Confirm on the fleet card (Approve, on a request for approval: fleet-approval.ts): pending -> running, answered at
 * once with the card in running (rows "queued"); the children run in the background with the CLICKER's session (the
 * approver's, under approval) (`run` is that work, for whoever waits for it: tests, a clean shutdown).
 */
export async function confirmFleet(
  d: FleetDeps,
  fleetId: string,
  ctx: RequestContext,
): Promise<{ result: ActionResult; run: Promise<void> }> {
  const done = Promise.resolve();
  const found = await fleetForClick(d, fleetId, ctx);
  if (!('members' in found)) return { result: found, run: done };
  const refused =
    (await clickerRefused(d, found, ctx)) ?? (await confirmRefused(d, found, ctx, (f) => fleetReply(d, f)));
  if (refused) return { result: refused, run: done };
  const now = d.clock.now().toISOString();
  const executor = { id: ctx.actor.aadObjectId, name: ctx.actor.name };
  const approved = found.approval ? fleetDecided(found.approval, 'approved', now) : {};
  // One conditional transition: two clicks (or two approvers, on two instances) start it once; an expired request
  // cannot start. A pending fleet under approval is always waiting: every decision leaves `pending`.
  const running = await d.fleets.transitionFleet(
    found.id,
    ['pending'],
    'running',
    { executor, updatedAt: now, ...approved },
    { notExpiredAt: now },
  );
  if (!running) {
    // Another click got there first, or the card ran out of time (then it is closed as expired, for everyone).
    let current = (await d.fleets.getFleet(found.id)) ?? found;
    if (current.state === 'pending' && Date.parse(current.expiresAt) <= Date.parse(now)) {
      current = await closeFleet(d, current, 'expired');
    }
    return { result: { reply: await fleetReply(d, current), audience: 'everyone' }, run: done };
  }
  d.log.info(found.approval ? 'fleet approved' : 'fleet confirmed', { fleetId: running.id, by: executor.id });
  // The answer is drawn before any customer starts: every row reads "queued".
  const reply = await fleetReply(d, running);
  await updateOtherFleetCards(d, reply, running.id, ctx.conversation.id);
  const session = ctx.session as UserSession; // confirmRefused answered a click without one
  let run = done;
  const work = () => (run = runFleet(d, running, { ...ctx, session }));
  if (d.background) d.background('fleet', work);
  else
    void work().catch((e: unknown) =>
      d.log.error('fleet run failed', { fleetId: running.id, error: describeError(e) }),
    );
  return { result: { reply, audience: 'everyone' }, run };
}

function signInError(): AppError {
  return new AppError('auth.signInRequired', 'no user assertion for a fleet confirmation');
}

/**
 * Cancel on the fleet card: pending -> cancelled, its children cancelled (nothing ran; the tenant's precheck). On a
 * request for approval it is the requester's Withdraw, or anybody else's Reject (fleet.reject comes here too).
 */
export async function cancelFleet(d: FleetDeps, fleetId: string, ctx: RequestContext): Promise<ActionResult> {
  const found = await fleetForClick(d, fleetId, ctx);
  if (!('members' in found)) return found;
  const refused = await clickerRefused(d, found, ctx);
  if (refused) return refused;
  if (found.approval) return declineFleet(d, found, ctx);
  const pre = d.authorizer.precheck(ctx.actor);
  const refuse = async (reason: DenialReason): Promise<ActionResult> => ({
    reply: await recordDenial(d, ctx, reason, found.kind, '', found.partnerQuery),
    audience: 'clicker',
  });
  if (!pre.allowed) return refuse(pre.reason);
  // The requester may always take back their own request; anybody else must be allowed to act in one of its customers.
  const session = ctx.session as UserSession; // clickerRefused answered a click without one
  if (!isFleetRequester(found, ctx.actor) && !(await mayInOneCustomer(d, found, ctx.actor, session, 'admin')))
    return refuse('notAllowed');
  const closed = await closeFleet(d, found, 'cancelled', { id: ctx.actor.aadObjectId, name: ctx.actor.name });
  return { reply: await fleetReply(d, closed), audience: 'everyone' };
}

/** Withdraw (the requester) or Reject (an approver) of a fleet request: cancelled with the decision, everywhere. */
async function declineFleet(d: FleetDeps, fleet: FleetRecord, ctx: RequestContext): Promise<ActionResult> {
  const decision = await declineDecision(d, fleet, ctx);
  if ('reply' in decision) return decision;
  const { status } = decision;
  const executor = { id: ctx.actor.aadObjectId, name: ctx.actor.name };
  const closed = await closeFleet(d, fleet, 'cancelled', executor, status);
  const reply = await fleetReply(d, closed);
  if (closed.approval?.status === status && closed.executor?.id === executor.id)
    await updateOtherFleetCards(d, reply, fleet.id, ctx.conversation.id);
  return { reply, audience: 'everyone' };
}

/**
 * The sweeper expired one of this fleet's children (nobody confirmed or approved it in time): the fleet itself is
 * closed as expired too (a conditional transition: a click that got there first wins), and every copy of its card
 * says so. Never throws.
 */
export async function expireFleet(d: FleetDeps, fleetId: string): Promise<void> {
  try {
    const fleet = await d.fleets.getFleet(fleetId);
    if (fleet?.state !== 'pending' || Date.parse(fleet.expiresAt) > d.clock.now().getTime()) return;
    const closed = await closeFleet(d, fleet, 'expired');
    if (closed.state === 'expired') await updateFleetCards(d, fleetId);
  } catch (e) {
    d.log.warn('could not expire a fleet', { fleetId, error: describeError(e) });
  }
}

/**
 * A pending fleet closed before it ran (cancelled, or expired; `decision`: rejected or withdrawn, under approval):
 * its children too. Resolves to the fleet as it is.
 */
async function closeFleet(
  d: FleetDeps,
  fleet: FleetRecord,
  to: 'cancelled' | 'expired',
  executor?: PersonRef,
  decision?: 'rejected' | 'withdrawn',
) {
  const now = d.clock.now().toISOString();
  const patch = { ...(executor ? { executor } : {}), updatedAt: now, completedAt: now };
  const decided = (approval: FleetRecord['approval']) => (decision ? fleetDecided(approval, decision, now) : {});
  const closed = await d.fleets.transitionFleet(fleet.id, ['pending'], to, { ...patch, ...decided(fleet.approval) });
  if (closed) {
    for (const child of await d.fleets.fleetChildren(fleet.id)) {
      await d.store.transition(child.id, ['pending'], to, { ...patch, ...decided(child.approval) });
    }
    d.log.info(`fleet ${decision ?? to}`, { fleetId: fleet.id, by: executor?.id });
  }
  return closed ?? (await d.fleets.getFleet(fleet.id)) ?? fleet;
}
