/**
 * Dispatch: what happens when somebody types a command or clicks a card button. Host-agnostic: the bot
 * hands in plain facts (actor, conversation, the user's session when signed in) and gets a Reply back.
 *
 * Every command goes the same way: the catalogue says who may run it and whether it reaches Graph; the
 * access check runs (and records a denial); then the command's handler. The handler table is keyed by
 * CommandName, so a command without a handler does not compile. A destructive action is never one message
 * away from happening: operation commands answer with a confirmation card (operations.ts).
 */
import { authorize } from './access';
import { historyReply, reconcileRunning } from './audit';
import type { CardRef } from './card-ref';
import { refreshCard } from './card-refresh';
import { clickProgress, currentOperationCard } from './click-progress';
import { commandSpec, type CommandName } from './catalogue';
import type { ParsedCommand } from './commands';
import type { RequestContext, ServiceOptions } from './context';
import { errorReply } from './error-replies';
import { describeError } from './errors';
import { kindSpec } from './kinds';
import type { MutatingKind, UserSession } from './model';
import { Operations } from './operations';
import { resolvePartner } from './partner-resolver';
import type { ActionResult, Reply } from './replies';
import { REMOTE_ASSISTANCE_UPDATE } from './resource-actions';
import { approvalsCommand } from './approval-commands';
import { tellApprovers } from './approval-decisions';
import { unwatchCommand, watchCommand, watchingCommand } from './watch-commands';
import { whoamiReply } from './whoami';

/** A command's work once access was granted. `session` is set for every command the catalogue marks `graph`. */
type Handler = (partner: string | undefined, ctx: RequestContext, session: UserSession) => Promise<Reply>;

export class RemoteAssistanceService {
  private readonly operations: Operations;
  private readonly handlers: { readonly [N in CommandName]: Handler };

  constructor(private readonly o: ServiceOptions) {
    this.operations = new Operations(o);
    this.handlers = {
      help: async (_partner, ctx) => this.help(ctx),
      list: (_partner, _ctx, session) => this.list(session),
      status: (partner, ctx, session) => (partner ? this.status(session, ctx, partner) : this.list(session)),
      history: async (partner, ctx, session) => historyReply(o, ctx.actor.tenantId, partner ? await o.gateway.list(session) : [], partner),
      disconnect: (partner, ctx, session) => this.change('disconnect', partner, ctx, session),
      reconnect: (partner, ctx, session) => this.change('reconnect', partner, ctx, session),
      watch: (_partner, ctx) => watchCommand(o, ctx),
      unwatch: (_partner, ctx) => unwatchCommand(o, ctx),
      watching: (_partner, ctx) => watchingCommand(o, ctx),
      whoami: (_partner, ctx) => whoamiReply(o, ctx),
      approvals: (argument, ctx) => approvalsCommand(o, ctx, argument),
    };
  }

  /** A typed command (message, @mention) or a card button that runs a command. */
  async handleCommand(cmd: ParsedCommand, ctx: RequestContext): Promise<Reply> {
    if (cmd.name === 'unknown') return cmd.suggestion ? { type: 'didYouMean', typed: cmd.text, suggestion: cmd.suggestion } : this.help(ctx);
    const spec = commandSpec(cmd.name);
    const handler = this.handlers[cmd.name];
    if (spec.access === 'everyone' && !spec.graph) return handler(cmd.partner, ctx, ctx.session as UserSession);
    try {
      if (spec.access !== 'everyone') {
        const denied = await authorize(this.o, ctx, spec.access, spec.operation ?? 'view', cmd.partner);
        if (denied) return denied;
      }
      return await handler(cmd.partner, ctx, ctx.session as UserSession); // authorize() guarantees a session
    } catch (e) {
      return errorReply(this.o, e, ctx, { command: cmd.name, partner: cmd.partner });
    }
  }

  /** A click on the confirm button (Disconnect / Reconnect). */
  confirm(operationId: string, ctx: RequestContext): Promise<ActionResult> {
    return this.operations.confirm(operationId, ctx);
  }

  /** A confirm click that outlived its answer window: what it shows meanwhile (click-progress.ts). */
  progress(operationId: string, ctx: RequestContext): Promise<ActionResult | undefined> {
    return clickProgress(this.o.store, operationId, ctx);
  }

  /** The operation's card as its record stands now. */
  currentCard(operationId: string, ctx: RequestContext): Promise<Reply | undefined> {
    return currentOperationCard(this.o.store, operationId, ctx);
  }

  /**
   * The host posted an operation's card (a confirmation, or a request for approval, or its copy shown again in
   * another conversation): kept so that any instance can replace it later. Never throws.
   */
  async cardPosted(reply: Extract<Reply, { type: 'confirm' }>, card: CardRef): Promise<void> {
    const operationId = reply.operation.id;
    try {
      if (reply.copy) await this.o.cards?.cards.saveCopy(operationId, card);
      else await this.o.cards?.cards.save(operationId, card);
    } catch (e) {
      // The card still works; only a later update by another instance or the sweeper will not find it.
      this.o.log.warn('could not keep where the card of an operation is', { operationId, error: describeError(e) });
    }
  }

  /** A click on Cancel (Withdraw, on a request for approval). */
  cancel(operationId: string, ctx: RequestContext): Promise<ActionResult> {
    return this.operations.cancel(operationId, ctx);
  }

  /** A click on Reject (a request for approval). */
  reject(operationId: string, ctx: RequestContext): Promise<ActionResult> {
    return this.operations.reject(operationId, ctx);
  }

  /** A card's refresh: the operation's card for this viewer (user-specific views of a request for approval). */
  view(operationId: string, ctx: RequestContext): Promise<ActionResult> {
    return this.operations.view(operationId, ctx);
  }

  /**
   * The host posted a new request for approval where it was asked: it goes to the approvers' channel too. Never
   * throws; resolves to whether a copy was posted.
   */
  tellApprovers(reply: Reply): Promise<boolean> {
    if (reply.type !== 'confirm' || !reply.operation.approval || reply.copy) return Promise.resolve(false);
    return tellApprovers(this.o, reply.operation, reply.partner);
  }

  private help(ctx: RequestContext): Reply {
    return { type: 'help', canAct: this.o.authorizer.precheck(ctx.actor).allowed };
  }

  private async list(session: UserSession): Promise<Reply> {
    const partners = await this.o.gateway.list(session);
    // Asked after the list, so that a failing list is what the user is told about.
    const cannotChange = await this.o.intune.missing(session, REMOTE_ASSISTANCE_UPDATE);
    return { type: 'partnerList', partners, ...(cannotChange ? { cannotChange } : {}) };
  }

  private async status(session: UserSession, ctx: RequestContext, query: string): Promise<Reply> {
    const partners = await this.o.gateway.list(session);
    const found = resolvePartner(partners, query);
    if (found.kind !== 'one') return { type: 'choosePartner', command: 'status', query, candidates: found.candidates, noMatch: found.kind === 'none' };
    const cards = this.o.cards;
    // A record this check settles gets its card replaced too, or the card would say "in progress" forever.
    const running = await reconcileRunning(this.o, ctx.actor.tenantId, found.partner, cards && (async (op) => void (await refreshCard(cards, this.o.log, op))));
    const cannotChange = await this.o.intune.missing(session, REMOTE_ASSISTANCE_UPDATE);
    return { type: 'partnerStatus', partner: found.partner, running, ...(cannotChange ? { cannotChange } : {}) };
  }

  /**
   * `disconnect X` / `reconnect X`: both change the connector, which Intune allows with "Remote assistance
   * connectors: Update". When Intune's answer shows it missing: in enforce mode no confirmation card (its button
   * would only meet Intune's refusal); in advise mode the confirmation, with the note (Intune decides on the click).
   */
  private async change(kind: MutatingKind, query: string | undefined, ctx: RequestContext, session: UserSession): Promise<Reply> {
    const missing = await this.o.intune.missing(session, kindSpec(kind).intunePermission);
    if (missing?.enforced) return { type: 'changeNotPermitted', kind, ...(query ? { partnerQuery: query } : {}), missing };
    const reply = await this.operations.request(kind, kind, query, session, ctx);
    return missing && reply.type === 'confirm' && !reply.copy ? { ...reply, intuneAdvice: missing } : reply;
  }
}
