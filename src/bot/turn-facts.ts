/** The translation of a Bot Framework activity into plain facts the core understands. */
import type { Activity } from 'botbuilder';
import type { Actor, ConversationFacts, ConversationKind } from '../core/model';
import type { ConversationAddress } from '../core/watch-model';

interface ClientInfoEntity {
  type?: string;
  locale?: string;
  timezone?: string;
}

export function actorOf(activity: Partial<Activity>): Actor {
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: string } };
  const clientInfo = (activity.entities ?? []).find((e) => (e as ClientInfoEntity).type === 'clientInfo') as
    ClientInfoEntity | undefined;
  return {
    tenantId: String(activity.conversation?.tenantId ?? channelData.tenant?.id ?? '').toLowerCase(),
    aadObjectId: String(activity.from?.aadObjectId ?? '').toLowerCase(),
    name: String(activity.from?.name ?? '').slice(0, 200),
    locale: String(activity.locale ?? clientInfo?.locale ?? 'en-US'),
    timeZone: typeof clientInfo?.timezone === 'string' ? clientInfo.timezone : undefined,
    ...(typeof activity.from?.id === 'string' && activity.from.id
      ? { channelUserId: activity.from.id.slice(0, 200) }
      : {}),
  };
}

export function conversationOf(activity: Partial<Activity>): ConversationFacts {
  const t = activity.conversation?.conversationType;
  const kind: ConversationKind = t === 'channel' ? 'channel' : t === 'groupChat' ? 'groupChat' : 'personal';
  return { id: String(activity.conversation?.id ?? ''), kind };
}

/**
 * How to reach this conversation later without being asked (a proactive message): the Bot Framework
 * conversation reference, reduced to what a post needs. A channel is addressed as the channel (its id without
 * ";messageid="), so that a notice starts a new post there.
 */
export function addressOf(activity: Partial<Activity>): ConversationAddress | undefined {
  const conversation = conversationOf(activity);
  if (!activity.serviceUrl || !conversation.id || !activity.recipient?.id) return undefined;
  return {
    channelId: String(activity.channelId ?? 'msteams'),
    serviceUrl: activity.serviceUrl,
    conversationId: conversation.id.split(';messageid=')[0],
    kind: conversation.kind,
    tenantId: actorOf(activity).tenantId,
    botId: activity.recipient.id,
  };
}
