/** `unwatch`: the conversation it is typed in stops getting notices. Access (admin) was checked before. */
import type { RequestContext } from '../../core/context';
import type { Reply } from '../../core/replies';
import { conversationKey } from '../../core/watch-model';
import { forAllCustomers, type WatchCommandDeps } from '../watch/handler';

export async function unwatchCommand(d: WatchCommandDeps, ctx: RequestContext, argument?: string): Promise<Reply> {
  if (forAllCustomers(argument)) {
    const conversation = conversationKey(ctx.conversation.id);
    const ended = await d.watch.store.unsubscribeCustomers(ctx.actor.tenantId, conversation);
    // Also forgets that it watches "@all": no customer configured later is told here any more.
    const remembered = await d.watch.store.forgetWatchAll(ctx.actor.tenantId, conversation);
    d.log.info('watch: unsubscribed from every customer', {
      tenantId: ctx.actor.tenantId,
      ended,
      user: ctx.actor.aadObjectId,
    });
    return { type: 'watchStopped', existed: ended > 0 || remembered, allCustomers: true };
  }
  const existed = await d.watch.store.unsubscribe(ctx.actor.tenantId, conversationKey(ctx.conversation.id));
  d.log.info('watch: unsubscribed', { tenantId: ctx.actor.tenantId, existed, user: ctx.actor.aadObjectId });
  return { type: 'watchStopped', existed };
}
