/**
 * A conversation's `watch @all` remembered (migration 0013) on both engines: what was configured when it was typed,
 * the customers it has subscriptions for, and the customers told to it since as new, claimed once by whichever of
 * two instances gets there first; typing `watch @all` again settles it, `unwatch @all` forgets it. A database left
 * at 0012 is migrated with none remembered.
 */
import type { Store } from '../../src/store';
import type { WatchAll, WatchSubscription } from '../../src/core/watch-model';
import { openStore } from '../../src/store';
import {
  describeOn,
  ENGINES,
  freshDatabaseEach,
  leftAtMigration,
  warnIfNoPostgres,
  withFreshDatabase,
} from './helpers';

warnIfNoPostgres();

const T0 = '2025-03-01T10:00:00.000Z';
const HOME = 'tenant-home';
const CONTOSO = 'tenant-contoso';
const FABRIKAM = 'tenant-fabrikam';
const WINGTIP = 'tenant-wingtip';
const CHANNEL = '19:noc@thread.tacv2';
const OTHER = '19:other@thread.tacv2';

const address = (conversationId = CHANNEL) => ({
  channelId: 'msteams',
  serviceUrl: 'https://smba.example/amer/',
  conversationId,
  kind: 'channel' as const,
  tenantId: HOME,
  botId: '28:bot',
});

const watchAll = (known: string[], conversationId = CHANNEL): WatchAll => ({
  address: address(conversationId),
  createdBy: { id: 'aad-admin', name: 'Alex Wilber' },
  locale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  createdAt: T0,
  knownTenants: known,
  toldTenants: [],
});

const customerSubscription = (id: string, tenantId: string, name: string): WatchSubscription => ({
  id,
  tenantId,
  customer: { name, displayName: name },
  address: address(),
  createdBy: { id: 'aad-admin', name: 'Alex Wilber' },
  locale: 'zh-CN',
  createdAt: T0,
});

describe.each(ENGINES)('WatchStore, watch @all remembered, on $name', (engine) => {
  describeOn(engine)('contract', () => {
    let a: Store;
    let b: Store;
    freshDatabaseEach(engine, 2, (_, stores) => ([a, b] = stores));

    it('round-trips, with the customer tenants the conversation has subscriptions for now', async () => {
      await a.watch.subscribe(customerSubscription('s-c', CONTOSO, 'contoso'));
      await a.watch.rememberWatchAll(watchAll([FABRIKAM, CONTOSO.toUpperCase()]));
      await a.watch.rememberWatchAll(watchAll([], OTHER));
      expect(await b.watch.watchAlls()).toEqual([
        { ...watchAll([CONTOSO, FABRIKAM]), subscribedTenants: [CONTOSO] },
        { ...watchAll([], OTHER), subscribedTenants: [] },
      ]);
    });

    it('tells a customer once when two instances race, and typing watch @all again settles it', async () => {
      await a.watch.rememberWatchAll(watchAll([CONTOSO]));
      const claims = await Promise.all([
        a.watch.setToldCustomers(HOME, CHANNEL, [], [WINGTIP]),
        b.watch.setToldCustomers(HOME, CHANNEL, [], [WINGTIP]),
      ]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await a.watch.watchAlls())[0].toldTenants).toEqual([WINGTIP]);
      // A stale `before` (what a second poller read before the first told) changes nothing.
      expect(await b.watch.setToldCustomers(HOME, CHANNEL, [], [WINGTIP, FABRIKAM])).toBe(false);
      expect(await b.watch.setToldCustomers(HOME, CHANNEL, [WINGTIP], [FABRIKAM, WINGTIP])).toBe(true);
      expect((await a.watch.watchAlls())[0].toldTenants).toEqual([FABRIKAM, WINGTIP]);
      // `watch @all` again: what is configured now is known, nothing is told as new any more.
      await b.watch.rememberWatchAll(watchAll([CONTOSO, FABRIKAM, WINGTIP]));
      expect((await a.watch.watchAlls())[0]).toMatchObject({
        knownTenants: [CONTOSO, FABRIKAM, WINGTIP],
        toldTenants: [],
      });
    });

    it('unwatch @all forgets it (and nothing can be told to it after)', async () => {
      await a.watch.rememberWatchAll(watchAll([CONTOSO]));
      expect(await b.watch.forgetWatchAll(HOME, CHANNEL)).toBe(true);
      expect(await b.watch.forgetWatchAll(HOME, CHANNEL)).toBe(false);
      expect(await a.watch.watchAlls()).toEqual([]);
      expect(await a.watch.setToldCustomers(HOME, CHANNEL, [], [WINGTIP])).toBe(false);
    });
  });

  describeOn(engine)('migration 0013', () => {
    it('a database at 0012 with a watch @all channel is migrated with none remembered, and can remember one', async () => {
      await withFreshDatabase(engine, async (target) => {
        // A channel that typed `watch @all` under 0012: its customer subscription, nothing of what was configured then.
        await leftAtMigration(target, '0012', (db) =>
          db
            .insertInto('watch_subscriptions')
            .values({
              id: 's-c',
              tenant_id: CONTOSO,
              scope: 'customers',
              home_tenant_id: HOME,
              customer_name: 'contoso',
              customer_display_name: 'Contoso Ltd',
              conversation_id: CHANNEL,
              conversation_kind: 'channel',
              channel_id: 'msteams',
              service_url: 'https://smba.example/amer/',
              bot_id: '28:bot',
              created_by_id: 'aad-admin',
              created_by_name: 'Alex Wilber',
              locale: 'en-US',
              time_zone: null,
              created_at: T0,
            } as never)
            .execute(),
        );
        const store = await openStore(target.options);
        try {
          expect(store.appliedMigrations).toEqual(['0013_watch_all']);
          // Not guessed: which customers were configured (and not allowed) then is nowhere in the database, so
          // remembering it now would announce those as new. It is remembered when `watch @all` is typed again.
          expect(await store.watch.watchAlls()).toEqual([]);
          expect((await store.watch.subscriptions(HOME)).map((s) => s.customer?.name)).toEqual(['contoso']);
          await store.watch.rememberWatchAll(watchAll([CONTOSO]));
          expect(await store.watch.watchAlls()).toMatchObject([
            { knownTenants: [CONTOSO], toldTenants: [], subscribedTenants: [CONTOSO] },
          ]);
        } finally {
          await store.close();
        }
      });
    });
  });
});
