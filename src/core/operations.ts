/**
 * The life of an operation: pending (a confirmation card) -> running (one click won) -> succeeded / failed,
 * or cancelled / expired. Only the click calls Graph, once, guarded by the store's atomic transition; the
 * clicker may not be the requester, so the click is authorized again, and must come from the card's own
 * tenant and conversation (click-scope.ts). A partner has at most one open operation (open-operations.ts).
 * What each kind does in Graph comes from its row (kinds/, OPERATION_KINDS); what is recorded once Graph
 * answered, or its answer was lost, is in outcomes.ts. Under two-person approval (APPROVAL_REQUIRED) the pending
 * operation is a request for another approver: the confirm click is Approve, Cancel is Withdraw (or Reject, by
 * anybody but the requester), with the rules in approval-decisions.ts.
 */
import { authorize, denial, recordDenial } from './access';
import {
  approvalRefused,
  decided,
  deciderRefused,
  isRequester,
  tellApprovers,
  updateOtherCards,
  viewerOf,
  waitingFor,
} from './approval-decisions';
import { commandFor, type CommandName } from './catalogue';
import { operationForClick } from './click-scope';
import type { RequestContext, ServiceOptions } from './context';
import { errorReply, RETRYABLE } from './error-replies';
import { AppError, describeError, isAppError } from './errors';
import { kindSpec } from './kinds';
import {
  isActionRecord,
  partnerBefore,
  type ActionRecord,
  type MutatingKind,
  type OperationRecord,
  type Partner,
  type PartnerBefore,
  type UserSession,
} from './model';
import { openOperationOf } from './open-operations';
import { openRequestReply } from './open-request-here';
import { recordFailure, recordSuccess, sameKind, settleUnknownOutcome } from './outcomes';
import { resolvePartner } from './partner-resolver';
import type { ActionResult, CommandRef, Reply } from './replies';
import { ownsSession } from './session-owner';

export class Operations {
  constructor(private readonly o: ServiceOptions) {}

  /** `disconnect X` / `reconnect X` (already authorized): a pending operation and its confirmation card. */
  async request(
    kind: MutatingKind,
    command: CommandName,
    query: string | undefined,
    session: UserSession,
    ctx: RequestContext,
  ): Promise<Reply> {
    const partners = await this.o.gateway.list(session);
    if (!query) return { type: 'choosePartner', command, query: '', candidates: partners, noMatch: false };
    const found = resolvePartner(partners, query);
    if (found.kind !== 'one') {
      return { type: 'choosePartner', command, query, candidates: found.candidates, noMatch: found.kind === 'none' };
    }
    // One open operation per partner: its state instead of a second card (whatever kind it is).
    const open = await openOperationOf(this.o, ctx.actor.tenantId, found.partner, session.target?.tenantId);
    if (open) return this.openReply(open, ctx, found.partner);
    // Nothing to confirm when the partner is already where the command would take it.
    if (kindSpec(kind).alreadyThere(found.partner.onboardingStatus)) {
      return { type: 'partnerStatus', partner: found.partner, nothingToDo: kind };
    }
    const now = this.o.clock.now();
    const approval = this.o.approval.required;
    const ttlMinutes = approval ? this.o.approval.ttlMinutes : this.o.operationTtlMinutes;
    const operation: ActionRecord = {
      id: this.o.newId(),
      kind,
      partnerId: found.partner.id,
      partnerName: found.partner.displayName,
      tenantId: ctx.actor.tenantId,
      conversationId: ctx.conversation.id,
      requester: { id: ctx.actor.aadObjectId, name: ctx.actor.name },
      state: 'pending',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlMinutes * 60_000).toISOString(),
      ...(approval ? { approval: waitingFor(ctx.actor) } : {}),
      // In a customer (issue 19): the record acts there, and a click on its card acts there too.
      ...(session.target ? { customer: session.target } : {}),
    };
    // Atomic across instances: of two requests at the same moment, one card; the other sees it.
    const saved = await this.o.store.insertOpen(operation);
    // An open record is always an action's (a denial is never open).
    if (saved.id !== operation.id)
      return this.openReply(isActionRecord(saved) ? saved : sameKind(saved, operation), ctx, found.partner);
    this.o.log.info(approval ? 'approval requested' : 'operation requested', {
      operationId: operation.id,
      kind,
      partnerId: operation.partnerId,
      by: ctx.actor.aadObjectId,
    });
    return { type: 'confirm', operation, partner: found.partner };
  }

  /** The partner's open operation instead of a second one: reachable from here (open-request-here.ts). */
  private openReply(open: ActionRecord, ctx: RequestContext, partner: Partner): Promise<Reply> {
    return openRequestReply(this.o, open, ctx, partner);
  }

  /** A click on the confirm button. */
  async confirm(operationId: string, ctx: RequestContext, read?: OperationRecord): Promise<ActionResult> {
    const op = await this.find(operationId, ctx, read);
    if (!isRecord(op)) return op;
    const retry: CommandRef = { command: commandFor(op.kind), partner: op.partnerId };
    try {
      // The rule in force now decides, not the one of the request (a restart or another instance may differ).
      const underApproval = this.o.approval.required;
      if (underApproval && !op.approval) return await this.nowNeedsApproval(op, ctx);
      // Approve (under two-person approval): never the requester, an approver whose Intune role allows it.
      const refused = underApproval ? await approvalRefused(this.o, op, ctx) : await this.adminRefused(op, ctx);
      if (refused) return refused;
      return await this.claimAndRun(op, ctx);
    } catch (e) {
      return { reply: errorReply(this.o, e, ctx, retry), audience: 'clicker' };
    }
  }

  /**
   * The per-operation path of a confirmation whose clicker was already authorized: claim the pending record with
   * the partner read before (pending -> running, once), act in Graph, record the outcome (with evidence when the
   * answer was lost). `ctx.session` acts where the record does (a fleet's child: the click's session in its
   * customer). Throws what the read before throws (nothing was claimed then).
   */
  async claimAndRun(op: ActionRecord, ctx: RequestContext): Promise<ActionResult> {
    const stale = await this.settleIfNotPending(op, ctx);
    if (stale) return stale;
    const before = await this.readBefore(op, ctx);
    if ('reply' in before) return before;
    const now = this.now();
    const executor = { id: ctx.actor.aadObjectId, name: ctx.actor.name };
    const patch = { executor, updatedAt: now, before, ...(op.approval ? decided(op, 'approved', now) : {}) };
    const running = await this.o.store.transition(op.id, ['pending'], 'running', patch, { notExpiredAt: now });
    if (!running) {
      // Another click (here or on another instance) got there first, or the card just expired.
      const current = await this.reread(op);
      return (
        (await this.settleIfNotPending(current, ctx)) ?? { reply: operationReply(current, true), audience: 'everyone' }
      );
    }
    if (op.approval)
      this.o.log.info('approval: approved', {
        operationId: op.id,
        by: ctx.actor.aadObjectId,
        requester: op.requester.id,
      });
    const result = await this.execute(sameKind(running, op), ctx.session as UserSession);
    if (result.audience === 'everyone' && result.reply.type === 'operation')
      await updateOtherCards(this.o, result.reply.operation, ctx.conversation.id);
    return result;
  }

  /**
   * A plain confirmation clicked after two-person approval became required: nothing reaches Graph. The click was
   * on Disconnect, not on an informed Approve, so it is nobody's approval: the confirmation becomes a request
   * waiting for approval (for as long as a new request would), shown so to everyone, and the click is recorded as
   * refused for that reason. The requester's own view (refresh) is known only when the requester clicked.
   */
  private async nowNeedsApproval(op: ActionRecord, ctx: RequestContext): Promise<ActionResult> {
    const refused = await this.adminRefused(op, ctx);
    if (refused) return refused;
    const stale = await this.settleIfNotPending(op, ctx);
    if (stale) return stale;
    const now = this.o.clock.now();
    const approval = isRequester(op, ctx.actor) ? waitingFor(ctx.actor) : { status: 'waiting' as const };
    const expiresAt = new Date(now.getTime() + this.o.approval.ttlMinutes * 60_000).toISOString();
    const patch = { updatedAt: now.toISOString(), approval, expiresAt };
    const moved = await this.o.store.transition(op.id, ['pending'], 'pending', patch, {
      notExpiredAt: now.toISOString(),
    });
    if (!moved) {
      const current = await this.reread(op);
      return (
        (await this.settleIfNotPending(current, ctx)) ?? { reply: operationReply(current, true), audience: 'everyone' }
      );
    }
    this.o.log.warn('approval: a confirmation asked before approval was required became a request', {
      operationId: op.id,
      by: ctx.actor.aadObjectId,
    });
    await recordDenial(this.o, ctx, 'approvalRequired', op.kind, op.partnerId, op.partnerName);
    const request = sameKind(moved, op);
    await updateOtherCards(this.o, request, ctx.conversation.id);
    // The approvers hear of it as of any new request (drawn from the record: no Graph call for a card).
    await tellApprovers(this.o, request);
    return {
      reply: { type: 'operation', operation: request, alreadyDecided: false, approvalNowRequired: true },
      audience: 'everyone',
    };
  }

  private async adminRefused(op: ActionRecord, ctx: RequestContext): Promise<ActionResult | undefined> {
    const denied = await authorize(this.o, ctx, 'admin', op.kind, op.partnerId, op.partnerName);
    return denied && { reply: denied, audience: 'clicker' };
  }

  /** A click on Reject: on a request for approval, an approver's no; on a plain confirmation, the same as Cancel. */
  async reject(operationId: string, ctx: RequestContext, read?: OperationRecord): Promise<ActionResult> {
    const op = await this.find(operationId, ctx, read);
    if (!isRecord(op)) return op;
    return op.approval ? this.decline(op, ctx) : this.cancelRecord(op, ctx);
  }

  /**
   * A card's refresh (user-specific views): the operation's card as the record stands, for this viewer. A request
   * past its time is settled as expired first (and shown so to everyone). Changes nothing else.
   */
  async view(operationId: string, ctx: RequestContext, read?: OperationRecord): Promise<ActionResult> {
    const op = await this.find(operationId, ctx, read);
    if (!isRecord(op)) return op;
    const stale = op.state === 'pending' ? await this.settleIfNotPending(op, ctx) : undefined;
    if (stale) return stale;
    const viewer = op.approval && op.state === 'pending' ? viewerOf(this.o, op, ctx.actor) : undefined;
    // An approver whose Intune role cannot make the change is not offered Approve (when the host could tell
    // who they are in Graph: a refresh never starts a sign-in). The click checks again in any case.
    // Only the viewer's own token is asked (session-owner.ts); somebody else's is ignored. In advise mode (not
    // enforced) Approve stays, with the note.
    const own = ctx.session && ownsSession(this.o.tokenOwner, ctx.session) ? ctx.session : undefined;
    const cannotApprove =
      viewer === 'approver' && own ? await this.o.intune.missing(own, kindSpec(op.kind).intunePermission) : undefined;
    if (cannotApprove)
      return {
        reply: {
          type: 'operation',
          operation: op,
          alreadyDecided: false,
          viewer: cannotApprove.enforced ? 'onlooker' : 'approver',
          cannotApprove,
        },
        audience: 'clicker',
      };
    return {
      reply: { type: 'operation', operation: op, alreadyDecided: false, ...(viewer ? { viewer } : {}) },
      audience: 'clicker',
    };
  }

  /** A click on Cancel. The requester may always withdraw their own request; anybody else must be allowed to act. */
  async cancel(operationId: string, ctx: RequestContext, read?: OperationRecord): Promise<ActionResult> {
    const op = await this.find(operationId, ctx, read);
    if (!isRecord(op)) return op;
    // Under approval, Cancel is the requester's Withdraw; from anybody else it can only be a Reject.
    return op.approval ? this.decline(op, ctx) : this.cancelRecord(op, ctx);
  }

  /** Withdraw (the requester) or Reject (an approver) of a request for approval: cancelled, with the decision. */
  private async decline(op: ActionRecord, ctx: RequestContext): Promise<ActionResult> {
    const withdraw = isRequester(op, ctx.actor);
    try {
      if (withdraw) {
        const pre = this.o.authorizer.precheck(ctx.actor);
        if (!pre.allowed) return { reply: denial(this.o, ctx.actor, pre.reason), audience: 'clicker' };
      } else {
        const refused = await deciderRefused(this.o, op, ctx);
        if (refused) return refused;
      }
    } catch (e) {
      return {
        reply: errorReply(this.o, e, ctx, { command: commandFor(op.kind), partner: op.partnerId }),
        audience: 'clicker',
      };
    }
    const stale = await this.settleIfNotPending(op, ctx);
    if (stale) return stale;
    const now = this.now();
    const status = withdraw ? 'withdrawn' : 'rejected';
    const executor = { id: ctx.actor.aadObjectId, name: ctx.actor.name };
    const done = await this.o.store.transition(op.id, ['pending'], 'cancelled', {
      executor,
      updatedAt: now,
      completedAt: now,
      ...decided(op, status, now),
    });
    const current = done ? sameKind(done, op) : await this.reread(op);
    this.o.log.info(`approval: ${done ? status : 'already decided'}`, {
      operationId: op.id,
      by: ctx.actor.aadObjectId,
      state: current.state,
    });
    if (done) await updateOtherCards(this.o, current, ctx.conversation.id);
    return { reply: operationReply(current, !done), audience: 'everyone' };
  }

  private async cancelRecord(op: ActionRecord, ctx: RequestContext): Promise<ActionResult> {
    const pre = this.o.authorizer.precheck(ctx.actor);
    if (op.requester.id !== ctx.actor.aadObjectId) {
      const denied = await authorize(this.o, ctx, 'admin', op.kind, op.partnerId, op.partnerName);
      if (denied) return { reply: denied, audience: 'clicker' };
    } else if (!pre.allowed) {
      return { reply: denial(this.o, ctx.actor, pre.reason), audience: 'clicker' };
    }
    const stale = await this.settleIfNotPending(op, ctx);
    if (stale) return stale;
    const now = this.now();
    const cancelled = await this.o.store.transition(op.id, ['pending'], 'cancelled', {
      executor: { id: ctx.actor.aadObjectId, name: ctx.actor.name },
      updatedAt: now,
      completedAt: now,
    });
    const current = cancelled ? sameKind(cancelled, op) : await this.reread(op);
    this.o.log.info('operation cancelled', { operationId: op.id, by: ctx.actor.aadObjectId, state: current.state });
    if (cancelled) await updateOtherCards(this.o, current, ctx.conversation.id);
    return { reply: operationReply(current, !cancelled), audience: 'everyone' };
  }

  /**
   * The partner right before the Graph call, kept with the claim: what a read after a lost answer or a crash is
   * compared with (catalogue.ts `evidence`). One GET per click; if it fails, nothing was claimed or sent and the
   * clicker is told why (the card keeps its buttons), unless the partner is gone (then the request fails for all).
   */
  private async readBefore(op: ActionRecord, ctx: RequestContext): Promise<PartnerBefore | ActionResult> {
    try {
      return partnerBefore(await this.o.gateway.get(ctx.session as UserSession, op.partnerId));
    } catch (e) {
      // The partner is gone (Graph's 404): nothing is sent, and the request fails for everyone, as the action's own
      // 404 would have failed it, instead of staying open with buttons that can only get the same answer.
      if (!isAppError(e) || e.kind !== 'graph.notFound') throw e;
      const now = this.now();
      const executor = { id: ctx.actor.aadObjectId, name: ctx.actor.name };
      const patch = {
        executor,
        updatedAt: now,
        completedAt: now,
        errorKind: e.kind,
        graphRequestId: e.requestId,
        settledBy: 'graph' as const,
      };
      const failed = await this.o.store.transition(op.id, ['pending'], 'failed', patch);
      const current = failed ? sameKind(failed, op) : await this.reread(op);
      if (failed) await updateOtherCards(this.o, current, ctx.conversation.id);
      this.o.log.info('operation failed: the partner is gone', { operationId: op.id, requestId: e.requestId });
      return {
        reply: { type: 'operation', operation: current, alreadyDecided: !failed, error: e },
        audience: 'everyone',
      };
    }
  }

  /** The one Graph call of an operation this click holds (`running`), and what is recorded of it (outcomes.ts). */
  private async execute(op: ActionRecord, session: UserSession): Promise<ActionResult> {
    let info;
    try {
      info = await this.o.gateway.act(session, op.partnerId, kindSpec(op.kind).graphAction);
    } catch (e) {
      const error = isAppError(e) ? e : new AppError('graph.unexpected', 'unexpected failure', { cause: e });
      this.o.log.warn('operation failed', { operationId: op.id, error: describeError(error) });
      // The answer was lost: Graph may have acted. Never sent again: the partner's state settles it.
      if (error.kind === 'graph.outcomeUnknown') return settleUnknownOutcome(this.o, op, session, error);
      // Intune refused THIS approver (their role), not the request: it waits again for another approver, and the
      // approver is shown why, without the Approve Intune just refused.
      if (op.approval && error.kind === 'graph.forbidden') {
        const back = await recordFailure(this.o, op, error, { retryable: true, settledBy: 'graph' });
        const cannotApprove = {
          action: kindSpec(op.kind).intunePermission,
          contact: this.o.authorizer.policy.adminContact,
          enforced: true,
        };
        return back.reply.type === 'operation'
          ? { ...back, reply: { ...back.reply, viewer: 'onlooker', cannotApprove } }
          : back;
      }
      return recordFailure(this.o, op, error, { retryable: RETRYABLE.has(error.kind), settledBy: 'graph' });
    }
    return recordSuccess(this.o, op, info, 'graph');
  }

  /** The clicked operation, if this click may touch it (click-scope.ts); otherwise the answer to the click. */
  private find(id: string, ctx: RequestContext, read?: OperationRecord): Promise<ActionRecord | ActionResult> {
    return operationForClick(this.o, id, ctx, read);
  }

  /** The record as the store has it now (kind never changes). */
  private async reread(op: ActionRecord): Promise<ActionRecord> {
    const current = await this.o.store.get(op.id);
    return current ? sameKind(current, op) : op;
  }

  /** For a card whose operation is no longer waiting: the card that tells the truth. Undefined while pending. */
  private async settleIfNotPending(op: ActionRecord, ctx: RequestContext): Promise<ActionResult | undefined> {
    if (op.state === 'pending') {
      if (Date.parse(op.expiresAt) > this.o.clock.now().getTime()) return undefined;
      const now = this.now();
      const moved = await this.o.store.transition(op.id, ['pending'], 'expired', { updatedAt: now, completedAt: now });
      const expired = moved ? sameKind(moved, op) : await this.reread(op);
      if (expired.state === 'pending') return undefined;
      if (moved) await updateOtherCards(this.o, expired, ctx.conversation.id);
      return { reply: operationReply(expired, false), audience: 'everyone' };
    }
    return { reply: operationReply(op, true), audience: 'everyone' };
  }

  private now(): string {
    return this.o.clock.now().toISOString();
  }
}

function isRecord(found: ActionRecord | ActionResult): found is ActionRecord {
  return 'id' in found;
}

function operationReply(operation: ActionRecord, alreadyDecided: boolean): Reply {
  return { type: 'operation', operation, alreadyDecided };
}
