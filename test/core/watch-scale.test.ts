/**
 * The watch's poller and deliverer at scale, on both engines (issue 16): many watching conversations and many
 * partners changing at once. Every change is recorded once, each conversation is told each change once, what
 * leaves for Teams keeps Teams' limits (the real OutboundQueue on a virtual clock: support/paced-notifier.ts),
 * and a failure to record is logged as what it is and recovered from at the next poll.
 */
import type { Partner } from '../../src/core/model';
import type { Logger } from '../../src/core/logger';
import type { WatchStore } from '../../src/core/ports';
import { WatchDeliverer } from '../../src/core/watch-delivery';
import { WatchPoller } from '../../src/core/watch-poller';
import type { Store } from '../../src/store';
import { describeOn, ENGINES, freshDatabaseEach, warnIfNoPostgres, type Target } from '../store/helpers';
import { subscribeMany } from '../store/watch-fixtures';
import { brokenWindows, PacedNotifier, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS } from './support/paced-notifier';

warnIfNoPostgres();

const T0 = Date.parse('2025-03-01T10:00:00.000Z');

class CapturingLogger implements Logger {
  readonly lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  debug(msg: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'debug', msg, fields });
  }
  info(msg: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'info', msg, fields });
  }
  warn(msg: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'warn', msg, fields });
  }
  error(msg: string, fields?: Record<string, unknown>) {
    this.lines.push({ level: 'error', msg, fields });
  }
}

const partnersOf = (n: number, status: Partner['onboardingStatus']): Partner[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    displayName: `Partner ${i}`,
    onboardingStatus: status,
    onboardingUrl: '',
    lastConnectionDateTime: '2025-03-01T09:00:00Z',
    onboardingRequestExpiryDateTime: '0001-01-01T00:00:00Z',
  }));

describe.each(ENGINES)('the watch at scale on $name', (engine) => {
  describeOn(engine)('poller and deliverer', () => {
    let target: Target;
    let store: Store;
    let partners: Partner[];
    let log: CapturingLogger;
    let notifier: PacedNotifier;
    let clockMs: number;
    let seq: number;
    freshDatabaseEach(engine, 1, (t, [s]) => {
      target = t;
      store = s;
    });
    beforeEach(() => {
      log = new CapturingLogger();
      notifier = new PacedNotifier();
      clockMs = T0;
      seq = 0;
    });

    const poller = (watchStore: WatchStore = store.watch) => {
      const clock = { now: () => new Date(clockMs) };
      const deliverer = new WatchDeliverer({ store: watchStore, notifier, clock, log });
      const p = new WatchPoller({
        store: watchStore,
        gateway: { list: async () => partners.map((x) => ({ ...x })) },
        deliverer,
        clock,
        log,
        newId: () => `ev-${++seq}`,
        holder: 'A',
        intervalSeconds: 60,
        expiryWarningHours: 24,
      });
      return { p, deliverer };
    };
    /** A poll (the interval passed) and every notice it leads to. */
    const pollAndDeliver = async (w: ReturnType<typeof poller>) => {
      clockMs += 60_000;
      await w.p.tick();
      await w.deliverer.kick();
    };
    const toldPerConversation = () => {
      const per = new Map<string, string[]>();
      for (const s of notifier.sent) per.set(s.conversation, [...(per.get(s.conversation) ?? []), s.eventId]);
      return per;
    };

    async function changeAtOnce(conversations: number, changing: number): Promise<void> {
      await subscribeMany(target.options, conversations);
      partners = partnersOf(changing, 'onboarded');
      const w = poller();
      await pollAndDeliver(w); // the first look: nothing to tell
      partners = partnersOf(changing, 'notOnboarded');
      await pollAndDeliver(w); // one poll: every notice told (rounds follow one another while more are due)
      const events = new Set(notifier.sent.map((s) => s.eventId));
      expect(events.size).toBe(changing); // every change recorded once
      const told = toldPerConversation();
      expect(told.size).toBe(conversations);
      for (const ids of told.values()) expect(ids).toEqual([...events]); // each told once, in the order noticed
      expect(notifier.sent).toHaveLength(conversations * changing);
      expect(brokenWindows(notifier.sent, (s) => s.conversation, TEAMS_CONVERSATION_LIMITS)).toEqual([]);
      expect(brokenWindows(notifier.sent, (s) => s.tenantId, TEAMS_TENANT_LIMITS)).toEqual([]);
      expect(log.lines.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
      await pollAndDeliver(w); // nothing new: nothing more is told
      expect(notifier.sent).toHaveLength(conversations * changing);
    }

    it('1,002 watching conversations and 4 partners changing at once: every change recorded once, each conversation told once', async () => {
      await changeAtOnce(1002, 4);
    }, 60_000);

    it("10,000 watching conversations and 20 partners changing at once: the same, within Teams' limits", async () => {
      const started = Date.now();
      await changeAtOnce(10_000, 20);
      // 200,000 notices at Teams' 30 per second per tenant: about two hours of Teams' time.
      console.log(
        `${engine.name}: 10,000 x 20 in ${Date.now() - started} ms; Teams' pacing would take ${(notifier.elapsedMs / 3_600_000).toFixed(2)} h`,
      );
    }, 300_000);

    it('a failure to record the changes is logged as what it is, and the next poll records them', async () => {
      await subscribeMany(target.options, 3);
      partners = partnersOf(2, 'onboarded');
      let failures = 1;
      const flaky: WatchStore = Object.create(store.watch, {
        recordChanges: {
          value: (...args: Parameters<WatchStore['recordChanges']>) =>
            failures-- > 0 ? Promise.reject(new Error('database is locked')) : store.watch.recordChanges(...args),
        },
      });
      const w = poller(flaky);
      await pollAndDeliver(w);
      partners = partnersOf(2, 'notOnboarded');
      await pollAndDeliver(w);
      expect(notifier.sent).toEqual([]);
      const warned = log.lines.filter((l) => l.level === 'warn' || l.level === 'error');
      expect(warned.map((l) => l.msg)).toEqual(["watch: could not record the partners' changes"]);
      expect(warned[0].fields).toMatchObject({
        tenantId: 'tenant-a',
        error: expect.objectContaining({ message: 'database is locked' }),
      });
      await pollAndDeliver(w);
      expect(notifier.sent).toHaveLength(3 * 2);
      expect(log.lines.map((l) => l.msg)).toContain("watch: the partners' changes are recorded again");
    }, 60_000);
  });
});
