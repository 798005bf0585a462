/**
 * Sign-in: teams-ai OAuthSettings against the Azure Bot OAuth connection (scoped to the bot's own API).
 * `autoSignIn` is a selector: only turns that will reach Graph, from users who pass the static authorization
 * check, are asked to sign in; so a user from another tenant is told "no" at once instead of being shown a
 * sign-in card first. Around teams-ai: the sign-in cards are localized, name their owner and carry no SSO in
 * channels (sign-in-card-middleware.ts); sign-in invokes from somebody without a prompt of their own are
 * answered by the bot (sign-in-guard.ts); `signin/failure` is answered (sign-in-failure.ts). After a sign-in,
 * teams-ai does not re-run the route that asked for it: the message is answered here, with its text restored.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Application, AuthenticationOptions, TurnState } from '@microsoft/teams-ai';
import type { Authorizer } from '../../core/authorization';
import { parseCommand } from '../../commands';
import { AppError, describeError } from '../../core/errors';
import type { BotOptions } from '../app';
import { isCardAction, readClick } from '../invoke-answers';
import { signInCardMiddleware } from '../sign-in-card-middleware';
import { SIGN_IN_FAILURE_INVOKE, signInFailureHandler } from '../sign-in-failure';
import { scopeOf, signInGuard } from '../sign-in-guard';
import { SIGN_IN_TIMEOUT_MS, SignInPrompts } from '../sign-in-prompts';
import { AUTH_SETTING, commandReachesGraph, type Turn } from '../turn';
import { actorOf } from '../turn-facts';
import { clickNeedsToken } from './card-actions';

const SIGNIN_INVOKES = new Set(['signin/tokenExchange', 'signin/verifyState']);

/** Before the Application: its constructor adds teams-ai's SSO dedup middleware, which the guard must precede. */
export function useSignInMiddleware(o: BotOptions): SignInPrompts {
  const prompts = new SignInPrompts(o.storage);
  o.adapter.use(signInCardMiddleware(prompts, o.log));
  o.adapter.use(signInGuard({ prompts, connectionName: o.oauthConnectionName, log: o.log }));
  return prompts;
}

/** The Application's authentication: one OAuth setting, and the selector of the turns that need it. */
export function authenticationOf(o: BotOptions): AuthenticationOptions {
  return {
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
  };
}

export function routeSignIn(app: Application<TurnState>, turn: Turn, o: BotOptions, prompts: SignInPrompts): void {
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
    await turn.answerMessage(context, state);
  });
  app.authentication.get(AUTH_SETTING).onUserSignInFailure(async (context, _state, error) => {
    o.log.warn('sign-in failed', { cause: error.cause, message: error.message });
    await closePrompt(context);
    await turn.send(context, {
      type: 'error',
      error: new AppError('auth.interactionRequired', 'sign-in did not complete'),
    });
  });

  // Teams' report of a failed SSO: answered in every conversation (teams-ai would answer 501).
  app.addRoute(
    async (context) =>
      context.activity.type === ActivityTypes.Invoke && context.activity.name === SIGN_IN_FAILURE_INVOKE,
    signInFailureHandler({ botId: o.botId, connectionName: o.oauthConnectionName, log: o.log }),
    true,
  );
}

/** Which turns must carry a signed-in user's token (see the module comment). */
function needsSignIn(context: TurnContext, authorizer: Authorizer): boolean {
  const a = context.activity;
  if (a.type === ActivityTypes.Invoke && SIGNIN_INVOKES.has(a.name ?? '')) return true;
  let reachesGraph = false;
  if (a.type === ActivityTypes.Message) {
    reachesGraph = commandReachesGraph(parseCommand(stripOwnMention(context)).name);
  } else if (isCardAction(a)) {
    // A click that no route of this version takes is answered without a sign-in (invoke-answers.ts); the verb's
    // row in the card-action table says whether the others need the clicker's token.
    const click = readClick(a);
    if ('ok' in click) reachesGraph = clickNeedsToken(click.ok);
  }
  return reachesGraph && authorizer.precheck(actorOf(a)).allowed;
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
