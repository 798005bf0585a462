/**
 * The answers to invokes no route of this version takes (invoke-answers.ts): a click no verb's route can take is
 * answered before any sign-in (registered first among the clicks), any other invoke gets 501 (registered last),
 * and a click whose turn fails outside its route still gets the error card.
 */
import { ActivityTypes } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import { AppError, describeError } from '../../core/errors';
import type { BotOptions } from '../app';
import { answerClickProblem, answerFailedClick, answerOtherInvoke, clickProblem } from '../invoke-answers';
import { viewOf } from '../turn';

/** A click no route of this version can take (unknown verb, no value or action, an older card, data that breaks the
 * contract): a Universal Actions answer, never teams-ai's 501. Registered before the verbs' routes. */
export function routeClickProblems(app: Application<TurnState>, o: BotOptions): void {
  app.addRoute(async (context) => clickProblem(context) !== undefined, answerClickProblem(o.log), true);
}

/** Registered last: any other invoke gets the answer Teams expects for one the bot does not handle (501). */
export function routeOtherInvokes(app: Application<TurnState>, o: BotOptions): void {
  app.addRoute(async (context) => context.activity.type === ActivityTypes.Invoke, answerOtherInvoke(o.log), true);

  app.error(async (context, error) => {
    o.log.error('turn failed outside a route', {
      error: describeError(error),
      activityType: context.activity.type,
      name: context.activity.name,
    });
    await answerFailedClick(
      context,
      () =>
        o.render(
          { type: 'error', error: new AppError('internal', 'a click failed outside its route') },
          viewOf(context),
        ),
      o.log,
    );
  });
}
