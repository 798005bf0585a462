/**
 * Customers configured after a conversation's `watch @all` (issue 19). The poller has no user, so it cannot decide
 * whether the people of that conversation may read a new customer: it never subscribes one on its own (deny by
 * default). It tells the conversation instead, once per customer (persisted, compare-and-set in the store: not every
 * poll, not again after a restart, not twice across instances), with a button that runs `watch @all` again as the
 * clicker, whose own groups then decide.
 *
 * Which customers are new: configured now, without a subscription of this conversation, and not among the customer
 * tenants configured when `watch @all` was last typed (`knownTenants`). That last test is what keeps a customer the
 * typing user was not allowed to read from being announced: it was already listed "not allowed" on that card, and
 * only a customer added to the configuration since is news. (Remembering the customers known then, rather than the
 * ones refused, also covers a customer whose subscription ended since: the channel was told when it ended.)
 */
import type { CustomerDirectory } from './customers';
import { describeError } from './errors';
import type { Logger } from './logger';
import type { Clock, NoticeOutcome, WatchStore } from './ports';
import type { WatchAllState, WatchEvent, WatchSubscription, WatchedCustomer } from './watch-model';

export interface NewCustomersOptions {
  store: Pick<WatchStore, 'watchAlls' | 'setToldCustomers' | 'forgetWatchAll'>;
  customers: CustomerDirectory;
  /** Posts one notice (the deliverer's Notifier). */
  post: (subscription: WatchSubscription, event: WatchEvent) => Promise<NoticeOutcome>;
  clock: Clock;
  log: Logger;
  newId: () => string;
}

/** The customers of the directory that are new to this `watch @all` and not told yet. */
export function newCustomersOf(
  w: WatchAllState,
  customers: CustomerDirectory,
): (WatchedCustomer & { tenantId: string })[] {
  const old = new Set([...w.knownTenants, ...w.subscribedTenants, ...w.toldTenants].map((t) => t.toLowerCase()));
  return customers.customers
    .filter((c) => !old.has(c.tenantId.toLowerCase()))
    .map((c) => ({ name: c.name, displayName: c.displayName, tenantId: c.tenantId.toLowerCase() }));
}

/** Tells each `watch @all` conversation its new customers. Never throws (a failure is tried again next poll). */
export async function tellNewCustomers(o: NewCustomersOptions): Promise<void> {
  let all: WatchAllState[];
  try {
    all = await o.store.watchAlls();
  } catch (e) {
    o.log.warn('watch: could not read the watch @all conversations', { error: describeError(e) });
    return;
  }
  for (const w of all) {
    try {
      await tellOne(o, w);
    } catch (e) {
      o.log.warn('watch: could not tell a conversation its new customers', {
        tenantId: w.address.tenantId,
        error: describeError(e),
      });
    }
  }
}

async function tellOne(o: NewCustomersOptions, w: WatchAllState): Promise<void> {
  const fresh = newCustomersOf(w, o.customers);
  if (fresh.length === 0) return;
  const home = w.address.tenantId;
  const conversation = w.address.conversationId;
  const told = [...w.toldTenants, ...fresh.map((c) => c.tenantId)];
  // Claimed first: of two pollers (or a restart), exactly one gets here with these customers.
  if (!(await o.store.setToldCustomers(home, conversation, w.toldTenants, told))) return;
  const now = o.clock.now().toISOString();
  const customers = fresh.map(({ name, displayName }) => ({ name, displayName }));
  const event: WatchEvent = {
    id: o.newId(),
    tenantId: home,
    notice: { kind: 'newCustomers', customers },
    observedAt: now,
  };
  const subscription: WatchSubscription = {
    id: `watch-all:${conversation}`,
    tenantId: home,
    address: w.address,
    createdBy: w.createdBy,
    locale: w.locale,
    ...(w.timeZone ? { timeZone: w.timeZone } : {}),
    createdAt: w.createdAt,
  };
  const outcome = await o.post(subscription, event).catch((e: unknown): NoticeOutcome => ({
    delivered: false,
    final: false,
    reason: String(describeError(e).message),
  }));
  const names = customers.map((c) => c.name);
  if (outcome.delivered) {
    o.log.info('watch: a watch @all conversation was told of new customers', { tenantId: home, customers: names });
    return;
  }
  if (outcome.gone) {
    await o.store.forgetWatchAll(home, conversation);
    o.log.warn('watch: the conversation refuses the bot; its watch @all is forgotten', { tenantId: home });
    return;
  }
  // Not posted for now: given back, so that the next poll tries again (a final refusal is not tried again).
  if (!outcome.final) await o.store.setToldCustomers(home, conversation, told, w.toldTenants);
  o.log.warn('watch: could not tell a conversation its new customers', {
    tenantId: home,
    customers: names,
    reason: outcome.reason,
    retried: !outcome.final,
  });
}
