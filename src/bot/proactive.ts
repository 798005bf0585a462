/**
 * Posting into a conversation without being asked (a proactive message), through the adapter's own
 * continueConversationAsync: the same outbound credentials (the bot's Bot Framework token when inbound auth
 * is on), the same middleware, the connector client botbuilder makes for the conversation's serviceUrl.
 *
 * Three things are done differently from a turn's reply:
 * - It is sent to the conversation ("Send to conversation", POST /v3/conversations/{id}/activities), not as a
 *   reply to the made-up id of the continuation activity botbuilder would put in replyToId: in a channel that is
 *   a new post.
 * - A failure is returned to the caller, not handed to the adapter's onTurnError (which only logs), so the
 *   outgoing queue can retry it.
 * - The connector client's own retry policy (@azure/core-rest-pipeline's defaultRetryPolicy: 3 retries of a
 *   429 with Retry-After and of 5xx) is removed for this post, so that the outgoing queue alone decides when to
 *   send again, within the rate windows it keeps (outbound-queue.ts).
 */
import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { ConversationAddress } from '../core/watch-model';
import { parseRetryAfter } from '../core/retry-after';
import type { SendFailure } from './outbound-queue';

export function referenceOf(address: ConversationAddress): ConversationReference {
  return {
    channelId: address.channelId,
    serviceUrl: address.serviceUrl,
    bot: { id: address.botId, name: '' },
    conversation: {
      id: address.conversationId,
      conversationType: address.kind,
      tenantId: address.tenantId,
      isGroup: address.kind !== 'personal',
      name: '',
    },
  };
}

/** Posts `activity` into the conversation; resolves with the id the connector gave it, rejects with its failure. */
export async function postProactively(
  adapter: TeamsAdapter,
  appId: string,
  address: ConversationAddress,
  activity: Partial<Activity>,
): Promise<string | undefined> {
  return inConversation(adapter, appId, referenceOf(address), async (context) => {
    context.onSendActivities(async (_ctx, activities, next) => {
      for (const a of activities) delete a.replyToId;
      return next();
    });
    return (await context.sendActivity(activity))?.id;
  });
}

/**
 * Runs `logic` in a turn of the bot's own in the conversation of `reference` (continueConversationAsync), without
 * the connector client's retries; resolves with its result, rejects with its failure (not the adapter's onTurnError,
 * which only logs: a caller such as the outgoing queue must see a 429 to retry it).
 */
export async function inConversation<T>(
  adapter: TeamsAdapter,
  appId: string,
  reference: Partial<ConversationReference>,
  logic: (context: TurnContext) => Promise<T>,
): Promise<T> {
  let result: { value: T } | undefined;
  let failure: { error: unknown } | undefined;
  await adapter.continueConversationAsync(appId, reference, async (context) => {
    try {
      withoutClientRetries(context);
      result = { value: await logic(context) };
    } catch (error) {
      failure = { error };
    }
  });
  if (failure) throw failure.error;
  if (!result) throw new Error('the proactive turn did not run');
  return result.value;
}

function withoutClientRetries(context: TurnContext): void {
  const key = (context.adapter as { ConnectorClientKey?: symbol }).ConnectorClientKey;
  const connector = key
    ? (context.turnState.get(key) as
        { client?: { pipeline?: { removePolicy(o: { name: string }): unknown } } } | undefined)
    : undefined;
  connector?.client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
}

/** The HTTP status and Retry-After of a failed connector call (a RestError from @azure/core-rest-pipeline). */
export function sendFailureOf(e: unknown): SendFailure {
  const err = (e ?? {}) as { statusCode?: unknown; response?: { status?: unknown; headers?: unknown } };
  const raw = err.statusCode ?? err.response?.status;
  const status = typeof raw === 'number' ? raw : undefined;
  const headers = err.response?.headers as
    { get?: (name: string) => string | undefined | null } | Record<string, string> | undefined;
  const header =
    typeof headers?.get === 'function'
      ? headers.get('retry-after')
      : (headers as Record<string, string> | undefined)?.['retry-after'];
  const seconds = parseRetryAfter(typeof header === 'string' ? header : null);
  return seconds === undefined ? { status } : { status, retryAfterMs: Math.ceil(seconds * 1000) };
}
