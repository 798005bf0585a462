/**
 * Two-person approval of a fleet (issue 19: the kill switch "is confirmed once, and approved by a second person
 * where the policy says so"): the rules of approval-decisions.ts, for a request that acts in many customers.
 *
 * - Under APPROVAL_REQUIRED, `disconnect X @all` makes a REQUEST: the fleet (and each child) carries `approval`
 *   (waiting), stands for the approval TTL, and is posted to the approvers' channel too (`approvals here`); that
 *   copy is kept with the fleet's card (CardStore.saveCopy), so the decision and every later row reach every copy.
 * - The requester can never approve it (AAD object ids compared here, never the button): a recorded denial.
 *   Whoever approves or rejects is an approver: an approver of the bot's own tenant (admins, the listed approvers),
 *   or a technician of at least one of its customers (that customer's groups make them an approver there, as
 *   Authorizer.decideForCustomer says). Each customer's own groups still decide its row when the fleet runs: the
 *   approver's session makes every Graph call, and a customer where the approver may not act is that row's refusal.
 * - Approve is the fleet's one conditional transition (pending, not expired -> running): a pending fleet under
 *   approval is always waiting (every decision leaves `pending`), so two approvers clicking at once start it once,
 *   and an expired request cannot be approved on any instance.
 * - Reject (an approver) and Withdraw (the requester) close it as `cancelled` with the decision in `approval`
 *   (as a single request records it; the fleet's state column allows no other state), its children too.
 *
 * The card shows Approve / Reject / Withdraw to everyone and the SERVER decides on each click: a single request's
 * card asks Teams for the requester's own view (refresh.userIds), but a fleet's card is replaced by background work
 * after each row, and a refresh per update per viewer would cost a round of invokes for every row of every copy.
 */
import { recordDenial } from './access';
import { waitingFor } from './approval-decisions';
import type { CardRef } from './card-ref';
import { sameConversation } from './click-scope';
import type { CommandDeps, RequestContext } from './context';
import { customerByTenant, NO_CUSTOMERS } from './customers';
import { errorReply } from './error-replies';
import { AppError, describeError } from './errors';
import type { FleetPatch, FleetRecord } from './fleet-model';
import type { Need } from './authorization';
import type { Actor, ApprovalFacts, UserSession } from './model';
import type { OperationPatch } from './ports';
import type { ActionResult, DenialReason, Reply } from './replies';
import { ownsSession } from './session-owner';

type Deps = CommandDeps;
type FleetReply = Extract<Reply, { type: 'fleet' }>;

const norm = (s: string | undefined) => (s ?? '').trim().toLowerCase();

export function isFleetRequester(fleet: FleetRecord, actor: Actor): boolean {
  return norm(fleet.requester.id) !== '' && norm(fleet.requester.id) === norm(actor.aadObjectId);
}

/** A refusal of a click on the fleet's card: recorded in the fleet's tenant, shown to the clicker alone. */
async function refusal(d: Deps, fleet: FleetRecord, ctx: RequestContext, reason: DenialReason): Promise<ActionResult> {
  return { reply: await recordDenial(d, ctx, reason, fleet.kind, '', fleet.partnerQuery), audience: 'clicker' };
}

const signInRequired = () => new AppError('auth.signInRequired', 'no user assertion for a click on a fleet card');

/** A new fleet's approval (under APPROVAL_REQUIRED) and how long it stands. */
export function fleetRequestTerms(d: Deps, actor: Actor): { approval?: ApprovalFacts; ttlMinutes: number } {
  return d.approval.required
    ? { approval: waitingFor(actor), ttlMinutes: d.approval.ttlMinutes }
    : { ttlMinutes: d.operationTtlMinutes };
}

/** The patch that records a decision on a fleet (or on one of its children); who decided is the executor. */
export function fleetDecided(
  approval: ApprovalFacts | undefined,
  status: Exclude<ApprovalFacts['status'], 'waiting'>,
  at: string,
): Pick<FleetPatch & OperationPatch, 'approval'> {
  return { approval: { ...(approval ?? { status }), status, decidedAt: at } };
}

/**
 * May this click approve or reject the fleet? Undefined when it may; otherwise the answer, for the clicker alone
 * (every refusal is a recorded denial in the fleet's tenant).
 */
export async function fleetDeciderRefused(
  d: Deps,
  fleet: FleetRecord,
  ctx: RequestContext,
): Promise<ActionResult | undefined> {
  const refuse = (reason: DenialReason) => refusal(d, fleet, ctx, reason);
  if (isFleetRequester(fleet, ctx.actor)) {
    d.log.warn('fleet approval: the requester tried to decide their own request', {
      fleetId: fleet.id,
      user: ctx.actor.aadObjectId,
    });
    return refuse('ownRequest');
  }
  const pre = d.authorizer.precheck(ctx.actor);
  if (!pre.allowed) return refuse(pre.reason);
  const session = ctx.session;
  if (!session) throw signInRequired();
  if (!ownsSession(d.tokenOwner, session)) return refuse('tokenUserMismatch');
  const home = await d.authorizer.decide(ctx.actor, 'approver', session);
  if (home.allowed || (await mayInOneCustomer(d, fleet, ctx.actor, session, 'approver'))) return undefined;
  return refuse(home.reason === 'readOnly' ? 'readOnly' : 'notAllowed');
}

/** Whether that customer's own groups allow `need` (a technician: admin and approver) in one of the fleet's. */
export async function mayInOneCustomer(
  d: Deps,
  fleet: FleetRecord,
  actor: Actor,
  session: UserSession,
  need: Need,
): Promise<boolean> {
  const directory = d.customers ?? NO_CUSTOMERS;
  for (const m of fleet.members) {
    const c = customerByTenant(directory, m.customer.tenantId);
    if (c && (await d.authorizer.decideForCustomer(actor, need, session, c)).allowed) return true;
  }
  return false;
}

/** Draws the fleet's card as its records stand (core/fleet.ts fleetReply). */
export type DrawFleet = (fleet: FleetRecord) => Promise<FleetReply>;

/**
 * Why a Confirm (Approve) may not start the fleet, or undefined. The rule in force now decides: a request follows
 * the approval's rules while they are on; a fleet asked before approval became required becomes a request now
 * (fleetNowNeedsApproval), and the click starts nothing.
 */
export async function confirmRefused(
  d: Deps,
  fleet: FleetRecord,
  ctx: RequestContext,
  draw: DrawFleet,
): Promise<ActionResult | undefined> {
  const pre = d.authorizer.precheck(ctx.actor);
  if (!pre.allowed) return refusal(d, fleet, ctx, pre.reason);
  if (!ctx.session) return { reply: { type: 'error', error: signInRequired() }, audience: 'clicker' };
  if (!d.approval.required) return undefined;
  try {
    if (!fleet.approval) return await fleetNowNeedsApproval(d, fleet, { ...ctx, session: ctx.session }, draw);
    return await fleetDeciderRefused(d, fleet, ctx);
  } catch (e) {
    return { reply: errorReply(d, e, ctx), audience: 'clicker' };
  }
}

/**
 * A plain fleet confirmed after two-person approval became required: the click was on Disconnect, not on an
 * informed Approve, so it is nobody's approval. The fleet (and each child) becomes a request waiting for approval,
 * for as long as a new one would stand, shown so on every card and posted to the approvers; the click is recorded as
 * refused for that reason (as a single confirmation, operations.ts nowNeedsApproval). Only the requester, or somebody
 * who may act in one of its customers, turns it into a request. Undefined: it was no longer a plain pending fleet.
 */
async function fleetNowNeedsApproval(
  d: Deps,
  fleet: FleetRecord,
  ctx: RequestContext & { session: UserSession },
  draw: DrawFleet,
): Promise<ActionResult | undefined> {
  const requester = isFleetRequester(fleet, ctx.actor);
  if (!requester && !(await mayInOneCustomer(d, fleet, ctx.actor, ctx.session, 'admin')))
    return refusal(d, fleet, ctx, 'notAllowed');
  const now = d.clock.now();
  const approval: ApprovalFacts = requester ? waitingFor(ctx.actor) : { status: 'waiting' };
  const expiresAt = new Date(now.getTime() + d.approval.ttlMinutes * 60_000).toISOString();
  const patch = { updatedAt: now.toISOString(), approval, expiresAt };
  const at = { notExpiredAt: now.toISOString() };
  const moved = await d.fleets?.transitionFleet(fleet.id, ['pending'], 'pending', patch, at);
  if (!moved) {
    // Another click made it a request first: shown as it stands; anything else is the caller's to settle.
    const current = await d.fleets?.getFleet(fleet.id);
    return current?.state === 'pending' && current.approval
      ? { reply: await draw(current), audience: 'everyone' }
      : undefined;
  }
  for (const child of (await d.fleets?.fleetChildren(fleet.id)) ?? [])
    await d.store.transition(child.id, ['pending'], 'pending', patch);
  d.log.warn('fleet approval: a fleet asked before approval was required became a request', {
    fleetId: fleet.id,
    by: ctx.actor.aadObjectId,
  });
  await recordDenial(d, ctx, 'approvalRequired', fleet.kind, '', fleet.partnerQuery);
  const reply: FleetReply = { ...(await draw(moved)), approvalNowRequired: true };
  await updateOtherFleetCards(d, reply, fleet.id, ctx.conversation.id);
  await tellFleetApprovers(d, reply);
  return { reply, audience: 'everyone' };
}

/**
 * Withdraw (the requester: only the tenant's precheck, they may always take back their own request) or Reject
 * (anybody else: an approver): the decision to record, or the answer for the clicker alone.
 */
export async function declineDecision(
  d: Deps,
  fleet: FleetRecord,
  ctx: RequestContext,
): Promise<ActionResult | { status: 'withdrawn' | 'rejected' }> {
  if (isFleetRequester(fleet, ctx.actor)) {
    const pre = d.authorizer.precheck(ctx.actor);
    return pre.allowed ? { status: 'withdrawn' } : refusal(d, fleet, ctx, pre.reason);
  }
  try {
    return (await fleetDeciderRefused(d, fleet, ctx)) ?? { status: 'rejected' };
  } catch (e) {
    return { reply: errorReply(d, e, ctx), audience: 'clicker' };
  }
}

/** The bot posted a copy of this fleet's card in that conversation (the approvers' channel). */
export async function fleetHasCopyIn(d: Deps, fleetId: string, conversationId: string): Promise<boolean> {
  if (!d.cards) return false;
  try {
    return (await d.cards.cards.all(fleetId)).some((card) => sameConversation(card.conversationId, conversationId));
  } catch (e) {
    d.log.warn('could not read where the cards of a fleet are', { fleetId, error: describeError(e) });
    return false;
  }
}

/**
 * Posts a new fleet request to the tenant's approvers' channel (unless it was asked there) and keeps the copy with
 * the fleet's cards, so the decision and every row's outcome replace it too. Never throws.
 */
export async function tellFleetApprovers(d: Deps, reply: FleetReply): Promise<boolean> {
  const fleet = reply.fleet;
  if (!fleet.approval || fleet.state !== 'pending' || !d.cards) return false;
  try {
    const channel = await d.approval.channels.approvalChannel(fleet.tenantId);
    if (!channel) {
      d.log.info("fleet approval: no approvers' channel is set (approvals here)", { fleetId: fleet.id });
      return false;
    }
    if (sameConversation(channel.address.conversationId, fleet.conversationId)) return false;
    const card = await d.cards.publisher.post(channel.address, reply, {
      locale: channel.locale,
      timeZone: channel.timeZone,
    });
    await d.cards.cards.saveCopy(fleet.id, card);
    d.log.info("fleet approval: the request was posted to the approvers' channel", { fleetId: fleet.id });
    return true;
  } catch (e) {
    d.log.warn("fleet approval: could not post the request to the approvers' channel", {
      fleetId: fleet.id,
      error: describeError(e),
    });
    return false;
  }
}

/** Replaces the fleet's other cards (the clicked one is the host's to replace) with `reply`. Never throws. */
export async function updateOtherFleetCards(d: Deps, reply: Reply, fleetId: string, clicked: string): Promise<void> {
  if (!d.cards) return;
  let others: CardRef[];
  try {
    others = (await d.cards.cards.all(fleetId)).filter((c) => !sameConversation(c.conversationId, clicked));
  } catch (e) {
    d.log.warn('could not read where the cards of a fleet are', { fleetId, error: describeError(e) });
    return;
  }
  for (const card of others) {
    try {
      await d.cards.publisher.update(card, reply);
    } catch (e) {
      d.log.warn('could not update a card of the fleet', { fleetId, error: describeError(e) });
    }
  }
}
