/**
 * Card updates outside the turn that asked for them: the end of a click that outlived its answer window, and
 * the sweeper's settlements (core/sweeper.ts), on any instance. Through a conversation reference kept with the
 * operation (core/card-ref.ts) and the bot's own credentials: botbuilder's continueConversationAsync (a turn of
 * the bot's own, with the adapter's outbound credentials: none in local mode, the bot's Bot Framework token with
 * inbound auth on), then updateActivity, a PUT of the message for everyone
 * (Bot Framework REST API, "Update activity": PUT /v3/conversations/{conversationId}/activities/{activityId}).
 *
 * Every update and post goes through the outgoing queue the watch's notices use (outbound-queue.ts: one queue per
 * conversation, Teams' rate windows, retries of 429/412/502/504 after any Retry-After), so a burst of decisions is
 * paced rather than throttled into loss. One conversation's updates leave in the order they were asked for (a slow
 * click's "in progress", then its result), and a failure that outlasts the retries rejects.
 */
import { ActivityTypes, CardFactory, type Activity, type ConversationReference, type TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { CardPublisher, CardRef } from '../core/card-ref';
import type { Reply } from '../core/replies';
import type { renderReply } from '../commands';
import type { OutboundQueue } from './outbound-queue';
import { inConversation, postProactively } from './proactive';
import { actorOf } from './turn-facts';

export interface ProactiveCardsOptions {
  adapter: TeamsAdapter;
  /** The app id the adapter's outbound credentials are for ('' when it posts anonymously, local mode). */
  appId: string;
  render: typeof renderReply;
  /** The outgoing queue shared with the Notifier. */
  queue: OutboundQueue;
}

export interface ProactiveCards extends CardPublisher {
  /** Signs the user out of the token service (after a late interaction-required answer), as teams-ai does in a turn. */
  signOut(card: CardRef, channelUserId: string, connectionName: string): Promise<void>;
}

function referenceOf(card: CardRef, channelUserId?: string): Partial<ConversationReference> {
  return {
    channelId: card.channelId,
    serviceUrl: card.serviceUrl,
    conversation: {
      id: card.conversationId,
      tenantId: card.tenantId,
      conversationType: card.conversationType ?? 'personal',
      isGroup: card.conversationType === 'channel' || card.conversationType === 'groupChat',
      name: '',
    },
    bot: { id: card.botId, name: '' },
    user: { id: channelUserId ?? '', name: '' },
    activityId: card.activityId,
    locale: card.locale,
  };
}

/** Where the card of the message an activity refers to lives (`activityId`: that message's id). */
export function cardRefOf(activity: Partial<Activity>, activityId: string | undefined): CardRef | undefined {
  const actor = actorOf(activity);
  if (!activityId || !activity.serviceUrl || !activity.conversation?.id || !activity.recipient?.id) return undefined;
  return {
    activityId,
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId ?? 'msteams',
    conversationId: activity.conversation.id,
    conversationType: activity.conversation.conversationType,
    tenantId: actor.tenantId,
    botId: activity.recipient.id,
    locale: actor.locale,
    timeZone: actor.timeZone,
  };
}

export function createProactiveCards(o: ProactiveCardsOptions): ProactiveCards {
  const inCardConversation = <T>(card: CardRef, logic: (context: TurnContext) => Promise<T>, channelUserId?: string) =>
    inConversation(o.adapter, o.appId, referenceOf(card, channelUserId), logic);
  return {
    async update(card: CardRef, reply: Reply): Promise<void> {
      const attachment = CardFactory.adaptiveCard(o.render(reply, { locale: card.locale, timeZone: card.timeZone }));
      await o.queue.send({ conversationId: card.conversationId, tenantId: card.tenantId }, () =>
        inCardConversation(card, async (context) => {
          await context.updateActivity({ type: ActivityTypes.Message, id: card.activityId, attachments: [attachment] });
        }),
      );
    },
    async post(address, reply, view): Promise<CardRef> {
      const attachment = CardFactory.adaptiveCard(o.render(reply, view));
      const activityId = await o.queue.send(
        { conversationId: address.conversationId, tenantId: address.tenantId },
        () => postProactively(o.adapter, o.appId, address, { type: ActivityTypes.Message, attachments: [attachment] }),
      );
      if (!activityId) throw new Error('the channel gave the posted card no id');
      return {
        activityId,
        serviceUrl: address.serviceUrl,
        channelId: address.channelId,
        conversationId: address.conversationId,
        conversationType: address.kind,
        tenantId: address.tenantId,
        botId: address.botId,
        locale: view.locale,
        ...(view.timeZone ? { timeZone: view.timeZone } : {}),
      };
    },
    async signOut(card, channelUserId, connectionName) {
      await inCardConversation(
        card,
        async (context) => {
          const client = context.turnState.get<UserTokenClient | undefined>(o.adapter.UserTokenClientKey);
          if (!client) throw new Error('no token client for a proactive turn');
          await client.signOutUser(channelUserId, connectionName, card.channelId);
        },
        channelUserId,
      );
    },
  };
}
