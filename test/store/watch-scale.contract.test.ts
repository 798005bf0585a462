/**
 * The watch's store at scale, on both engines: recording a change costs the same whatever the number of
 * watching conversations (issue 16: one INSERT of every event for every subscription went past SQLite's
 * parameter limit at 1,002 conversations and 4 changes, PostgreSQL's at about twice that).
 */
import type { Store } from '../../src/store';
import type { PartnerSnapshot, WatchEvent } from '../../src/core/watch-model';
import { describeOn, ENGINES, freshDatabaseEach, warnIfNoPostgres, type Target } from './helpers';
import { subscribeMany } from './watch-fixtures';

warnIfNoPostgres();

const T0 = '2025-03-01T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

const partners = (n: number): PartnerSnapshot[] =>
  Array.from({ length: n }, (_, i) => ({
    partnerId: `p${i}`,
    displayName: `Partner ${i}`,
    onboardingStatus: 'onboarded',
  }));
const events = (n: number, prefix = 'e'): WatchEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    tenantId: 'tenant-a',
    notice: {
      kind: 'statusChanged',
      partner: { id: `p${i}`, displayName: `Partner ${i}`, onboardingStatus: 'notOnboarded' },
      from: 'onboarded',
    },
    observedAt: at(60),
  }));

describe.each(ENGINES)('the watch store at scale on $name', (engine) => {
  describeOn(engine)('recording', () => {
    let target: Target;
    let a: Store;
    let b: Store;
    freshDatabaseEach(engine, 2, (t, stores) => {
      target = t;
      [a, b] = stores;
    });

    it('4 partners changing at once with 1,002 watching conversations: the changes are recorded once, each conversation has them to tell', async () => {
      await subscribeMany(target.options, 1002);
      expect(await a.watch.baseline('tenant-a', partners(4), T0)).toBe(true);
      const now = partners(4).map((p) => ({ ...p, onboardingStatus: 'notOnboarded' as const }));
      expect(await a.watch.recordChanges('tenant-a', 0, now, events(4), at(60))).toBe(true);
      expect(await b.watch.snapshots('tenant-a')).toEqual({ version: 1, partners: now });
      const due = await b.watch.dueNotices(at(61), at(0), 10_000, 10);
      expect(due).toHaveLength(1002);
      expect(new Set(due.map((x) => x.events.map((e) => e.id).join()))).toEqual(new Set(['e0,e1,e2,e3']));
    }, 60_000);
  });
});
