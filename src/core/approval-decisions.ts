/**
 * Two-person approval (APPROVAL_REQUIRED): the rules of a request's life that are not a plain confirmation's.
 *
 * - The requester can never approve their own request, whatever a click carries: the server compares the clicker
 *   with the record's requester (AAD object ids), not the button they were shown. Such a try is a recorded denial.
 * - Whoever approves or rejects must be an approver (an admin, or a listed approver: Authorizer need 'approver'),
 *   and to approve, their Intune role must allow the change (the approver's own token makes the one Graph call);
 *   the bot refuses beforehand only with INTUNE_CHECK_MODE=enforce and positive evidence (intune-permissions.ts).
 * - The requester may withdraw; anybody else who declines rejects (and must be an approver).
 * - A decision is one conditional transition of a `pending` record not yet expired, so an expired, rejected or
 *   withdrawn request can no longer be approved, on any instance.
 * - The request is posted to the tenant's approvers' channel too (`approvals here`); a decision replaces every
 *   copy of the card, not only the one clicked.
 */
import { authorize, recordDenial } from './access';
import type { CardRef } from './card-ref';
import { sameConversation } from './click-scope';
import type { RequestContext, ServiceOptions } from './context';
import { describeError } from './errors';
import { kindSpec } from './kinds';
import type { ActionRecord, Actor, ApprovalFacts, Partner } from './model';
import type { OperationPatch } from './ports';
import type { ActionResult, ApprovalViewer, Reply } from './replies';

type Deps = ServiceOptions;

const norm = (s: string | undefined) => (s ?? '').trim().toLowerCase();

export function isRequester(op: ActionRecord, actor: Actor): boolean {
  return norm(op.requester.id) !== '' && norm(op.requester.id) === norm(actor.aadObjectId);
}

/** The approval facts of a new request by `actor`. */
export function waitingFor(actor: Actor): ApprovalFacts {
  return { status: 'waiting', ...(actor.channelUserId ? { requesterChannelId: actor.channelUserId } : {}) };
}

/** The patch that records a decision on a request (who decided is the patch's executor). */
export function decided(
  op: ActionRecord,
  status: Exclude<ApprovalFacts['status'], 'waiting'>,
  at: string,
): Pick<OperationPatch, 'approval'> {
  return { approval: { ...(op.approval ?? { status }), status, decidedAt: at } };
}

/**
 * May this click approve the request? Undefined when it may (then the approver's Graph call follows); otherwise
 * the answer to the click, for the clicker alone.
 */
export async function approvalRefused(
  d: Deps,
  op: ActionRecord,
  ctx: RequestContext,
): Promise<ActionResult | undefined> {
  const refused = await deciderRefused(d, op, ctx);
  if (refused) return refused;
  // The approver's own Intune role must allow the change: their token makes the call. Refused here only in enforce
  // mode; in advise mode Graph decides (its refusal is explained as the missing Intune permission).
  const missing = ctx.session ? await d.intune.missing(ctx.session, kindSpec(op.kind).intunePermission) : undefined;
  if (missing)
    d.log.info("approval: Intune says the approver's role does not allow the change", {
      operationId: op.id,
      user: ctx.actor.aadObjectId,
      enforced: missing.enforced,
    });
  if (missing?.enforced) {
    return {
      reply: { type: 'changeNotPermitted', kind: op.kind, partnerQuery: op.partnerName || op.partnerId, missing },
      audience: 'clicker',
    };
  }
  return undefined;
}

/** Somebody other than the requester who approves or rejects: never the requester, always an approver. */
export async function deciderRefused(
  d: Deps,
  op: ActionRecord,
  ctx: RequestContext,
): Promise<ActionResult | undefined> {
  if (isRequester(op, ctx.actor)) {
    d.log.warn('approval: the requester tried to decide their own request', {
      operationId: op.id,
      user: ctx.actor.aadObjectId,
    });
    return {
      reply: await recordDenial(d, ctx, 'ownRequest', op.kind, op.partnerId, op.partnerName),
      audience: 'clicker',
    };
  }
  const denied = await authorize(d, ctx, 'approver', op.kind, op.partnerId, op.partnerName);
  return denied && { reply: denied, audience: 'clicker' };
}

/**
 * Whose view of a waiting request this viewer gets (a card's refresh): decided without Graph (the click decides
 * again with it). Somebody a group may make an approver is shown the approver's buttons.
 */
export function viewerOf(d: Pick<Deps, 'authorizer'>, op: ActionRecord, actor: Actor): ApprovalViewer {
  if (isRequester(op, actor)) return 'requester';
  const pre = d.authorizer.precheck(actor);
  if (!pre.allowed) return 'onlooker';
  if (pre.role === 'admin' || pre.role === undefined || d.authorizer.isListedApprover(actor)) return 'approver';
  return 'onlooker';
}

/**
 * Posts a new request to the tenant's approvers' channel (unless it was asked there) and keeps where the copy is,
 * so that the decision replaces it too. Never throws: the request stands where it was asked whatever happens here.
 */
export async function tellApprovers(d: Deps, op: ActionRecord, partner?: Partner): Promise<boolean> {
  if (!op.approval || !d.cards) return false;
  try {
    const channel = await d.approval.channels.approvalChannel(op.tenantId);
    if (!channel) {
      d.log.info("approval: no approvers' channel is set (approvals here); the request is only where it was asked", {
        operationId: op.id,
      });
      return false;
    }
    if (sameConversation(channel.address.conversationId, op.conversationId)) return false;
    const reply: Reply = partner
      ? { type: 'confirm', operation: op, partner }
      : { type: 'operation', operation: op, alreadyDecided: false };
    const card = await d.cards.publisher.post(channel.address, reply, {
      locale: channel.locale,
      timeZone: channel.timeZone,
    });
    await d.cards.cards.saveCopy(op.id, card);
    d.log.info("approval: the request was posted to the approvers' channel", { operationId: op.id });
    return true;
  } catch (e) {
    d.log.warn("approval: could not post the request to the approvers' channel", {
      operationId: op.id,
      error: describeError(e),
    });
    return false;
  }
}

/**
 * Replaces the other cards of a request (the copy in the approvers' channel, a copy shown again where somebody asked
 * for the same change, or the card where it was asked) after a decision or its outcome, also of a plain
 * confirmation (open-request-here.ts); the clicked card is the host's to replace. Never throws.
 */
export async function updateOtherCards(d: Deps, op: ActionRecord, clickedConversationId: string): Promise<void> {
  if (!d.cards) return;
  let cards: CardRef[];
  try {
    cards = await d.cards.cards.all(op.id);
  } catch (e) {
    d.log.warn("could not read where the request's cards are", { operationId: op.id, error: describeError(e) });
    return;
  }
  for (const card of cards.filter((c) => !sameConversation(c.conversationId, clickedConversationId))) {
    try {
      await d.cards.publisher.update(card, { type: 'operation', operation: op, alreadyDecided: false });
    } catch (e) {
      d.log.warn('could not update a card of the request', { operationId: op.id, error: describeError(e) });
    }
  }
}
