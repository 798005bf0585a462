/**
 * The WatchStore contract on both engines (a SQLite file, PostgreSQL in a schema of its own), with two stores
 * on the same database standing for two instances: a change is recorded once however many pollers race, a
 * subscription's notices are claimed once, the lease has one holder at a time and passes on when it runs out.
 */
import type { Store } from '../../src/store';
import type { PartnerSnapshot, WatchEvent, WatchSubscription } from '../../src/core/watch-model';
import { describeOn, ENGINES, freshDatabaseEach, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

const T0 = '2025-03-01T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

function subscription(id: string, conversationId: string, tenantId = 'tenant-a'): WatchSubscription {
  return {
    id,
    tenantId,
    address: {
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/amer/',
      conversationId,
      kind: 'channel',
      tenantId,
      botId: '28:bot',
    },
    createdBy: { id: 'aad-admin', name: 'Alex Wilber' },
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    createdAt: T0,
  };
}

const TEAMVIEWER: PartnerSnapshot = {
  partnerId: 'p-tv',
  displayName: 'TeamViewer Connector',
  onboardingStatus: 'onboarded',
};
const event = (id: string, tenantId = 'tenant-a'): WatchEvent => ({
  id,
  tenantId,
  notice: {
    kind: 'statusChanged',
    partner: { id: 'p-tv', displayName: 'TeamViewer Connector', onboardingStatus: 'notOnboarded' },
    from: 'onboarded',
  },
  observedAt: at(60),
});

describe.each(ENGINES)('WatchStore on $name', (engine) => {
  describeOn(engine)('contract', () => {
    let a: Store;
    let b: Store;
    freshDatabaseEach(engine, 2, (_, stores) => ([a, b] = stores));

    it('subscribes a conversation once (a second watch keeps the first), round-trips its address, lists per tenant', async () => {
      const first = subscription('s1', '19:general@thread.tacv2');
      expect(await a.watch.subscribe(first)).toEqual({ subscription: first, created: true });
      expect(
        await b.watch.subscribe({
          ...subscription('s2', '19:general@thread.tacv2'),
          createdBy: { id: 'x', name: 'Lee Gu' },
        }),
      ).toEqual({ subscription: first, created: false });
      await a.watch.subscribe(subscription('s3', '19:other@thread.v2', 'tenant-b'));
      expect(await b.watch.subscriptions('tenant-a')).toEqual([first]);
      expect(await b.watch.watchedTenants()).toEqual(['tenant-a', 'tenant-b']);
    });

    it('a baseline is taken once; changes are written only on top of the version they were computed from, once however many race', async () => {
      await a.watch.subscribe(subscription('s1', 'c1'));
      await a.watch.subscribe(subscription('s2', 'c2'));
      expect(await a.watch.baseline('tenant-a', [TEAMVIEWER], T0)).toBe(true);
      expect(await b.watch.baseline('tenant-a', [], T0)).toBe(false);
      expect(await b.watch.snapshots('tenant-a')).toEqual({ version: 0, partners: [TEAMVIEWER] });

      const now = { ...TEAMVIEWER, onboardingStatus: 'notOnboarded' as const };
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 ? a : b).watch.recordChanges('tenant-a', 0, [now], [event(`e${i}`)], at(60)),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await a.watch.snapshots('tenant-a')).toEqual({ version: 1, partners: [now] });
      // One event, to be told to each of the two subscriptions.
      const due = await b.watch.dueNotices(at(61), at(0), 50, 10);
      expect(due.map((x) => x.subscription.id).sort()).toEqual(['s1', 's2']);
      expect(due.map((x) => x.events.map((e) => e.id))).toEqual([
        [expect.stringMatching(/^e\d$/)],
        [due[0].events[0].id],
      ]);
      expect(due[0].events[0].notice).toEqual(event('x').notice);
      expect(due[0].subscription).toEqual(
        subscription(due[0].subscription.id, due[0].subscription.address.conversationId),
      );
    });

    it('notices are claimed once per subscription; told ones are not due again; a failure is retried at its time or given up', async () => {
      await a.watch.subscribe(subscription('s1', 'c1'));
      await a.watch.baseline('tenant-a', [TEAMVIEWER], T0);
      await a.watch.recordChanges('tenant-a', 0, [TEAMVIEWER], [event('e1'), event('e2'), event('e3')], at(60));
      const [due] = await a.watch.dueNotices(at(60), at(0), 50, 10);
      expect(due.events.map((x) => x.id)).toEqual(['e1', 'e2', 'e3']); // in the order they were noticed
      const claim = { subscriptionId: 's1', cursor: due.cursor };
      const claims = await Promise.all([a, b, a, b].map((s) => s.watch.claimNotices([claim], at(61), at(0))));
      expect(claims.flat()).toEqual(['s1']);
      expect(await b.watch.dueNotices(at(62), at(0), 50, 10)).toEqual([]); // claimed
      // e1 delivered, e2 failed for now: the cursor moves past e1, e2 waits for its retry time.
      await a.watch.recordProgress('s1', due.cursor, at(61), {
        toldEventId: 'e1',
        attempts: 1,
        retryAt: at(120),
        error: 'HTTP 502',
      });
      expect(await a.watch.dueNotices(at(100), at(0), 50, 10)).toEqual([]);
      const retry = await a.watch.dueNotices(at(120), at(0), 50, 10);
      expect(retry.map((x) => [x.events.map((e) => e.id), x.attempts])).toEqual([[['e2', 'e3'], 1]]);
      // A claim on a cursor that moved meanwhile takes nothing; e2 given up and e3 delivered: nothing left.
      expect(await b.watch.claimNotices([claim], at(121), at(0))).toEqual([]);
      expect(await b.watch.claimNotices([{ subscriptionId: 's1', cursor: retry[0].cursor }], at(121), at(0))).toEqual([
        's1',
      ]);
      await b.watch.recordProgress('s1', retry[0].cursor, at(121), { toldEventId: 'e3', attempts: 0 });
      expect(await a.watch.dueNotices(at(999), at(0), 50, 10)).toEqual([]);
    });

    it('notices claimed by an instance that stopped while posting are due again once the claim is stale', async () => {
      await a.watch.subscribe(subscription('s1', 'c1'));
      await a.watch.baseline('tenant-a', [], T0);
      await a.watch.recordChanges('tenant-a', 0, [], [event('e1')], at(60));
      const [due] = await a.watch.dueNotices(at(61), at(0), 50, 10);
      expect(await a.watch.claimNotices([{ subscriptionId: 's1', cursor: due.cursor }], at(61), at(0))).toEqual(['s1']);
      expect(await b.watch.dueNotices(at(100), at(0), 50, 10)).toEqual([]);
      expect((await b.watch.dueNotices(at(700), at(100), 50, 10)).map((x) => x.events.map((e) => e.id))).toEqual([
        ['e1'],
      ]);
      expect(await b.watch.claimNotices([{ subscriptionId: 's1', cursor: due.cursor }], at(700), at(100))).toEqual([
        's1',
      ]);
      // The first instance's late report does not move the cursor under the second one's claim.
      await a.watch.recordProgress('s1', due.cursor, at(61), { toldEventId: 'e1', attempts: 0 });
      expect(await b.watch.dueNotices(at(2000), at(1000), 50, 10)).toHaveLength(1);
    });

    it('a new subscription is not told older changes', async () => {
      await a.watch.subscribe(subscription('s1', 'c1'));
      await a.watch.baseline('tenant-a', [], T0);
      await a.watch.recordChanges('tenant-a', 0, [], [event('e1')], at(60));
      await b.watch.subscribe(subscription('s2', 'c2'));
      await a.watch.recordChanges('tenant-a', 1, [], [event('e2')], at(120));
      const due = await b.watch.dueNotices(at(121), at(0), 50, 10);
      expect(due.map((x) => [x.subscription.id, x.events.map((e) => e.id)])).toEqual([
        ['s1', ['e1', 'e2']],
        ['s2', ['e2']],
      ]);
    });

    it("unwatch drops the conversation's undelivered notices; the last one also forgets the tenant's snapshots", async () => {
      await a.watch.subscribe(subscription('s1', 'c1'));
      await a.watch.subscribe(subscription('s2', 'c2'));
      await a.watch.baseline('tenant-a', [TEAMVIEWER], T0);
      await a.watch.recordChanges('tenant-a', 0, [TEAMVIEWER], [event('e1')], at(60));
      expect(await b.watch.unsubscribe('tenant-a', 'c1')).toBe(true);
      expect(await b.watch.unsubscribe('tenant-a', 'c1')).toBe(false);
      expect((await a.watch.dueNotices(at(60), at(0), 50, 10)).map((x) => x.subscription.id)).toEqual(['s2']);
      expect(await a.watch.snapshots('tenant-a')).toBeDefined();
      expect(await b.watch.unsubscribe('tenant-a', 'c2')).toBe(true);
      expect(await a.watch.snapshots('tenant-a')).toBeUndefined();
      expect(await a.watch.watchedTenants()).toEqual([]);
      // A poller that computed changes before the last unwatch writes nothing.
      expect(await a.watch.recordChanges('tenant-a', 1, [TEAMVIEWER], [event('e9')], at(70))).toBe(false);
      // A later watch starts afresh, and is not told what the earlier one was.
      await a.watch.subscribe(subscription('s3', 'c3'));
      expect(await a.watch.baseline('tenant-a', [TEAMVIEWER], at(80))).toBe(true);
      expect(await a.watch.dueNotices(at(90), at(0), 50, 10)).toEqual([]);
    });

    it('the lease: one holder at a time, renewed by its holder, taken over when it ran out or was let go; the last poll time survives', async () => {
      expect(await a.watch.acquireWatchLease('A', at(0), at(20))).toEqual({ held: true });
      expect(await b.watch.acquireWatchLease('B', at(10), at(30))).toEqual({ held: false });
      await a.watch.markWatchPolled('A', at(5));
      expect(await a.watch.acquireWatchLease('A', at(15), at(35))).toEqual({ held: true, polledAt: at(5) });
      expect(await b.watch.acquireWatchLease('B', at(34), at(54))).toEqual({ held: false });
      // A stops renewing: B takes it once it ran out, A is refused afterwards.
      expect(await b.watch.acquireWatchLease('B', at(35), at(55))).toEqual({ held: true, polledAt: at(5) });
      expect(await a.watch.acquireWatchLease('A', at(36), at(56))).toEqual({ held: false });
      await a.watch.markWatchPolled('A', at(36)); // not the holder: no effect
      await b.watch.releaseWatchLease('B', at(40));
      expect(await a.watch.acquireWatchLease('A', at(40), at(60))).toEqual({ held: true, polledAt: at(5) });
    });

    it('ten instances reaching for a free lease at once: exactly one gets it', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).watch.acquireWatchLease(`I${i}`, at(0), at(20))),
      );
      expect(results.filter((r) => r.held)).toHaveLength(1);
    });
  });
});
