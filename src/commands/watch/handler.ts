/**
 * `watch` subscribes the conversation it is typed in (`unwatch` ends that, `watching` lists the tenant's
 * subscriptions: their folders). Access was checked before (its row: admin).
 *
 * `watch` also reads the partners once with the bot's OWN permission (app-only, as the poller will), which
 * (a) tells the admin at once when that permission lacks admin consent, and (b) takes the first look at a
 * tenant nobody watched yet, so that a change made right after `watch` is announced rather than mistaken
 * for the starting point.
 */
import type { RequestContext, ServiceOptions } from '../../core/context';
import { AppError, describeError, isAppError } from '../../core/errors';
import type { Partner, UserSession } from '../../core/model';
import type { Customer } from '../../core/customers';
import type { Reply } from '../../core/replies';
import { firstSnapshots } from '../../core/watch-changes';
import { conversationKey, type ConversationAddress, type WatchSubscription } from '../../core/watch-model';
import type { WatchedCustomerState } from './card';

export type WatchCommandDeps = Pick<
  ServiceOptions,
  'gateway' | 'clock' | 'newId' | 'log' | 'watch' | 'customers' | 'authorizer'
>;

/**
 * Whether the request names every customer (`watch @all`): the parser takes `@all` off as the request's target and
 * dispatch (core/service.ts, a fleet target) hands it to the handler as the argument `@all`.
 */
export function forAllCustomers(argument: string | undefined, target?: string): boolean {
  const named = (target ?? argument ?? '').trim().toLowerCase();
  return named === '@all' || (named === 'all' && target !== undefined);
}

export async function watchCommand(
  d: WatchCommandDeps,
  ctx: RequestContext,
  argument?: string,
  session?: UserSession,
): Promise<Reply> {
  const address = ctx.address;
  if (!address) throw new AppError('internal', 'watch: the host gave no conversation address');
  if (forAllCustomers(argument)) {
    if (!session) throw new AppError('internal', 'watch @all: no session (the command row says graph)');
    return watchAllCommand(d, ctx, address, session);
  }
  const tenantId = ctx.actor.tenantId;
  const now = d.clock.now().toISOString();
  const subscription: WatchSubscription = {
    id: d.newId(),
    tenantId,
    address: { ...address, tenantId, conversationId: conversationKey(address.conversationId) },
    createdBy: { id: ctx.actor.aadObjectId, name: ctx.actor.name },
    locale: ctx.actor.locale,
    ...(ctx.actor.timeZone ? { timeZone: ctx.actor.timeZone } : {}),
    createdAt: now,
  };
  const { created } = await d.watch.store.subscribe(subscription);
  d.log.info('watch: subscribed', { tenantId, conversation: address.kind, created, user: ctx.actor.aadObjectId });
  let partners: Partner[] | undefined;
  let readError: AppError | undefined;
  try {
    partners = await d.gateway.list({ app: true, tenantId });
    if (!(await d.watch.store.snapshots(tenantId))) {
      await d.watch.store.baseline(
        tenantId,
        firstSnapshots(partners, d.clock.now(), d.watch.expiryWarningHours * 3_600_000),
        now,
      );
    }
  } catch (e) {
    readError = isAppError(e) ? e : new AppError('internal', 'watch: the first read failed', { cause: e });
    d.log.warn('watch: the bot cannot read the partners with its own permission', {
      tenantId,
      error: describeError(e),
    });
  }
  return {
    type: 'watchStarted',
    created,
    conversation: address.kind,
    intervalSeconds: d.watch.intervalSeconds,
    partners,
    readError,
  };
}

/**
 * `watch @all`: this conversation subscribes to each configured customer the user may read (its readers or
 * technicians, core/authorization.ts; the others are listed as not allowed), each read with the app-only token of
 * that customer's own tenant, as the poller will.
 */
async function watchAllCommand(
  d: WatchCommandDeps,
  ctx: RequestContext,
  address: ConversationAddress,
  session: UserSession,
): Promise<Reply> {
  const customers = await Promise.all(
    (d.customers?.customers ?? []).map(async (c): Promise<WatchedCustomerState> => {
      const decision = await d.authorizer.decideForCustomer(ctx.actor, 'reader', session, c);
      if (!decision.allowed) return { name: c.name, displayName: c.displayName, created: false, notAllowed: true };
      return watchCustomer(d, ctx, address, c);
    }),
  );
  const home = ctx.actor.tenantId;
  // Remembered, with every customer configured now (subscribed or not allowed): one configured later is then told
  // here by the poller (core/watch-new-customers.ts), and typing this again settles what was told. Not with no
  // customers at all: the card then says there is nothing to watch with @all, so nothing is promised.
  if (customers.length > 0)
    await d.watch.store.rememberWatchAll({
      address: { ...address, tenantId: home, conversationId: conversationKey(address.conversationId) },
      createdBy: { id: ctx.actor.aadObjectId, name: ctx.actor.name },
      locale: ctx.actor.locale,
      ...(ctx.actor.timeZone ? { timeZone: ctx.actor.timeZone } : {}),
      createdAt: d.clock.now().toISOString(),
      knownTenants: (d.customers?.customers ?? []).map((c) => c.tenantId),
      toldTenants: [],
    });
  d.log.info('watch: subscribed to every customer', {
    tenantId: home,
    conversation: address.kind,
    customers: customers.filter((c) => !c.notAllowed).length,
    user: ctx.actor.aadObjectId,
  });
  return {
    type: 'watchStarted',
    created: customers.some((c) => c.created),
    conversation: address.kind,
    intervalSeconds: d.watch.intervalSeconds,
    customers,
  };
}

/** One customer of a `watch @all`: subscribed, and read once (a first look at a tenant nobody watched yet). */
async function watchCustomer(
  d: WatchCommandDeps,
  ctx: RequestContext,
  address: ConversationAddress,
  c: Customer,
): Promise<WatchedCustomerState> {
  const now = d.clock.now().toISOString();
  const tenantId = c.tenantId.toLowerCase();
  const { created } = await d.watch.store.subscribe({
    id: d.newId(),
    tenantId,
    customer: { name: c.name, displayName: c.displayName },
    address: { ...address, tenantId: ctx.actor.tenantId, conversationId: conversationKey(address.conversationId) },
    createdBy: { id: ctx.actor.aadObjectId, name: ctx.actor.name },
    locale: ctx.actor.locale,
    ...(ctx.actor.timeZone ? { timeZone: ctx.actor.timeZone } : {}),
    createdAt: now,
  });
  const state: WatchedCustomerState = { name: c.name, displayName: c.displayName, created };
  try {
    const partners = await d.gateway.list({ app: true, tenantId });
    if (!(await d.watch.store.snapshots(tenantId))) {
      await d.watch.store.baseline(
        tenantId,
        firstSnapshots(partners, d.clock.now(), d.watch.expiryWarningHours * 3_600_000),
        now,
      );
    }
    state.partners = partners.length;
  } catch (e) {
    state.readError = isAppError(e) ? e : new AppError('internal', 'watch: the first read failed', { cause: e });
    d.log.warn("watch: the bot cannot read a customer's partners with its own permission", {
      tenantId,
      customer: c.name,
      error: describeError(e),
    });
  }
  return state;
}
