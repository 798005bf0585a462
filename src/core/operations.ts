/**
 * The life of an operation: pending (a confirmation card) -> running (one click won) -> succeeded / failed,
 * or cancelled / expired. Only the click calls Graph, once, guarded by the store's atomic transition; the
 * clicker may not be the requester, so the click is authorized again. What each kind does in Graph comes
 * from the catalogue (OPERATION_KINDS).
 */
import { authorize, denial } from './access';
import { commandFor, OPERATION_KINDS, type CommandName } from './catalogue';
import type { RequestContext, ServiceOptions } from './context';
import { errorReply, RETRYABLE } from './error-replies';
import { AppError, describeError, isAppError } from './errors';
import { isActionRecord, type ActionRecord, type MutatingKind, type OperationRecord, type UserSession } from './model';
import { resolvePartner } from './partner-resolver';
import type { ActionResult, CommandRef, Reply } from './replies';

export class Operations {
  constructor(private readonly o: ServiceOptions) {}

  /** `disconnect X` / `reconnect X` (already authorized): a pending operation and its confirmation card. */
  async request(kind: MutatingKind, command: CommandName, query: string | undefined, session: UserSession, ctx: RequestContext): Promise<Reply> {
    const partners = await this.o.gateway.list(session);
    if (!query) return { type: 'choosePartner', command, query: '', candidates: partners, noMatch: false };
    const found = resolvePartner(partners, query);
    if (found.kind !== 'one') {
      return { type: 'choosePartner', command, query, candidates: found.candidates, noMatch: found.kind === 'none' };
    }
    // Nothing to confirm when the partner is already where the command would take it.
    if (OPERATION_KINDS[kind].alreadyThere(found.partner.onboardingStatus)) {
      return { type: 'partnerStatus', partner: found.partner, nothingToDo: kind };
    }
    const now = this.o.clock.now();
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
      expiresAt: new Date(now.getTime() + this.o.operationTtlMinutes * 60_000).toISOString(),
    };
    await this.o.store.insert(operation);
    this.o.log.info('operation requested', { operationId: operation.id, kind, partnerId: operation.partnerId, by: ctx.actor.aadObjectId });
    return { type: 'confirm', operation, partner: found.partner };
  }

  /** A click on the confirm button. */
  async confirm(operationId: string, ctx: RequestContext): Promise<ActionResult> {
    const op = await this.find(operationId, ctx);
    if (!op) return { reply: { type: 'operationUnknown' }, audience: 'clicker' };
    const retry: CommandRef = { command: commandFor(op.kind), partner: op.partnerId };
    try {
      const denied = await authorize(this.o, ctx, 'admin', op.kind, op.partnerId, op.partnerName);
      if (denied) return { reply: denied, audience: 'clicker' };
      const stale = await this.settleIfNotPending(op);
      if (stale) return stale;
      const now = this.now();
      const executor = { id: ctx.actor.aadObjectId, name: ctx.actor.name };
      const running = await this.o.store.transition(op.id, ['pending'], 'running', { executor, updatedAt: now }, { notExpiredAt: now });
      if (!running) {
        // Another click (here or on another instance) got there first, or the card just expired.
        const current = await this.reread(op);
        return (await this.settleIfNotPending(current)) ?? { reply: operationReply(current, true), audience: 'everyone' };
      }
      return await this.execute(sameKind(running, op), ctx.session as UserSession);
    } catch (e) {
      return { reply: errorReply(this.o, e, ctx, retry), audience: 'clicker' };
    }
  }

  /** A click on Cancel. The requester may always withdraw their own request; anybody else must be allowed to act. */
  async cancel(operationId: string, ctx: RequestContext): Promise<ActionResult> {
    const op = await this.find(operationId, ctx);
    if (!op) return { reply: { type: 'operationUnknown' }, audience: 'clicker' };
    const pre = this.o.authorizer.precheck(ctx.actor);
    if (op.requester.id !== ctx.actor.aadObjectId) {
      const denied = await authorize(this.o, ctx, 'admin', op.kind, op.partnerId, op.partnerName);
      if (denied) return { reply: denied, audience: 'clicker' };
    } else if (!pre.allowed) {
      return { reply: denial(this.o, ctx.actor, pre.reason), audience: 'clicker' };
    }
    const stale = await this.settleIfNotPending(op);
    if (stale) return stale;
    const now = this.now();
    const cancelled = await this.o.store.transition(op.id, ['pending'], 'cancelled', {
      executor: { id: ctx.actor.aadObjectId, name: ctx.actor.name },
      updatedAt: now,
      completedAt: now,
    });
    const current = cancelled ? sameKind(cancelled, op) : await this.reread(op);
    this.o.log.info('operation cancelled', { operationId: op.id, by: ctx.actor.aadObjectId, state: current.state });
    return { reply: operationReply(current, !cancelled), audience: 'everyone' };
  }

  private async execute(op: ActionRecord, session: UserSession): Promise<ActionResult> {
    const kind = op.kind;
    try {
      const info = await this.o.gateway[OPERATION_KINDS[kind].graphAction](session, op.partnerId);
      const now = this.now();
      // From 'failed' too: while Graph was slow, a status check (here or on another instance) may have taken
      // the call for lost and settled it as not applied. Only reconcile can change a record this call holds,
      // and Graph's 204 is the truth: without this the audit would say "failed" under a "Disconnected" card.
      const done = await this.o.store.transition(op.id, ['running', 'failed'], 'succeeded', {
        graphRequestId: info.requestId,
        errorKind: null, // an earlier throttle, or the reconcile's verdict, no longer applies
        updatedAt: now,
        completedAt: now,
      });
      this.o.log.info('operation succeeded', { operationId: op.id, kind, partnerId: op.partnerId, requestId: info.requestId });
      return { reply: operationReply(done ? sameKind(done, op) : { ...op, state: 'succeeded', completedAt: now }, false), audience: 'everyone' };
    } catch (e) {
      const error = isAppError(e) ? e : new AppError('graph.unexpected', 'unexpected failure', { cause: e });
      const now = this.now();
      this.o.log.warn('operation failed', { operationId: op.id, error: describeError(error) });
      if (RETRYABLE.has(error.kind)) {
        // Graph did not act: the card stays usable, so the click can be repeated once the cause is gone.
        const back = await this.o.store.transition(op.id, ['running'], 'pending', { updatedAt: now, graphRequestId: error.requestId, errorKind: error.kind });
        return { reply: { type: 'operation', operation: back ? sameKind(back, op) : op, alreadyDecided: false, error }, audience: 'clicker' };
      }
      const failed = await this.o.store.transition(op.id, ['running'], 'failed', {
        graphRequestId: error.requestId,
        errorKind: error.kind,
        updatedAt: now,
        completedAt: now,
      });
      return { reply: { type: 'operation', operation: failed ? sameKind(failed, op) : op, alreadyDecided: false, error }, audience: 'everyone' };
    }
  }

  /** An operation is only visible from its own tenant; a recorded denial of a read never had a card. */
  private async find(id: string, ctx: RequestContext): Promise<ActionRecord | undefined> {
    if (typeof id !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(id)) return undefined;
    const op = await this.o.store.get(id);
    if (!op || !isActionRecord(op) || op.tenantId.toLowerCase() !== (ctx.actor.tenantId || '').toLowerCase()) return undefined;
    return op;
  }

  /** The record as the store has it now (kind never changes). */
  private async reread(op: ActionRecord): Promise<ActionRecord> {
    const current = await this.o.store.get(op.id);
    return current ? sameKind(current, op) : op;
  }

  /** For a card whose operation is no longer waiting: the card that tells the truth. Undefined while pending. */
  private async settleIfNotPending(op: ActionRecord): Promise<ActionResult | undefined> {
    if (op.state === 'pending') {
      if (Date.parse(op.expiresAt) > this.o.clock.now().getTime()) return undefined;
      const now = this.now();
      const moved = await this.o.store.transition(op.id, ['pending'], 'expired', { updatedAt: now, completedAt: now });
      const expired = moved ? sameKind(moved, op) : await this.reread(op);
      if (expired.state === 'pending') return undefined;
      return { reply: operationReply(expired, false), audience: 'everyone' };
    }
    return { reply: operationReply(op, true), audience: 'everyone' };
  }

  private now(): string {
    return this.o.clock.now().toISOString();
  }
}

/** A record the store gave back for an action's id: the same action (the store never changes a kind). */
function sameKind(record: OperationRecord, action: ActionRecord): ActionRecord {
  return { ...record, kind: action.kind };
}

function operationReply(operation: ActionRecord, alreadyDecided: boolean): Reply {
  return { type: 'operation', operation, alreadyDecided };
}
