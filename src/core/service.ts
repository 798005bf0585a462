/**
 * The use cases: what happens when somebody types a command or clicks a card button. Host-agnostic: the
 * bot hands in plain facts (actor, conversation, the user's session when signed in) and gets a Reply back.
 *
 * A destructive action is never one message away from happening: `disconnect` and `reconnect` create a
 * pending operation and answer with a confirmation card; only the click (`confirm`) calls Graph, once,
 * guarded by the store's atomic pending -> running transition.
 */
import type { Authorizer, Need } from './authorization';
import type { CommandName, ParsedCommand } from './commands';
import { AppError, describeError, isAppError, type ErrorKind } from './errors';
import type { Logger } from './logger';
import type { Actor, ConversationFacts, OperationKind, OperationRecord, UserSession } from './model';
import { historyReply, reconcileRunning } from './audit';
import { resolvePartner } from './partner-resolver';
import type { Clock, OperationStore, RemoteAssistanceGateway } from './ports';
import type { ActionResult, CommandRef, DenialReason, Reply } from './replies';

export interface RequestContext {
  actor: Actor;
  conversation: ConversationFacts;
  /** Present once the user is signed in; needed for anything that reaches Graph. */
  session?: UserSession;
}

export interface ServiceOptions {
  gateway: RemoteAssistanceGateway;
  authorizer: Authorizer;
  store: OperationStore;
  clock: Clock;
  newId: () => string;
  log: Logger;
  /** How long a confirmation card stays valid. */
  operationTtlMinutes: number;
  /** A `running` record older than this is settled by the next status check (after a crash). */
  reconcileAfterSeconds: number;
  historyLimit: number;
  /** The admin-consent URL for the user's tenant, shown when consent is missing. */
  consentUrl?: (tenantId: string) => string;
}

/** Errors after which the action did not happen and may be tried again from the same card. */
const RETRYABLE: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'graph.throttled',
  'graph.unavailable',
  'graph.network',
  'auth.signInRequired',
  'auth.consentRequired',
  'auth.interactionRequired',
  'auth.tokenEndpointUnreachable',
]);

const MUTATING: Partial<Record<CommandName, OperationKind>> = { disconnect: 'disconnect', reconnect: 'reconnect' };

export class RemoteAssistanceService {
  constructor(private readonly o: ServiceOptions) {}

  /** A typed command (message, @mention) or a card button that runs a command. */
  async handleCommand(cmd: ParsedCommand, ctx: RequestContext): Promise<Reply> {
    if (cmd.name === 'unknown' || cmd.name === 'help') {
      return { type: 'help', canAct: this.o.authorizer.precheck(ctx.actor).allowed };
    }
    const kind = MUTATING[cmd.name];
    const need: Need = kind || cmd.name === 'history' ? 'write' : 'read';
    const retry: CommandRef = { command: cmd.name, partner: cmd.partner };
    try {
      const denied = await this.authorize(ctx, need, kind ?? 'view', cmd.partner);
      if (denied) return denied;
      const session = ctx.session as UserSession; // authorize() guarantees it
      switch (cmd.name) {
        case 'list':
          return { type: 'partnerList', partners: await this.o.gateway.list(session) };
        case 'status':
          return cmd.partner ? await this.status(session, ctx, cmd.partner) : { type: 'partnerList', partners: await this.o.gateway.list(session) };
        case 'history':
          return await historyReply(this.o, ctx.actor.tenantId, cmd.partner ? await this.o.gateway.list(session) : [], cmd.partner);
        default:
          return await this.request(kind as OperationKind, cmd.name, cmd.partner, session, ctx);
      }
    } catch (e) {
      return this.errorReply(e, ctx, retry);
    }
  }

  /** A click on Disconnect / Reconnect. The clicker may not be the requester: authorized again. */
  async confirm(operationId: string, ctx: RequestContext): Promise<ActionResult> {
    const op = await this.findOperation(operationId, ctx);
    if (!op) return { reply: { type: 'operationUnknown' }, audience: 'clicker' };
    const retry: CommandRef = { command: op.kind === 'reconnect' ? 'reconnect' : 'disconnect', partner: op.partnerId };
    try {
      const denied = await this.authorize(ctx, 'write', op.kind, op.partnerId, op.partnerName);
      if (denied) return { reply: denied, audience: 'clicker' };
      const stale = await this.settleIfNotPending(op);
      if (stale) return stale;
      const now = this.now();
      const executor = { id: ctx.actor.aadObjectId, name: ctx.actor.name };
      const running = await this.o.store.transition(op.id, ['pending'], 'running', { executor, updatedAt: now }, { notExpiredAt: now });
      if (!running) {
        // Another click (here or on another instance) got there first, or the card just expired.
        const current = (await this.o.store.get(op.id)) ?? op;
        return (await this.settleIfNotPending(current)) ?? { reply: this.operationReply(current, true), audience: 'everyone' };
      }
      return await this.execute(running, ctx.session as UserSession);
    } catch (e) {
      return { reply: this.errorReply(e, ctx, retry), audience: 'clicker' };
    }
  }

  /** A click on Cancel. */
  async cancel(operationId: string, ctx: RequestContext): Promise<ActionResult> {
    const op = await this.findOperation(operationId, ctx);
    if (!op) return { reply: { type: 'operationUnknown' }, audience: 'clicker' };
    const pre = this.o.authorizer.precheck(ctx.actor);
    // The requester may always withdraw their own request; anybody else needs to be allowed to act.
    if (op.requester.id !== ctx.actor.aadObjectId) {
      const denied = await this.authorize(ctx, 'write', op.kind, op.partnerId, op.partnerName);
      if (denied) return { reply: denied, audience: 'clicker' };
    } else if (!pre.allowed) {
      return { reply: this.denial(ctx.actor, pre.reason), audience: 'clicker' };
    }
    const stale = await this.settleIfNotPending(op);
    if (stale) return stale;
    const now = this.now();
    const cancelled = await this.o.store.transition(op.id, ['pending'], 'cancelled', {
      executor: { id: ctx.actor.aadObjectId, name: ctx.actor.name },
      updatedAt: now,
      completedAt: now,
    });
    const current = cancelled ?? (await this.o.store.get(op.id)) ?? op;
    this.o.log.info('operation cancelled', { operationId: op.id, by: ctx.actor.aadObjectId, state: current.state });
    return { reply: this.operationReply(current, !cancelled), audience: 'everyone' };
  }

  // ---------------------------------------------------------------------------------------------

  private async request(kind: OperationKind, command: CommandName, query: string | undefined, session: UserSession, ctx: RequestContext): Promise<Reply> {
    const partners = await this.o.gateway.list(session);
    if (!query) return { type: 'choosePartner', command, query: '', candidates: partners, noMatch: false };
    const found = resolvePartner(partners, query);
    if (found.kind !== 'one') {
      return { type: 'choosePartner', command, query, candidates: found.candidates, noMatch: found.kind === 'none' };
    }
    // Nothing to confirm when the partner is already where the command would take it.
    const status = found.partner.onboardingStatus;
    if ((kind === 'disconnect' && status === 'notOnboarded') || (kind === 'reconnect' && status === 'onboarded')) {
      return { type: 'partnerStatus', partner: found.partner, nothingToDo: kind };
    }
    const now = this.clockNow();
    const operation: OperationRecord = {
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

  private async execute(op: OperationRecord, session: UserSession): Promise<ActionResult> {
    try {
      const info = op.kind === 'reconnect'
        ? await this.o.gateway.beginOnboarding(session, op.partnerId)
        : await this.o.gateway.disconnect(session, op.partnerId);
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
      this.o.log.info('operation succeeded', { operationId: op.id, kind: op.kind, partnerId: op.partnerId, requestId: info.requestId });
      return { reply: this.operationReply(done ?? { ...op, state: 'succeeded', completedAt: now }, false), audience: 'everyone' };
    } catch (e) {
      const error = isAppError(e) ? e : new AppError('graph.unexpected', 'unexpected failure', { cause: e });
      const now = this.now();
      this.o.log.warn('operation failed', { operationId: op.id, error: describeError(error) });
      if (RETRYABLE.has(error.kind)) {
        // Graph did not act: the card stays usable, so the click can be repeated once the cause is gone.
        const back = await this.o.store.transition(op.id, ['running'], 'pending', { updatedAt: now, graphRequestId: error.requestId, errorKind: error.kind });
        return { reply: { type: 'operation', operation: back ?? op, alreadyDecided: false, error }, audience: 'clicker' };
      }
      const failed = await this.o.store.transition(op.id, ['running'], 'failed', {
        graphRequestId: error.requestId,
        errorKind: error.kind,
        updatedAt: now,
        completedAt: now,
      });
      return { reply: { type: 'operation', operation: failed ?? op, alreadyDecided: false, error }, audience: 'everyone' };
    }
  }

  private async status(session: UserSession, ctx: RequestContext, query: string): Promise<Reply> {
    const partners = await this.o.gateway.list(session);
    const found = resolvePartner(partners, query);
    if (found.kind !== 'one') return { type: 'choosePartner', command: 'status', query, candidates: found.candidates, noMatch: found.kind === 'none' };
    const running = await reconcileRunning(this.o, ctx.actor.tenantId, found.partner);
    return { type: 'partnerStatus', partner: found.partner, running };
  }

  /** The authorization check; records a denial and answers with it, or undefined when allowed. */
  private async authorize(ctx: RequestContext, need: Need, kind: OperationKind, partnerId = '', partnerName = partnerId): Promise<Reply | undefined> {
    const pre = this.o.authorizer.precheck(ctx.actor);
    if (!pre.allowed) return this.recordDenial(ctx, pre.reason, kind, partnerId, partnerName);
    if (!ctx.session) throw new AppError('auth.signInRequired', 'no user assertion for a command that needs Graph');
    const decision = await this.o.authorizer.decide(ctx.actor, need, ctx.session);
    if (!decision.allowed) return this.recordDenial(ctx, decision.reason, kind, partnerId, partnerName);
    return undefined;
  }

  private async recordDenial(ctx: RequestContext, reason: DenialReason, kind: OperationKind, partnerId: string, partnerName: string): Promise<Reply> {
    const now = this.now();
    const who = { id: ctx.actor.aadObjectId, name: ctx.actor.name };
    const record = this.o.store.insert({
      id: this.o.newId(),
      kind,
      partnerId,
      partnerName,
      tenantId: ctx.actor.tenantId,
      conversationId: ctx.conversation.id,
      requester: who,
      executor: who,
      state: 'denied',
      errorKind: `authz.${reason}`,
      createdAt: now,
      updatedAt: now,
      expiresAt: now,
      completedAt: now,
    });
    // The log line is the record of last resort: the denial is answered even when the store cannot keep it.
    this.o.log.warn('denied', { reason, kind, partnerId, tenantId: ctx.actor.tenantId, user: ctx.actor.aadObjectId });
    await record.catch((e: unknown) => this.o.log.error('could not record a denial', { error: describeError(e) }));
    return this.denial(ctx.actor, reason);
  }

  private denial(actor: Actor, reason: DenialReason): Reply {
    return { type: 'denied', reason, actor: { id: actor.aadObjectId, name: actor.name }, contact: this.o.authorizer.policy.adminContact };
  }

  /** An operation is only visible from its own tenant. */
  private async findOperation(id: string, ctx: RequestContext): Promise<OperationRecord | undefined> {
    if (typeof id !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(id)) return undefined;
    const op = await this.o.store.get(id);
    if (!op || op.tenantId.toLowerCase() !== (ctx.actor.tenantId || '').toLowerCase()) return undefined;
    return op;
  }

  /** For a card whose operation is no longer waiting: the card that tells the truth. Undefined while pending. */
  private async settleIfNotPending(op: OperationRecord): Promise<ActionResult | undefined> {
    if (op.state === 'pending') {
      if (Date.parse(op.expiresAt) > this.clockNow().getTime()) return undefined;
      const now = this.now();
      const expired = (await this.o.store.transition(op.id, ['pending'], 'expired', { updatedAt: now, completedAt: now })) ?? (await this.o.store.get(op.id)) ?? op;
      if (expired.state === 'pending') return undefined;
      return { reply: this.operationReply(expired, false), audience: 'everyone' };
    }
    return { reply: this.operationReply(op, true), audience: 'everyone' };
  }

  private operationReply(operation: OperationRecord, alreadyDecided: boolean): Reply {
    return { type: 'operation', operation, alreadyDecided };
  }

  private errorReply(e: unknown, ctx: RequestContext, retry?: CommandRef): Reply {
    if (!isAppError(e)) throw e;
    this.o.log.warn('command failed', { error: describeError(e), user: ctx.actor.aadObjectId });
    const consentUrl = e.kind === 'auth.consentRequired' ? this.o.consentUrl?.(ctx.actor.tenantId) : undefined;
    return { type: 'error', error: e, retry, consentUrl };
  }

  private clockNow(): Date {
    return this.o.clock.now();
  }

  private now(): string {
    return this.o.clock.now().toISOString();
  }
}
