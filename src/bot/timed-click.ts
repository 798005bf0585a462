/**
 * A confirm click answered within its window, whatever Graph does. Teams gives an invoke about five seconds,
 * then retries it (twice) or shows an error (Microsoft Teams platform docs, "Respond to the dialog submit
 * action": "If the app doesn't respond within five seconds, the Teams client retries the request twice";
 * MicrosoftDocs/msteams-docs msteams-platform/messaging-extensions/how-to/action-commands/respond-to-task-module-submit.md).
 *
 * The core's confirm runs as always; here it is raced against the budget (CLICK_ANSWER_MS). Finished in time:
 * its answer, as before. Not finished: the click is answered with what the record says now (core/click-progress.ts:
 * "in progress", naming who clicked, no button that acts), and the rest happens in the background, in order:
 * the shared card becomes "in progress" for everyone (when the call has really started), then, when the work
 * ends, the card is replaced for everyone with its result (proactive-cards.ts: the bot's own credentials, a
 * conversation reference). The store's pending -> running transition still guarantees ONE Graph call: a retry
 * of the invoke meanwhile finds the record running and answers "in progress" without starting anything.
 *
 * The race lives here, in bot/, because the window is Teams'; the core stays host-agnostic.
 */
import type { TurnContext } from 'botbuilder';
import type { CardRef } from '../core/card-ref';
import type { RequestContext } from '../core/context';
import { AppError, describeError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { ActionResult, Reply } from '../core/replies';
import type { RemoteAssistanceService } from '../core/service';
import type { BackgroundWork } from './background-work';
import { cardRefOf, type ProactiveCards } from './proactive-cards';
import { clickAnswered } from './telemetry';

export interface TimedClickOptions {
  budgetMs: number;
  service: RemoteAssistanceService;
  cards: ProactiveCards;
  background: BackgroundWork;
  connectionName: string;
  log: Logger;
}

const NEEDS_SIGN_IN = new Set(['auth.interactionRequired', 'auth.signInRequired']);

function errorOf(reply: Reply): AppError | undefined {
  return reply.type === 'error' ? reply.error : reply.type === 'operation' ? reply.error : undefined;
}

/** Resolves with the work's result, or with undefined once `ms` have passed. */
function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function timedConfirm(o: TimedClickOptions) {
  /** The click's answer (to deliver in the turn as usual); late work goes on in the background. */
  return async (context: TurnContext, ctx: RequestContext, operationId: string): Promise<ActionResult> => {
    const started = performance.now();
    // Not through the turn: the turn context is revoked once the click is answered.
    const failed = (e: unknown): ActionResult => {
      o.log.error('click failed', { operationId, error: describeError(e) });
      return {
        reply: { type: 'error', error: new AppError('internal', 'unexpected failure in a click') },
        audience: 'clicker',
      };
    };
    const work = o.service.confirm(operationId, ctx).catch(failed);
    const done = await within(work, o.budgetMs);
    if (done) {
      clickAnswered(started, 'result');
      return done;
    }

    const card = cardRefOf(context.activity, context.activity.replyToId);
    let progress: ActionResult | undefined;
    try {
      progress = await o.service.progress(operationId, ctx);
    } catch (e) {
      o.log.warn('could not read the operation of a slow click', { operationId, error: describeError(e) });
    }
    o.log.info('click answered before its work ended; it goes on in the background', {
      operationId,
      budgetMs: o.budgetMs,
      shown: progress?.audience === 'everyone' ? 'in progress for everyone' : 'in progress for the clicker',
    });
    const userId = context.activity.from?.id;
    o.background.run(
      'a click after its answer',
      () => finishLate(o, { operationId, ctx, userId, card, work, progress, started }),
      'click.background',
    );
    clickAnswered(started, 'in_progress');
    // The shared card is replaced in the background (in order with the result), not in this turn.
    return progress
      ? { reply: progress.reply, audience: 'clicker' }
      : failed(new AppError('internal', 'the operation of a slow click could not be read'));
  };
}

interface Late {
  operationId: string;
  ctx: RequestContext;
  /** The clicker's channel id (for a sign-out). */
  userId: string | undefined;
  card: CardRef | undefined;
  work: Promise<ActionResult>;
  progress: ActionResult | undefined;
  started: number;
}

async function finishLate(o: TimedClickOptions, late: Late): Promise<void> {
  const { operationId, ctx, card } = late;
  const publish = async (reply: Reply, what: string) => {
    if (!card) return;
    try {
      await o.cards.update(card, reply);
    } catch (e) {
      o.log.warn('could not update the card for everyone', { operationId, what, error: describeError(e) });
    }
  };
  if (late.progress?.audience === 'everyone') await publish(late.progress.reply, 'in progress');
  const result = await late.work;
  const error = errorOf(result.reply);
  if (error && NEEDS_SIGN_IN.has(error.kind) && card) {
    // As in a turn (turn.ts afterReply): forget the token, so that the next try starts a fresh sign-in.
    const userId = late.userId;
    if (userId)
      await o.cards
        .signOut(card, userId, o.connectionName)
        .catch((e: unknown) =>
          o.log.warn('sign-out after a late interaction-required answer failed', { error: describeError(e) }),
        );
  }
  if (!card) {
    o.log.warn('a slow click ended but its card is unknown (no replyToId): nothing to update', { operationId });
  } else if (result.audience === 'everyone' || result.reply.type === 'operation') {
    // A result for everyone; or the operation back to pending after a transient failure: the card (shown "in
    // progress" meanwhile) must offer its buttons again, with the reason, to everyone who saw it change.
    await publish(result.reply, 'result');
  } else {
    // A result for the clicker alone (denied, an error before the call): the clicker was shown "in progress";
    // put the card back as the record stands.
    const current = await o.service.currentCard(operationId, ctx).catch(() => undefined);
    if (current) await publish(current, 'restore');
  }
  o.log.info('slow click ended', {
    operationId,
    reply: result.reply.type,
    audience: result.audience,
    ms: Math.round(performance.now() - late.started),
  });
}
