/** `unwatch`: the conversation it is typed in stops getting notices. Access (admin) was checked before. */
import type { RequestContext } from '../../core/context';
import type { Reply } from '../../core/replies';
import { conversationKey } from '../../core/watch-model';
import { forAllCustomers, type WatchCommandDeps } from '../watch/handler';

export async function unwatchCommand(d: WatchCommandDeps, ctx: RequestContext, argument?: string): Promise<Reply> {
  if (forAllCustomers(argument)) {
    const ended = await d.watch.store.unsubscribeCustomers(ctx.actor.tenantId, conversationKey(ctx.conversation.id));
    d.log.info('watch: unsubscribed from every customer', {
      tenantId: ctx.actor.tenantId,
      ended,
      user: ctx.actor.aadObjectId,
    });
    return { type: 'watchStopped', existed: ended > 0, allCustomers: true };
  }
  const existed = await d.watch.store.unsubscribe(ctx.actor.tenantId, conversationKey(ctx.conversation.id));
  d.log.info('watch: unsubscribed', { tenantId: ctx.actor.tenantId, existed, user: ctx.actor.aadObjectId });
  return { type: 'watchStopped', existed };
}
