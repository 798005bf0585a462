/**
 * The teams-ai Application: routes for messages (personal chat, @mentions in channels and group chats),
 * Action.Execute card buttons and sign-in. Each route turns the activity into facts, asks the core, and
 * delivers the Reply as a card.
 *
 * Sign-in: teams-ai OAuthSettings against the Azure Bot OAuth connection (scoped to the bot's own API).
 * `autoSignIn` is a selector: only turns that will reach Graph, from users who pass the static
 * authorization check, are asked to sign in; so a user from another tenant is told "no" at once instead of
 * being shown a sign-in card first. Around teams-ai: the sign-in cards are localized, name their owner and
 * carry no SSO in channels (sign-in-card-middleware.ts); sign-in invokes from somebody without a prompt of
 * their own are answered by the bot (sign-in-guard.ts); `signin/failure` is answered (sign-in-failure.ts).
 * A click no route takes and any other invoke get the answer Teams expects (invoke-answers.ts).
 */
import { ActivityTypes, CardFactory, type Storage, type TurnContext } from 'botbuilder';
import { Application, TeamsAdapter, TurnState, type AdaptiveCard } from '@microsoft/teams-ai';
import type { Authorizer } from '../core/authorization';
import { commandSpec, type CommandName } from '../core/catalogue';
import { parseCommand, type ParsedCommand } from '../core/commands';
import { AppError, describeError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { ActionResult, Reply } from '../core/replies';
import type { RequestContext } from '../core/context';
import type { RemoteAssistanceService } from '../core/service';
import type { BackgroundWork } from './background-work';
import { cardRefOf, type ProactiveCards } from './proactive-cards';
import { signInCardMiddleware } from './sign-in-card-middleware';
import { answerClick, answerClickProblem, answerFailedClick, answerOtherInvoke, clickProblem, isCardAction, readClick } from './invoke-answers';
import { SIGN_IN_FAILURE_INVOKE, signInFailureHandler } from './sign-in-failure';
import { heldToken } from './held-token';
import { scopeOf, signInGuard } from './sign-in-guard';
import { SIGN_IN_TIMEOUT_MS, SignInPrompts } from './sign-in-prompts';
import { noteCommand, noteReply } from './telemetry';
import { timedConfirm } from './timed-click';
import { actorOf, addressOf, conversationOf } from './turn-facts';
import { forgetUserToken } from './user-token-cache';
import { VERB_CANCEL, VERB_COMMAND, VERB_CONFIRM, VERB_REJECT, VERB_VIEW, readCardAction, type renderReply } from '../cards';

export type CardRenderer = typeof renderReply;

export const AUTH_SETTING = 'graph';

export interface BotOptions {
  adapter: TeamsAdapter;
  botId: string;
  oauthConnectionName: string;
  service: RemoteAssistanceService;
  authorizer: Authorizer;
  storage: Storage;
  render: CardRenderer;
  log: Logger;
  /** A confirm click is answered within this; longer work goes on in the background (timed-click.ts). */
  clickAnswerMs: number;
  /** Card updates outside a turn (a late click result). */
  cards: ProactiveCards;
  background: BackgroundWork;
}

const SIGNIN_INVOKES = new Set(['signin/tokenExchange', 'signin/verifyState']);

export function createBotApplication(o: BotOptions): Application<TurnState> {
  // Before the Application: its constructor adds teams-ai's SSO dedup middleware, which the guard must precede.
  const prompts = new SignInPrompts(o.storage);
  o.adapter.use(signInCardMiddleware(prompts, o.log));
  o.adapter.use(signInGuard({ prompts, connectionName: o.oauthConnectionName, log: o.log }));
  const app = new Application<TurnState>({
    adapter: o.adapter,
    storage: o.storage,
    removeRecipientMention: true,
    authentication: {
      settings: {
        [AUTH_SETTING]: {
          connectionName: o.oauthConnectionName,
          // Placeholders: every sign-in card is rewritten in the reader's language on its way out.
          title: 'Sign in',
          text: 'Sign in to manage the remote-assistance partner.',
          enableSso: true,
          tokenExchangeUri: `api://botid-${o.botId}`,
          endOnInvalidMessage: true,
          timeout: SIGN_IN_TIMEOUT_MS,
        },
      },
      autoSignIn: async (context: TurnContext) => needsSignIn(context, o.authorizer),
    },
  });

  const contextOf = (context: TurnContext, state: TurnState): RequestContext => {
    const actor = actorOf(context.activity);
    const token = (state.temp.authTokens as Record<string, string> | undefined)?.[AUTH_SETTING];
    return {
      actor,
      conversation: conversationOf(context.activity),
      session: token ? { actor, assertion: token } : undefined,
      heldSession: async () => {
        const held = token ?? (await heldToken(context, o.oauthConnectionName));
        return held ? { actor, assertion: held } : undefined;
      },
      address: addressOf(context.activity),
    };
  };

  /** The turn's context with the user's token if the token service holds one (asked silently; none on failure). */
  const withHeldToken = async (context: TurnContext, ctx: RequestContext): Promise<RequestContext> => {
    if (ctx.session) return ctx;
    try {
      const token = await heldToken(context, o.oauthConnectionName);
      return token ? { ...ctx, session: { actor: ctx.actor, assertion: token } } : ctx;
    } catch (e) {
      o.log.debug('a refresh could not ask the token service for the viewer\'s token', { error: describeError(e) });
      return ctx;
    }
  };

  /**
   * A confirmation card was posted (or answered a click) as message `activityId`: kept with its operation. A new
   * request for approval goes to the approvers' channel too; the answer does not wait for it.
   */
  const keepCard = async (context: TurnContext, reply: Reply, activityId: string | undefined) => {
    if (reply.type !== 'confirm') return;
    const card = cardRefOf(context.activity, activityId);
    if (card) await o.service.cardPosted(reply, card);
    if (reply.operation.approval && !reply.copy) o.background.run('posting a request to the approvers', async () => void (await o.service.tellApprovers(reply)));
  };

  const send = async (context: TurnContext, reply: Reply) => {
    const card = o.render(reply, viewOf(context));
    noteReply(context, reply);
    const sent = await context.sendActivity({ type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] });
    await keepCard(context, reply, sent?.id);
  };

  const runCommand = async (context: TurnContext, state: TurnState, cmd: ParsedCommand): Promise<Reply> => {
    noteCommand(context, cmd.name);
    const ctx = contextOf(context, state);
    const reply = await o.service.handleCommand(cmd, ctx);
    await afterReply(context, state, reply);
    return reply;
  };

  /**
   * Entra refused the user's token (consent, interaction required, any other identity error): the kept
   * token is forgotten, so the next turn asks the token service again. An expired or revoked sign-in also
   * signs the user out, so that the next try starts a fresh sign-in.
   */
  const afterReply = async (context: TurnContext, state: TurnState, reply: Reply) => {
    const error = reply.type === 'error' ? reply.error : reply.type === 'operation' ? reply.error : undefined;
    if (error && error.kind.startsWith('auth.') && error.kind !== 'auth.tokenEndpointUnreachable') forgetUserToken(context, o.oauthConnectionName);
    if (error && (error.kind === 'auth.interactionRequired' || error.kind === 'auth.signInRequired')) {
      try {
        await app.authentication.signOutUser(context, state, AUTH_SETTING);
      } catch (e) {
        o.log.warn('sign-out after an interaction-required answer failed', { error: describeError(e) });
      }
    }
  };

  app.conversationUpdate('membersAdded', async (context) => {
    const added = context.activity.membersAdded ?? [];
    if (added.some((m) => m.id === context.activity.recipient?.id)) {
      await send(context, { type: 'help', canAct: o.authorizer.precheck(actorOf(context.activity)).allowed });
    }
  });

  /** The last safety net: whatever breaks, the user gets a card that says so (and the log says what). */
  const internalError = (context: TurnContext, e: unknown): Reply => {
    o.log.error('turn failed', { error: describeError(e), activityType: context.activity.type, name: context.activity.name });
    return { type: 'error', error: new AppError('internal', 'unexpected failure in a turn') };
  };

  const answerMessage = async (context: TurnContext, state: TurnState) => {
    let reply: Reply;
    try {
      reply = await runCommand(context, state, parseCommand(context.activity.text));
    } catch (e) {
      reply = internalError(context, e);
    }
    await send(context, reply);
  };

  app.activity(ActivityTypes.Message, answerMessage);

  const closePrompt = async (context: TurnContext) => {
    try {
      await prompts.closed(scopeOf(context), context.activity.from.id);
    } catch (e) {
      o.log.warn('could not note the end of a sign-in prompt', { error: describeError(e) });
    }
  };
  // After a sign-in, teams-ai does not re-run the route that asked for it: resume here, with the text restored.
  app.authentication.get(AUTH_SETTING).onUserSignInSuccess(async (context, state) => {
    o.log.info('user signed in', { user: actorOf(context.activity).aadObjectId });
    await closePrompt(context);
    await answerMessage(context, state);
  });
  app.authentication.get(AUTH_SETTING).onUserSignInFailure(async (context, _state, error) => {
    o.log.warn('sign-in failed', { cause: error.cause, message: error.message });
    await closePrompt(context);
    await send(context, { type: 'error', error: new AppError('auth.interactionRequired', 'sign-in did not complete') });
  });

  // Teams' report of a failed SSO: answered in every conversation (teams-ai would answer 501).
  app.addRoute(
    async (context) => context.activity.type === ActivityTypes.Invoke && context.activity.name === SIGN_IN_FAILURE_INVOKE,
    signInFailureHandler({ botId: o.botId, connectionName: o.oauthConnectionName, log: o.log }),
    true,
  );

  // A click no route of this version can take (unknown verb, no value or action, an older card, data that
  // breaks the contract): a Universal Actions answer, never teams-ai's 501 (invoke-answers.ts).
  app.addRoute(async (context) => clickProblem(context) !== undefined, answerClickProblem(o.log), true);

  const deliver = async (context: TurnContext, state: TurnState, result: ActionResult): Promise<AdaptiveCard> => {
    noteReply(context, result.reply);
    await afterReply(context, state, result.reply);
    await keepCard(context, result.reply, context.activity.replyToId);
    const card = o.render(result.reply, viewOf(context));
    // A view for the clicker alone (a requester's Withdraw, a denial) goes without the card's refresh.
    if (result.audience === 'clicker') delete (card as { refresh?: unknown }).refresh;
    if (result.audience === 'everyone' && context.activity.replyToId) {
      try {
        await context.updateActivity({ type: ActivityTypes.Message, id: context.activity.replyToId, attachments: [CardFactory.adaptiveCard(card)] });
      } catch (e) {
        // The clicker still gets the card; the others see it on their next refresh.
        o.log.warn('could not update the card for everyone', { error: describeError(e) });
      }
    }
    // Answered here, so teams-ai's actionExecute does not: for a card with `refresh` it would replace the message
    // for everyone AGAIN (REPLACE_FOR_ALL), a switch that sticks for the verb, so that later answers for the clicker
    // alone (a denial) would replace the shared card too. Only `audience` decides who sees a result.
    await answerClick(context, card);
    return card as AdaptiveCard;
  };

  /** A click: the core's answer, or on any failure an error card for the clicker alone. */
  const onClick = (act: (context: TurnContext, state: TurnState, data: unknown) => Promise<ActionResult>) =>
    async (context: TurnContext, state: TurnState, data: unknown): Promise<AdaptiveCard> => {
      let result: ActionResult;
      try {
        result = await act(context, state, data);
      } catch (e) {
        result = { reply: internalError(context, e), audience: 'clicker' };
      }
      return deliver(context, state, result);
    };
  const operationIdOf = (data: unknown) => String((data as { operationId?: unknown } | undefined)?.operationId ?? '');

  const confirmInTime = timedConfirm({ budgetMs: o.clickAnswerMs, service: o.service, cards: o.cards, background: o.background, connectionName: o.oauthConnectionName, log: o.log });
  app.adaptiveCards.actionExecute(
    VERB_CONFIRM,
    onClick((context, state, data) => confirmInTime(context, contextOf(context, state), operationIdOf(data))),
  );
  app.adaptiveCards.actionExecute(VERB_CANCEL, onClick((context, state, data) => o.service.cancel(operationIdOf(data), contextOf(context, state))));
  app.adaptiveCards.actionExecute(VERB_REJECT, onClick((context, state, data) => o.service.reject(operationIdOf(data), contextOf(context, state))));
  // The card's refresh (Universal Actions user-specific views): Teams sends it when a listed viewer sees the card.
  // No sign-in is started for it; a token the user already holds is used (to leave out an Approve their Intune
  // role would refuse).
  app.adaptiveCards.actionExecute(
    VERB_VIEW,
    onClick(async (context, state, data) => o.service.view(operationIdOf(data), await withHeldToken(context, contextOf(context, state)))),
  );
  // A button that runs a command answers in place of the card that had the button.
  app.adaptiveCards.actionExecute(
    VERB_COMMAND,
    onClick(async (context, state, data) => ({ reply: await o.service.handleCommand(commandFromData(data), contextOf(context, state)), audience: 'clicker' })),
  );

  // Registered last: any other invoke gets the answer Teams expects for one the bot does not handle (501).
  app.addRoute(async (context) => context.activity.type === ActivityTypes.Invoke, answerOtherInvoke(o.log), true);

  app.error(async (context, error) => {
    o.log.error('turn failed outside a route', { error: describeError(error), activityType: context.activity.type, name: context.activity.name });
    await answerFailedClick(context, () => o.render({ type: 'error', error: new AppError('internal', 'a click failed outside its route') }, viewOf(context)), o.log);
  });

  return app;
}

function viewOf(context: TurnContext): { locale: string; timeZone?: string } {
  const actor = actorOf(context.activity);
  return { locale: actor.locale, timeZone: actor.timeZone };
}

/** A button's command, checked; anything malformed shows the help card. */
function commandFromData(data: unknown): ParsedCommand {
  const request = readCardAction(VERB_COMMAND, data);
  if (!request || request.verb !== VERB_COMMAND) return { name: 'help' };
  return request.partner ? { name: request.command, partner: request.partner } : { name: request.command };
}

/** Which turns must carry a signed-in user's token (see the module comment). */
function needsSignIn(context: TurnContext, authorizer: Authorizer): boolean {
  const a = context.activity;
  if (a.type === ActivityTypes.Invoke && SIGNIN_INVOKES.has(a.name ?? '')) return true;
  let reachesGraph = false;
  if (a.type === ActivityTypes.Message) {
    reachesGraph = commandReachesGraph(parseCommand(stripOwnMention(context)).name);
  } else if (isCardAction(a)) {
    // A click that no route of this version takes is answered without a sign-in (invoke-answers.ts).
    const click = readClick(a);
    if ('ok' in click && click.ok.verb === VERB_COMMAND) reachesGraph = commandReachesGraph(click.ok.command);
    // A card's refresh reads the record only, and must never answer a viewer with a sign-in (it comes unasked).
    else if ('ok' in click && click.ok.verb === VERB_VIEW) reachesGraph = false;
    // A click on an operation's card is authorized again, as the clicker: that needs their token.
    else if ('ok' in click) reachesGraph = true;
  }
  return reachesGraph && authorizer.precheck(actorOf(a)).allowed;
}

/** The catalogue says which commands reach Graph (and so need the user's token); unknown text gets the help card. */
function commandReachesGraph(name: CommandName | 'unknown'): boolean {
  return name !== 'unknown' && commandSpec(name).graph;
}

/** The selector runs before teams-ai removes the bot's @mention from the text. */
function stripOwnMention(context: TurnContext): string {
  const a = context.activity;
  let text = a.text ?? '';
  for (const e of a.entities ?? []) {
    const m = e as { type?: string; mentioned?: { id?: string }; text?: string };
    if (m.type === 'mention' && m.mentioned?.id === a.recipient?.id && m.text) text = text.split(m.text).join(' ');
  }
  return text;
}
