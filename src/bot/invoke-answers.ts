/**
 * The answers to invokes that no route of the bot takes, so that Teams always gets one it understands.
 *
 * `adaptiveCard/action` (an Action.Execute click): teams-ai answers a verb no route matches with HTTP 501
 * and an empty body, which Teams shows as "Unable to reach app". The Universal Actions response format
 * (MicrosoftDocs/AdaptiveCards, AdaptiveCards/authoring-cards/universal-action-model.md, "Response
 * format"; learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards)
 * says a bot that processed the invoke answers HTTP 200 with {statusCode, type, value}; statusCode 200 with
 * `application/vnd.microsoft.card.adaptive` shows the card in place of the clicked one, statusCode 400
 * with `application/vnd.microsoft.error` says the request was invalid. So:
 * - a button this version does not have (unknown verb, no `value` or `action`, not an Action.Execute, a
 *   command that no longer exists: a card from an older version of the bot) -> 200 with a card that says
 *   the button no longer works and offers Help;
 * - one of this version's verbs whose data breaks its contract -> 400 `application/vnd.microsoft.error`
 *   with value {code: 'BadRequest', message}, the shape botbuilder's ActivityHandler gives it
 *   (createAdaptiveCardInvokeErrorResponse);
 * - a turn that fails before any route answered (the store, the token service) -> 200 with the error card
 *   for the clicker, as a click whose handler fails.
 *
 * Any other invoke name the bot does not handle: 501 Not Implemented with no body, as botbuilder's
 * ActivityHandler and TeamsActivityHandler answer it. That is what Teams expects: the Teams team asked for
 * 501 for unhandled invokes (microsoft/botbuilder-dotnet#1039), and Teams sends a feature's invokes only
 * when the app's manifest declares the feature (microsoft/botbuilder-js#1220); this bot's manifest declares
 * none (no message extension, task module, configuration or search).
 */
import { ActivityTypes, INVOKE_RESPONSE_KEY, type Activity, type TurnContext } from 'botbuilder';
import { describeError } from '../core/errors';
import type { Logger } from '../core/logger';
import { renderContext, staleActionCard, type CardActionRequest } from '../cards';
import { checkCardAction } from '../commands';
import { plainText } from '../i18n';
import { actorOf } from './turn-facts';

export const CARD_ACTION_INVOKE = 'adaptiveCard/action';
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const ERROR = 'application/vnd.microsoft.error';

/** What is wrong with a click, before any route sees it. */
export type CardActionProblem = { stale: string } | { invalid: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isCardAction = (a: Activity): boolean => a.type === ActivityTypes.Invoke && a.name === CARD_ACTION_INVOKE;

/** A click's request when a route of this version can take it, else what is wrong with it. */
export function readClick(a: Activity): { ok: CardActionRequest } | CardActionProblem {
  if (!isObject(a.value)) return { stale: 'no value' };
  const action = a.value.action;
  if (!isObject(action)) return { stale: 'no action' };
  if (action.type !== 'Action.Execute') return { stale: `not an Action.Execute (${plainText(action.type, 40)})` };
  return checkCardAction(action.verb, action.data);
}

/** The selector of the route that answers clicks no other route can take. */
export function clickProblem(context: TurnContext): CardActionProblem | undefined {
  if (!isCardAction(context.activity)) return undefined;
  const read = readClick(context.activity);
  return 'ok' in read ? undefined : read;
}

async function answer(context: TurnContext, status: number, body?: unknown): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status, body } });
}

/** A click's answer: `card` in place of the clicked one, for the clicker (HTTP 200, statusCode 200). */
export async function answerClick(context: TurnContext, card: unknown): Promise<void> {
  await answer(context, 200, { statusCode: 200, type: ADAPTIVE_CARD, value: card });
}

/** The route for clicks that a route of this version cannot take (see the module comment). */
export function answerClickProblem(log: Logger) {
  return async (context: TurnContext): Promise<void> => {
    const problem = clickProblem(context);
    if (!problem) throw new Error('answerClickProblem: the click has no problem');
    const a = context.activity;
    const action = isObject(a.value) && isObject(a.value.action) ? a.value.action : {};
    const fields = { verb: plainText(action.verb, 64), user: actorOf(a).aadObjectId };
    if ('invalid' in problem) {
      log.warn('a click with data that breaks the button contract was refused (400)', {
        ...fields,
        why: problem.invalid,
      });
      return answer(context, 200, {
        statusCode: 400,
        type: ERROR,
        value: { code: 'BadRequest', message: `The button's data is not valid: ${problem.invalid}.` },
      });
    }
    log.info('a click on a button this version does not have', { ...fields, why: problem.stale });
    const actor = actorOf(a);
    const card = staleActionCard(renderContext({ locale: actor.locale, timeZone: actor.timeZone }));
    return answer(context, 200, { statusCode: 200, type: ADAPTIVE_CARD, value: card });
  };
}

/** The last route for invokes: anything no route took gets 501 Not Implemented (see the module comment). */
export function answerOtherInvoke(log: Logger) {
  return async (context: TurnContext): Promise<void> => {
    log.info('an invoke this bot does not handle (501)', { name: plainText(context.activity.name ?? '(none)', 80) });
    await answer(context, 501);
  };
}

/**
 * After a failed turn: a click that has no answer yet gets `card` (the error card) with 200, never the
 * adapter's 501. Other invokes keep what the adapter answers.
 */
export async function answerFailedClick(context: TurnContext, card: () => unknown, log: Logger): Promise<void> {
  if (!isCardAction(context.activity) || context.turnState.get(INVOKE_RESPONSE_KEY)) return;
  try {
    await answer(context, 200, { statusCode: 200, type: ADAPTIVE_CARD, value: card() });
  } catch (e) {
    log.error('could not answer a click after a failed turn', { error: describeError(e) });
  }
}
