/**
 * Sign-in invokes (signin/tokenExchange, signin/verifyState) that do not belong to a prompt of the sender.
 *
 * A sign-in card in a group chat or channel is seen, and can be clicked, by every member. Teams sends the
 * invoke from the person who clicked (from.id = B), with B's own SSO token or B's code, and the token service
 * keeps the token under the user id the bot names (B's). teams-ai keys its prompt by from.id, so for B it
 * finds no prompt: the invoke would end in 501 (nothing answers), and B's exchange would take the card's
 * dedup key (conversation + the card's exchange id), so that the owner's own exchange was later dropped as
 * a duplicate and the owner's command never ran.
 *
 * This middleware runs before teams-ai's SSO dedup middleware (routes/sign-in.ts registers it first). An invoke goes on
 * to teams-ai only when the sender has an open prompt here and, for an exchange, the card is the sender's.
 * Otherwise the bot completes the sign-in for the sender (exchange, or the code) under the sender's own id,
 * answers the invoke (200; 412 / 404 when it failed, as botbuilder's OAuthPrompt does), and tells the sender
 * in a card: signed in or not, whose card it was, and to send their own command. Nothing the card's owner
 * asked for runs for anybody else, and the owner's prompt stays as it was.
 */
import {
  ActivityTypes,
  CardFactory,
  tokenExchangeOperationName,
  verifyStateOperationName,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import { describeError } from '../core/errors';
import type { Logger } from '../core/logger';
import { renderContext, signInOutcomeCard } from '../cards';
import type { SignInPrompts, SignInScope } from './sign-in-prompts';
import { actorOf, conversationOf } from './turn-facts';

interface ExchangeValue {
  id?: string;
  connectionName?: string;
  token?: string;
}

/** The token-service client botbuilder's CloudAdapter puts into every turn. */
export function userTokenClientOf(context: TurnContext): UserTokenClient | undefined {
  const key = (context.adapter as { UserTokenClientKey?: symbol }).UserTokenClientKey;
  return key ? (context.turnState.get(key) as UserTokenClient | undefined) : undefined;
}

export function scopeOf(context: TurnContext): SignInScope {
  return { channelId: context.activity.channelId, conversationId: context.activity.conversation.id };
}

export function signInGuard(o: { prompts: SignInPrompts; connectionName: string; log: Logger }): Middleware {
  return {
    onTurn: async (context: TurnContext, next: () => Promise<void>) => {
      const a = context.activity;
      const name = a.type === ActivityTypes.Invoke ? a.name : undefined;
      if ((name !== tokenExchangeOperationName && name !== verifyStateOperationName) || !a.from?.id) return next();
      const exchange = name === tokenExchangeOperationName ? ((a.value ?? {}) as ExchangeValue) : undefined;
      // Another connection's exchange is not ours to judge.
      if (exchange && exchange.connectionName !== o.connectionName) return next();

      const scope = scopeOf(context);
      const card = exchange?.id ? await o.prompts.cardOwner(scope, exchange.id) : undefined;
      const ownCard = !card || card.userId === a.from.id;
      if (ownCard && card?.closed) return answer(context, 200, exchangeBody(exchange, o.connectionName)); // a late duplicate of a finished sign-in
      if (ownCard && (await o.prompts.isOpen(scope, a.from.id))) return next();
      await completeWithoutPrompt(context, o, exchange, ownCard ? undefined : card?.name);
    },
  };
}

async function completeWithoutPrompt(
  context: TurnContext,
  o: { connectionName: string; log: Logger },
  exchange: ExchangeValue | undefined,
  cardOwner: string | undefined,
): Promise<void> {
  const a = context.activity;
  const client = userTokenClientOf(context);
  let signedIn = false;
  try {
    if (exchange) {
      signedIn = !!(
        exchange.token &&
        client &&
        (await client.exchangeToken(a.from.id, o.connectionName, a.channelId, { token: exchange.token }))?.token
      );
    } else {
      const code = String((a.value as { state?: unknown } | undefined)?.state ?? '');
      signedIn = !!(
        code &&
        client &&
        (await client.getUserToken(a.from.id, o.connectionName, a.channelId, code))?.token
      );
    }
  } catch (e) {
    o.log.warn('a sign-in outside a prompt failed at the token service', { error: describeError(e), invoke: a.name });
  }
  o.log.info('sign-in outside a prompt of the sender', {
    invoke: a.name,
    conversation: conversationOf(a).kind,
    user: actorOf(a).aadObjectId,
    othersCard: cardOwner !== undefined,
    signedIn,
  });
  if (exchange && !signedIn) {
    // Teams then shows the sender the card's sign-in button instead (no message needed).
    return answer(context, 412, {
      ...exchangeBody(exchange, o.connectionName),
      failureDetail: 'The bot is unable to exchange token. Proceed with regular login.',
    });
  }
  await answer(context, signedIn ? 200 : 404, exchange ? exchangeBody(exchange, o.connectionName) : undefined);
  const actor = actorOf(a);
  const card = signInOutcomeCard(
    { signedIn, name: actor.name, cardOwner },
    renderContext({ locale: actor.locale, timeZone: actor.timeZone }),
  );
  try {
    await context.sendActivity({ type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] });
  } catch (e) {
    o.log.warn('could not tell the user about their sign-in', { error: describeError(e) });
  }
}

function exchangeBody(
  exchange: ExchangeValue | undefined,
  connectionName: string,
): { id?: string; connectionName: string } | undefined {
  return exchange ? { id: exchange.id, connectionName } : undefined;
}

async function answer(context: TurnContext, status: number, body?: unknown): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
}
