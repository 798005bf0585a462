/**
 * `customer [name | none]`: the conversation's default customer (issue 19). Setting it needs the right to read that
 * customer (a technician or reader of it: its groups decide, recorded as a denial when not); clearing it needs the
 * right to read the current one; showing it, a user of the tenant.
 */
import { authorize, denial } from '../../core/access';
import type { CommandDeps, RequestContext } from '../../core/context';
import { customerRef, NO_CUSTOMERS, resolveTarget, type Customer } from '../../core/customers';
import type { UserSession } from '../../core/model';
import type { Reply } from '../../core/replies';
import { defaultCustomer, inCustomerContext, readableCustomers, targetReply } from '../../core/request-target';

const label = (c: Customer) => ({ name: c.name, displayName: c.displayName });

export async function customerCommand(
  d: CommandDeps,
  ctx: RequestContext,
  session: UserSession,
  argument?: string,
): Promise<Reply> {
  const pre = d.authorizer.precheck(ctx.actor);
  if (!pre.allowed) return denial(d, ctx.actor, pre.reason);
  const directory = d.customers ?? NO_CUSTOMERS;
  const typed = argument?.trim().replace(/^@/, '').toLowerCase();
  if (directory.customers.length === 0) return targetReply('noCustomers', typed || 'customer', []);
  const current = await defaultCustomer(d, ctx);
  if (!typed)
    return { type: 'conversationCustomer', change: 'shown', ...(current ? { customer: label(current) } : {}) };
  if (typed === 'none') {
    if (current) {
      const refused = await authorize(d, inCustomerContext(ctx, current), 'reader', 'view', '', current.name);
      if (refused) return refused;
    }
    await save(d, ctx, undefined);
    return { type: 'conversationCustomer', change: 'cleared' };
  }
  const target = resolveTarget(directory, typed);
  if (!target) return targetReply('unknown', typed, await readableCustomers(d, { ...ctx, session }));
  if (target.kind === 'fleet')
    return targetReply('oneCustomer', typed, await readableCustomers(d, { ...ctx, session }));
  const customer = target.customer;
  const refused = await authorize(
    d,
    inCustomerContext({ ...ctx, session }, customer),
    'reader',
    'view',
    '',
    customer.name,
  );
  if (refused) return refused;
  await save(d, ctx, customer);
  return { type: 'conversationCustomer', change: 'set', customer: label(customer) };
}

async function save(d: CommandDeps, ctx: RequestContext, customer: Customer | undefined): Promise<void> {
  if (!d.conversationCustomers) throw new Error("customer: no store for the conversations' customers");
  const by = { id: ctx.actor.aadObjectId, name: ctx.actor.name };
  const at = d.clock.now().toISOString();
  await d.conversationCustomers.setConversationCustomer(
    ctx.actor.tenantId,
    ctx.conversation.id,
    customer && customerRef(customer),
    by,
    at,
  );
}
