/**
 * `watch @all` in the WatchStore on both engines (migration 0012): a customer's subscription keeps the
 * conversation's own tenant in its address and the customer it names, the tenant's `watching` lists it, `unwatch
 * @all` ends only those, and a customer that cannot be read is recorded (and so told) once per failure, by
 * whichever of two instances gets there first, and again only after it could be read in between.
 */
import type { Store } from '../../src/store';
import type { WatchEvent, WatchSubscription } from '../../src/core/watch-model';
import { describeOn, ENGINES, freshDatabaseEach, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

const T0 = '2025-03-01T10:00:00.000Z';
const HOME = 'tenant-home';
const CONTOSO = 'tenant-contoso';
const FABRIKAM = 'tenant-fabrikam';
const CHANNEL = '19:noc@thread.tacv2';

function subscription(
  id: string,
  tenantId: string,
  customer?: { name: string; displayName: string },
): WatchSubscription {
  return {
    id,
    tenantId,
    ...(customer ? { customer } : {}),
    address: {
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/amer/',
      conversationId: CHANNEL,
      kind: 'channel',
      tenantId: HOME,
      botId: '28:bot',
    },
    createdBy: { id: 'aad-admin', name: 'Alex Wilber' },
    locale: 'en-US',
    createdAt: T0,
  };
}

const unreadable = (id: string): WatchEvent => ({
  id,
  tenantId: FABRIKAM,
  notice: { kind: 'unreadable', reason: 'AADSTS7000229: missing service principal' },
  observedAt: T0,
});

describe.each(ENGINES)('WatchStore, watch @all, on $name', (engine) => {
  describeOn(engine)('contract', () => {
    let a: Store;
    let b: Store;
    freshDatabaseEach(engine, 2, (_, stores) => ([a, b] = stores));

    it('a customer subscription round-trips (the home tenant in its address, the customer named) and is listed with the own one', async () => {
      const own = subscription('s-own', HOME);
      const contoso = subscription('s-contoso', CONTOSO, { name: 'contoso', displayName: 'Contoso Ltd' });
      expect(await a.watch.subscribe(own)).toMatchObject({ created: true });
      expect(await a.watch.subscribe(contoso)).toEqual({ subscription: contoso, created: true });
      expect(await b.watch.subscribe({ ...contoso, id: 'again' })).toEqual({ subscription: contoso, created: false });
      expect(await b.watch.subscriptions(HOME)).toEqual([contoso, own]); // by creation, then id
      // The customer tenant is watched (polled) in its own right; its subscribers are this conversation's.
      expect(await b.watch.watchedTenants()).toEqual([CONTOSO, HOME].sort());
      expect(await b.watch.subscriptions(CONTOSO)).toEqual([]);
    });

    it('unwatch @all ends the customer subscriptions of that conversation only; unwatch ends the own one only', async () => {
      await a.watch.subscribe(subscription('s-own', HOME));
      await a.watch.subscribe(subscription('s-c', CONTOSO, { name: 'contoso', displayName: 'Contoso Ltd' }));
      await a.watch.subscribe(subscription('s-f', FABRIKAM, { name: 'fabrikam', displayName: 'Fabrikam Inc' }));
      expect(await b.watch.unsubscribeCustomers(HOME, CHANNEL)).toBe(2);
      expect((await a.watch.subscriptions(HOME)).map((s) => s.id)).toEqual(['s-own']);
      expect(await a.watch.watchedTenants()).toEqual([HOME]);
      expect(await b.watch.unsubscribeCustomers(HOME, CHANNEL)).toBe(0);
      expect(await a.watch.unsubscribe(HOME, CHANNEL)).toBe(true);
    });

    it('a read failure is recorded once (two instances race), told to the customer subscription, and again only after a recovery', async () => {
      await a.watch.subscribe(subscription('s-f', FABRIKAM, { name: 'fabrikam', displayName: 'Fabrikam Inc' }));
      const results = await Promise.all([
        a.watch.recordReadFailure(FABRIKAM, 'read:auth.customerNotConsented', unreadable('u1'), T0),
        b.watch.recordReadFailure(FABRIKAM, 'read:auth.customerNotConsented', unreadable('u2'), T0),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await a.watch.recordReadFailure(FABRIKAM, 'read:auth.customerNotConsented', unreadable('u3'), T0)).toBe(
        false,
      );
      const due = await b.watch.dueNotices(T0, T0, 10, 10);
      expect(
        due.map((d) => [d.subscription.id, d.subscription.customer?.displayName, d.events.map((e) => e.notice)]),
      ).toEqual([
        ['s-f', 'Fabrikam Inc', [{ kind: 'unreadable', reason: 'AADSTS7000229: missing service principal' }]],
      ]);
      // A first good read after the failure still starts from a first look (nothing announced).
      expect(await a.watch.snapshots(FABRIKAM)).toBeUndefined();
      expect(await a.watch.clearReadFailure(FABRIKAM)).toBe(true);
      expect(await a.watch.clearReadFailure(FABRIKAM)).toBe(false);
      expect(await b.watch.recordReadFailure(FABRIKAM, 'read:auth.customerNotConsented', unreadable('u4'), T0)).toBe(
        true,
      );
      // A different failure is a new one.
      expect(await b.watch.recordReadFailure(FABRIKAM, 'read:graph.forbidden', unreadable('u5'), T0)).toBe(true);
    });
  });
});
