/**
 * Dispatch: what happens when somebody types a command or clicks a card button. Host-agnostic: the bot
 * hands in plain facts (actor, conversation, the user's session when signed in) and gets a Reply back.
 *
 * Every command goes the same way: its row says who may run it and whether it reaches Graph; the access check
 * runs (and records a denial); then the command's handler. The commands are handed in by the registry
 * (src/commands/index.ts), a table keyed by CommandName: core never loads src/commands/. A destructive action is
 * never one message away from happening: operation commands answer with a confirmation card (operations.ts).
 */
import { authorize } from './access';
import type { CardRef } from './card-ref';
import { clickProgress, currentOperationCard } from './click-progress';
import type { Access, CommandName } from './catalogue';
import type { ParsedCommand } from './commands';
import type { CommandDeps, CommandHandler, RequestContext, ServiceOptions } from './context';
import { errorReply } from './error-replies';
import { describeError } from './errors';
import type { MutatingKind, UserSession } from './model';
import { cancelFleet, confirmFleet, type FleetDeps } from './fleet';
import { Operations } from './operations';
import type { ActionResult, Reply } from './replies';
import { tellApprovers } from './approval-decisions';

/** What dispatch needs of a command: its row's access facts and its handler (src/commands/<name>/). */
export interface CommandRunner {
  readonly spec: { readonly access: Access; readonly graph: boolean; readonly operation?: MutatingKind };
  readonly handle: CommandHandler;
}

/** The commands by name, as the registry (src/commands/index.ts) hands them in: one for every name. */
export type CommandTable = { readonly [N in CommandName]: CommandRunner };

export class RemoteAssistanceService {
  private readonly operations: Operations;
  private readonly deps: CommandDeps;

  constructor(
    private readonly o: ServiceOptions,
    private readonly commands: CommandTable,
  ) {
    this.operations = new Operations(o);
    this.deps = { ...o, operations: this.operations };
  }

  /** A typed command (message, @mention) or a card button that runs a command. */
  async handleCommand(cmd: ParsedCommand, ctx: RequestContext): Promise<Reply> {
    if (cmd.name === 'unknown') {
      if (cmd.suggestion) return { type: 'didYouMean', typed: cmd.text, suggestion: cmd.suggestion };
      return this.commands.help.handle({ argument: undefined, ctx, session: ctx.session as UserSession }, this.deps);
    }
    const { spec, handle } = this.commands[cmd.name];
    // authorize() guarantees a session to every command that reaches Graph.
    const input = { argument: cmd.partner, ctx, session: ctx.session as UserSession };
    if (spec.access === 'everyone' && !spec.graph) return handle(input, this.deps);
    try {
      if (spec.access !== 'everyone') {
        const denied = await authorize(this.o, ctx, spec.access, spec.operation ?? 'view', cmd.partner);
        if (denied) return denied;
      }
      return await handle(input, this.deps);
    } catch (e) {
      return errorReply(this.o, e, ctx, { command: cmd.name, partner: cmd.partner });
    }
  }

  /** Confirm on a fleet card (core/fleet.ts): answered at once; the customers' work goes on in `background`. */
  async confirmFleet(fleetId: string, ctx: RequestContext, background?: FleetDeps['background']): Promise<ActionResult> {
    const d = this.fleetDeps(background);
    if (!d) return { reply: { type: 'operationUnknown' }, audience: 'clicker' };
    return (await confirmFleet(d, fleetId, ctx)).result;
  }

  /** Cancel on a fleet card. */
  cancelFleet(fleetId: string, ctx: RequestContext): Promise<ActionResult> {
    const d = this.fleetDeps();
    if (!d) return Promise.resolve({ reply: { type: 'operationUnknown' }, audience: 'clicker' });
    return cancelFleet(d, fleetId, ctx);
  }

  private fleetDeps(background?: FleetDeps['background']): FleetDeps | undefined {
    return this.o.fleets ? { ...this.deps, fleets: this.o.fleets, ...(background ? { background } : {}) } : undefined;
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

  /** The host posted a fleet's card: kept under the fleet's id, so each customer's outcome updates it. Never throws. */
  async fleetCardPosted(fleetId: string, card: CardRef): Promise<void> {
    try {
      await this.o.cards?.cards.save(fleetId, card);
    } catch (e) {
      this.o.log.warn('could not keep where the card of a fleet is', { fleetId, error: describeError(e) });
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
}
