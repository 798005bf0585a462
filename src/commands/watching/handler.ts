/** `watching`: the tenant's subscriptions, this conversation's marked. Access (reader) was checked before. */
import type { RequestContext } from '../../core/context';
import type { Reply } from '../../core/replies';
import { conversationKey } from '../../core/watch-model';
import type { WatchCommandDeps } from '../watch/handler';

export async function watchingCommand(d: WatchCommandDeps, ctx: RequestContext): Promise<Reply> {
  const subscriptions = await d.watch.store.subscriptions(ctx.actor.tenantId);
  const here = conversationKey(ctx.conversation.id);
  return {
    type: 'watching',
    subscriptions,
    hereId: subscriptions.find((s) => s.address.conversationId === here)?.id,
    hereConversationId: here,
    intervalSeconds: d.watch.intervalSeconds,
  };
}
