/**
 * The shared turn helper every route of the Application works through (routes/*.ts): a turn's facts as the
 * core's RequestContext, a command run and its reply sent as a card, a click's result delivered in place of the
 * clicked card, the user's kept token forgotten after Entra refused it, and the last safety net (an error card).
 * It notes what the turn ran and answered for its trace (telemetry.ts `noteCommand` / `noteReply`).
 */
import { ActivityTypes, CardFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import { commandSpec, parseCommand, type CommandName, type ParsedCommand } from '../commands';
import type { RequestContext } from '../core/context';
import { AppError, describeError } from '../core/errors';
import type { ActionResult, Reply } from '../core/replies';
import type { BotOptions } from './app';
import { heldToken } from './held-token';
import { answerClick } from './invoke-answers';
import { cardRefOf } from './proactive-cards';
import { noteCommand, noteReply } from './telemetry';
import { actorOf, addressOf, conversationOf } from './turn-facts';
import { forgetUserToken } from './user-token-cache';

/** The name of the Application's one OAuth setting (the Azure Bot OAuth connection). */
export const AUTH_SETTING = 'graph';

export class Turn {
  constructor(
    private readonly o: BotOptions,
    private readonly app: Application<TurnState>,
  ) {}

  contextOf(context: TurnContext, state: TurnState): RequestContext {
    const actor = actorOf(context.activity);
    const token = (state.temp.authTokens as Record<string, string> | undefined)?.[AUTH_SETTING];
    return {
      actor,
      conversation: conversationOf(context.activity),
      session: token ? { actor, assertion: token } : undefined,
      heldSession: async () => {
        const held = token ?? (await heldToken(context, this.o.oauthConnectionName));
        return held ? { actor, assertion: held } : undefined;
      },
      address: addressOf(context.activity),
    };
  }

  /** The turn's context with the user's token if the token service holds one (asked silently; none on failure). */
  async withHeldToken(context: TurnContext, ctx: RequestContext): Promise<RequestContext> {
    if (ctx.session) return ctx;
    try {
      const token = await heldToken(context, this.o.oauthConnectionName);
      return token ? { ...ctx, session: { actor: ctx.actor, assertion: token } } : ctx;
    } catch (e) {
      this.o.log.debug("a refresh could not ask the token service for the viewer's token", { error: describeError(e) });
      return ctx;
    }
  }

  /** The reply as a new card in the conversation. */
  async send(context: TurnContext, reply: Reply): Promise<void> {
    const card = this.o.render(reply, viewOf(context));
    noteReply(context, reply);
    const sent = await context.sendActivity({
      type: ActivityTypes.Message,
      attachments: [CardFactory.adaptiveCard(card)],
    });
    await this.keepCard(context, reply, sent?.id);
  }

  async runCommand(context: TurnContext, state: TurnState, cmd: ParsedCommand): Promise<Reply> {
    noteCommand(context, cmd.name);
    const ctx = this.contextOf(context, state);
    const reply = await this.o.service.handleCommand(cmd, ctx);
    await this.afterReply(context, state, reply);
    return reply;
  }

  /** A message's text as a command, answered with a card (also the resumption after a sign-in). */
  async answerMessage(context: TurnContext, state: TurnState): Promise<void> {
    let reply: Reply;
    try {
      reply = await this.runCommand(context, state, parseCommand(context.activity.text));
    } catch (e) {
      reply = this.internalError(context, e);
    }
    await this.send(context, reply);
  }

  /** A click's result: the card in place of the clicked one, for the clicker, or for everyone (`audience`). */
  async deliver(context: TurnContext, state: TurnState, result: ActionResult): Promise<AdaptiveCard> {
    noteReply(context, result.reply);
    await this.afterReply(context, state, result.reply);
    await this.keepCard(context, result.reply, context.activity.replyToId);
    const card = this.o.render(result.reply, viewOf(context));
    // A view for the clicker alone (a requester's Withdraw, a denial) goes without the card's refresh.
    if (result.audience === 'clicker') delete (card as { refresh?: unknown }).refresh;
    if (result.audience === 'everyone' && context.activity.replyToId) {
      try {
        await context.updateActivity({
          type: ActivityTypes.Message,
          id: context.activity.replyToId,
          attachments: [CardFactory.adaptiveCard(card)],
        });
      } catch (e) {
        // The clicker still gets the card; the others see it on their next refresh.
        this.o.log.warn('could not update the card for everyone', { error: describeError(e) });
      }
    }
    // Answered here, so teams-ai's actionExecute does not: for a card with `refresh` it would replace the message
    // for everyone AGAIN (REPLACE_FOR_ALL), a switch that sticks for the verb, so that later answers for the clicker
    // alone (a denial) would replace the shared card too. Only `audience` decides who sees a result.
    await answerClick(context, card);
    return card as AdaptiveCard;
  }

  /** The last safety net: whatever breaks, the user gets a card that says so (and the log says what). */
  internalError(context: TurnContext, e: unknown): Reply {
    this.o.log.error('turn failed', {
      error: describeError(e),
      activityType: context.activity.type,
      name: context.activity.name,
    });
    return { type: 'error', error: new AppError('internal', 'unexpected failure in a turn') };
  }

  /**
   * A confirmation card was posted (or answered a click) as message `activityId`: kept with its operation. A new
   * request for approval goes to the approvers' channel too; the answer does not wait for it.
   */
  private async keepCard(context: TurnContext, reply: Reply, activityId: string | undefined): Promise<void> {
    if (reply.type === 'fleet') {
      if (reply.unsaved) return;
      const fleetCard = cardRefOf(context.activity, activityId);
      if (fleetCard) await this.o.service.fleetCardPosted(reply.fleet.id, fleetCard, reply.fleet.conversationId);
      if (reply.fleet.approval?.status === 'waiting' && reply.fleet.state === 'pending')
        this.o.background.run(
          'posting a fleet request to the approvers',
          async () => void (await this.o.service.tellApprovers(reply)),
        );
      return;
    }
    if (reply.type !== 'confirm') return;
    const card = cardRefOf(context.activity, activityId);
    if (card) await this.o.service.cardPosted(reply, card);
    if (reply.operation.approval && !reply.copy)
      this.o.background.run(
        'posting a request to the approvers',
        async () => void (await this.o.service.tellApprovers(reply)),
      );
  }

  /**
   * Entra refused the user's token (consent, interaction required, any other identity error): the kept
   * token is forgotten, so the next turn asks the token service again. An expired or revoked sign-in also
   * signs the user out, so that the next try starts a fresh sign-in.
   */
  private async afterReply(context: TurnContext, state: TurnState, reply: Reply): Promise<void> {
    const error = reply.type === 'error' ? reply.error : reply.type === 'operation' ? reply.error : undefined;
    if (error && error.kind.startsWith('auth.') && error.kind !== 'auth.tokenEndpointUnreachable')
      forgetUserToken(context, this.o.oauthConnectionName);
    if (error && (error.kind === 'auth.interactionRequired' || error.kind === 'auth.signInRequired')) {
      try {
        await this.app.authentication.signOutUser(context, state, AUTH_SETTING);
      } catch (e) {
        this.o.log.warn('sign-out after an interaction-required answer failed', { error: describeError(e) });
      }
    }
  }
}

/** The reader's locale and time zone, for rendering a card. */
export function viewOf(context: TurnContext): { locale: string; timeZone?: string } {
  const actor = actorOf(context.activity);
  return { locale: actor.locale, timeZone: actor.timeZone };
}

/** The catalogue says which commands reach Graph (and so need the user's token); unknown text gets the help card. */
export function commandReachesGraph(name: CommandName | 'unknown'): boolean {
  return name !== 'unknown' && commandSpec(name).graph;
}
