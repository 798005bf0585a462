/**
 * Dispatch: what happens when somebody types a command or clicks a card button. Host-agnostic: the bot
 * hands in plain facts (actor, conversation, the user's session when signed in) and gets a Reply back.
 *
 * Every command goes the same way: its row says who may run it and whether it reaches Graph; the access check
 * runs (and records a denial); then the command's handler. The commands are handed in by the registry
 * (src/commands/index.ts), a table keyed by CommandName: core never loads src/commands/. A destructive action is
 * never one message away from happening: operation commands answer with a confirmation card (operations.ts).
 */
import { authorize, authorizeSignedIn } from './access';
import type { CardRef } from './card-ref';
import { clickProgress, currentOperationCard } from './click-progress';
import type { Access, CommandName } from './catalogue';
import type { ParsedCommand } from './commands';
import type { CommandDeps, CommandHandler, RequestContext, ServiceOptions } from './context';
import { errorReply } from './error-replies';
import { describeError } from './errors';
import type { MutatingKind, OperationRecord, UserSession } from './model';
import { isMutatingKind } from './kinds';
import { cancelFleet, confirmFleet, expireFleet, fleetCommand, type FleetDeps } from './fleet';
import { Operations } from './operations';
import type { FleetTarget } from './fleet-dispatch';
import { fleetRead } from './fleet-status';
import { inCustomerContext, readableCustomers, routeTarget, targetReply } from './request-target';
import { customerByTenant, NO_CUSTOMERS, type Customer } from './customers';
import type { ActionResult, Reply } from './replies';
import { tellApprovers } from './approval-decisions';
import { sameConversation } from './click-scope';
import { tellFleetApprovers } from './fleet-approval';

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
    if (spec.access === 'everyone' && !spec.graph) {
      return handle({ argument: cmd.partner, ctx, session: ctx.session as UserSession }, this.deps);
    }
    let here = ctx;
    try {
      // Where it acts (request-target.ts): here, in a customer (its session and ctx say which), or the fleet.
      const routed = await routeTarget(this.o, cmd, spec, ctx);
      if (routed.kind === 'reply') return routed.reply;
      if (routed.kind === 'fleet') return await this.fleet(cmd, routed.target, ctx);
      here = routed.ctx;
      // In a customer, even a command for everyone needs the right to read that customer.
      const need = spec.access === 'everyone' && here.customer ? 'reader' : spec.access;
      const denied =
        need === 'everyone'
          ? await authorizeSignedIn(this.o, here, spec.operation ?? 'view')
          : await authorize(this.o, here, need, spec.operation ?? 'view', cmd.partner);
      if (denied) return denied;
      // authorize() guarantees a session to every command that reaches Graph.
      const session = here.session as UserSession;
      return labelled(await handle({ argument: cmd.partner, ctx: here, session }, this.deps), here);
    } catch (e) {
      // Try again asks the same place again: a typed @target (a customer, `all`, a group) goes with it.
      const retry = { command: cmd.name, partner: cmd.partner, ...(cmd.target ? { target: cmd.target } : {}) };
      return labelled(errorReply(this.o, e, here, retry), here);
    }
  }

  /** Confirm on a fleet card (core/fleet.ts): answered at once; the customers' work goes on in `background`. */
  async confirmFleet(
    fleetId: string,
    ctx: RequestContext,
    background?: FleetDeps['background'],
  ): Promise<ActionResult> {
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

  /**
   * A fleet target (`@all`, `@eu`): `watch @all` / `unwatch @all` are the watch's own (its handler takes `@all`);
   * status and list read every customer the user may read (core/fleet-status.ts); disconnect, reconnect and history go to the fleet (core/fleet.ts: each customer's own groups decide there); any
   * other command, or no fleet store wired, answers that the command takes one customer.
   */
  private async fleet(cmd: TargetedCommand, target: FleetTarget, ctx: RequestContext): Promise<Reply> {
    const watchAll = (cmd.name === 'watch' || cmd.name === 'unwatch') && target.selector === 'all';
    if (watchAll) {
      const { spec, handle } = this.commands[cmd.name];
      const denied = await authorize(this.o, ctx, spec.access === 'everyone' ? 'reader' : spec.access, 'view');
      if (denied) return denied;
      return handle({ argument: '@all', ctx, session: ctx.session as UserSession }, this.deps);
    }
    // The fleet reads (core/fleet-status.ts) write nothing: they need no fleet store.
    if (cmd.name === 'status' || cmd.name === 'list') return fleetRead(this.o, cmd.partner, target, ctx);
    const d = this.fleetDeps();
    const takesFleet = cmd.name === 'history' || cmd.name === 'disconnect' || cmd.name === 'reconnect';
    if (!d || !takesFleet) {
      return targetReply('oneCustomer', cmd.target ?? target.selector, await readableCustomers(this.o, ctx));
    }
    // The tenant's own user, signed in, with their own token, before the first Graph call (each customer's groups
    // then decide its row); a refusal is recorded.
    const denied = await authorizeSignedIn(this.o, ctx, isMutatingKind(cmd.name) ? cmd.name : 'view');
    if (denied) return denied;
    return fleetCommand(d, cmd.name, cmd.partner, target, ctx, ctx.session as UserSession);
  }

  /** A click on the confirm button (Disconnect / Reconnect). */
  async confirm(operationId: string, ctx: RequestContext): Promise<ActionResult> {
    // One read of the record: it says where the click acts, and the operation's own lookup takes it as read.
    const record = await this.record(operationId);
    const here = this.inRecordCustomer(record, ctx);
    return labelledResult(await this.operations.confirm(operationId, here, record), here);
  }

  /**
   * A click acts where its record acts (issue 19): in the record's customer, with the clicker's session there and
   * that customer's groups deciding; never in the conversation's current default. A customer no longer configured
   * decides for nobody (deny by default). A record that cannot be read here is left to the operation's own lookup.
   */
  /** The clicked record, or undefined when it cannot be read here (left to the operation's own lookup). */
  private record(operationId: string): Promise<OperationRecord | undefined> {
    return this.o.store.get(operationId).catch(() => undefined);
  }

  private inRecordCustomer(record: OperationRecord | undefined, ctx: RequestContext): RequestContext {
    if (!record?.customer) return ctx;
    const { tenantId, name } = record.customer;
    const configured = customerByTenant(this.o.customers ?? NO_CUSTOMERS, tenantId);
    const gone: Customer = { name, tenantId, displayName: name, technicianGroupIds: [], readerGroupIds: [] };
    return inCustomerContext(ctx, configured ?? gone);
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

  /** The sweeper expired a child of this fleet: the fleet is closed as expired, and its cards say so. Never throws. */
  async fleetExpired(fleetId: string): Promise<void> {
    const d = this.fleetDeps();
    if (d) await expireFleet(d, fleetId);
  }

  /**
   * The host posted a fleet's card: kept under the fleet's id, so each customer's outcome updates it. A card in
   * another conversation than the fleet's (a click answered on the copy in the approvers' channel) is kept as that
   * conversation's copy, never in place of the fleet's own card. Never throws.
   */
  async fleetCardPosted(fleetId: string, card: CardRef, fleetConversationId?: string): Promise<void> {
    try {
      if (fleetConversationId && !sameConversation(card.conversationId, fleetConversationId))
        await this.o.cards?.cards.saveCopy(fleetId, card);
      else await this.o.cards?.cards.save(fleetId, card);
    } catch (e) {
      this.o.log.warn('could not keep where the card of a fleet is', { fleetId, error: describeError(e) });
    }
  }

  /** A click on Cancel (Withdraw, on a request for approval). */
  async cancel(operationId: string, ctx: RequestContext): Promise<ActionResult> {
    const record = await this.record(operationId);
    const here = this.inRecordCustomer(record, ctx);
    return labelledResult(await this.operations.cancel(operationId, here, record), here);
  }

  /** A click on Reject (a request for approval). */
  async reject(operationId: string, ctx: RequestContext): Promise<ActionResult> {
    const record = await this.record(operationId);
    const here = this.inRecordCustomer(record, ctx);
    return labelledResult(await this.operations.reject(operationId, here, record), here);
  }

  /** A card's refresh: the operation's card for this viewer (user-specific views of a request for approval). */
  async view(operationId: string, ctx: RequestContext): Promise<ActionResult> {
    const record = await this.record(operationId);
    const here = this.inRecordCustomer(record, ctx);
    return labelledResult(await this.operations.view(operationId, here, record), here);
  }

  /**
   * The host posted a new request for approval where it was asked: it goes to the approvers' channel too. Never
   * throws; resolves to whether a copy was posted.
   */
  tellApprovers(reply: Reply): Promise<boolean> {
    const fleets = reply.type === 'fleet' ? this.fleetDeps() : undefined;
    if (reply.type === 'fleet') return fleets ? tellFleetApprovers(fleets, reply) : Promise.resolve(false);
    if (reply.type !== 'confirm' || !reply.operation.approval || reply.copy) return Promise.resolve(false);
    return tellApprovers(this.o, reply.operation, reply.partner);
  }
}

type TargetedCommand = { name: CommandName; partner?: string; target?: string };

/** A reply in a customer names it (the cards' customer line). */
function labelled(reply: Reply, ctx: RequestContext): Reply {
  const c = ctx.customer;
  return c ? { ...reply, customer: { name: c.name, displayName: c.displayName } } : reply;
}

function labelledResult(result: ActionResult, ctx: RequestContext): ActionResult {
  return { ...result, reply: labelled(result.reply, ctx) };
}
