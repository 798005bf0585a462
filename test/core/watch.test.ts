/**
 * The watch in the core, with in-memory ports (the store on SQLite :memory:, partners in a Map, a settable
 * clock) and a recording Notifier: the commands, the poller's lease and its back-off, and each change told
 * once per subscription, also by a poller that starts again on the same store.
 */
import { AppError } from '../../src/core/errors';
import type { NoticeOutcome, Notifier } from '../../src/core/ports';
import type { Reply } from '../../src/core/replies';
import { WatchDeliverer } from '../../src/core/watch-delivery';
import type { WatchEvent, WatchSubscription } from '../../src/core/watch-model';
import { WatchPoller } from '../../src/core/watch-poller';
import { silentLogger } from '../../src/core/logger';
import { ADMIN, inMemoryCore, READER, TENANT, type Core } from './support/in-memory-ports';

class RecordingNotifier implements Notifier {
  readonly sent: { conversation: string; event: WatchEvent }[] = [];
  /** Answers for the next notices (then: delivered). */
  answers: NoticeOutcome[] = [];
  async notify(s: WatchSubscription, event: WatchEvent): Promise<NoticeOutcome> {
    const answer = this.answers.shift() ?? { delivered: true };
    if (answer.delivered) this.sent.push({ conversation: s.address.conversationId, event });
    return answer;
  }
}

describe('the watch (in-memory ports)', () => {
  let core: Core;
  let notifier: RecordingNotifier;
  let seq = 0;
  beforeEach(async () => {
    core = await inMemoryCore();
    notifier = new RecordingNotifier();
  });
  afterEach(() => core.close());

  const run = (
    name: 'watch' | 'unwatch' | 'watching',
    who = ADMIN,
    conversationId = '19:ops@thread.tacv2;messageid=17',
    kind: 'channel' | 'groupChat' = 'channel',
  ) => core.service.handleCommand({ name }, core.as(who, { conversationId, kind }));
  const poller = (holder: string) =>
    new WatchPoller({
      store: core.store.watch,
      gateway: core.gateway,
      deliverer: new WatchDeliverer({ store: core.store.watch, notifier, clock: core.clock, log: silentLogger }),
      clock: core.clock,
      log: silentLogger,
      newId: () => `ev-${++seq}`,
      holder,
      intervalSeconds: 300,
      expiryWarningHours: 24,
    });
  /** A tick, and the notices it sent. */
  const tick = async (p: WatchPoller) => {
    await p.tick();
    await (p as unknown as { o: { deliverer: WatchDeliverer } }).o.deliverer.kick();
  };
  const setStatus = (status: 'notOnboarded' | 'onboarding' | 'onboarded') => {
    core.gateway.partners.get('p-teamviewer')!.onboardingStatus = status;
  };

  it('watch: an admin subscribes the channel (its root, whatever thread), sees the partners as the bot reads them with its own permission', async () => {
    const reply = await run('watch');
    expect(reply).toMatchObject({ type: 'watchStarted', created: true, conversation: 'channel', intervalSeconds: 300 });
    expect((reply as Extract<Reply, { type: 'watchStarted' }>).partners?.map((p) => p.id)).toEqual([
      'p-teamviewer',
      'p-other',
    ]);
    expect(core.gateway.appReads).toEqual([TENANT]);
    expect(core.gateway.calls).toEqual([]); // nothing on the user's behalf
    const subs = await core.store.watch.subscriptions(TENANT);
    expect(subs.map((s) => [s.address.conversationId, s.address.kind, s.createdBy.id])).toEqual([
      ['19:ops@thread.tacv2', 'channel', ADMIN],
    ]);
    expect(await run('watch', ADMIN, '19:ops@thread.tacv2;messageid=99')).toMatchObject({
      type: 'watchStarted',
      created: false,
    });
    expect(await core.store.watch.subscriptions(TENANT)).toHaveLength(1);
  });

  it('a reader may see where the notices go, but not start or stop them (recorded as denials)', async () => {
    await run('watch');
    expect(await run('watch', READER, '19:readers@thread.v2', 'groupChat')).toMatchObject({
      type: 'denied',
      reason: 'readOnly',
    });
    expect(await run('unwatch', READER)).toMatchObject({ type: 'denied', reason: 'readOnly' });
    const listed = await run('watching', READER, '19:ops@thread.tacv2');
    expect(listed).toMatchObject({ type: 'watching', intervalSeconds: 300 });
    const l = listed as Extract<Reply, { type: 'watching' }>;
    expect(l.subscriptions).toHaveLength(1);
    expect(l.hereId).toBe(l.subscriptions[0].id);
    const denials = await core.store.operations.history({ tenantId: TENANT, states: ['denied'], limit: 10 });
    expect(denials).toHaveLength(2);
  });

  it('watch when the bot may not read yet (no admin consent for the application permission): subscribed, and the card says why', async () => {
    core.gateway.failNextAppRead = new AppError('graph.forbidden', 'no role', { status: 403 });
    expect(await run('watch')).toMatchObject({
      type: 'watchStarted',
      created: true,
      readError: { kind: 'graph.forbidden' },
    });
    expect(await core.store.watch.subscriptions(TENANT)).toHaveLength(1);
    expect(await core.store.watch.snapshots(TENANT)).toBeUndefined(); // the poller takes the first look later
  });

  it('a change made elsewhere is told once per subscription, and not again by a poller that starts again on the same store', async () => {
    await run('watch');
    await run('watch', ADMIN, '19:chat@thread.v2', 'groupChat');
    const first = poller('A');
    await tick(first);
    expect(notifier.sent).toEqual([]);
    setStatus('notOnboarded'); // disconnected in the Intune admin center
    core.clock.advanceMinutes(5);
    await tick(first);
    expect(notifier.sent.map((s) => [s.conversation, s.event.notice.kind])).toEqual([
      ['19:ops@thread.tacv2', 'statusChanged'],
      ['19:chat@thread.v2', 'statusChanged'],
    ]);
    core.clock.advanceMinutes(5);
    await tick(first);
    await first.stop();
    const again = poller('A2');
    core.clock.advanceMinutes(5);
    await tick(again);
    expect(notifier.sent).toHaveLength(2);
  });

  it('unwatch: no more notices there; the last unwatch forgets what was seen, so a later watch starts afresh', async () => {
    await run('watch');
    const p = poller('A');
    await tick(p);
    expect(await run('unwatch', ADMIN, '19:ops@thread.tacv2;messageid=5')).toEqual({
      type: 'watchStopped',
      existed: true,
    });
    expect(await run('unwatch')).toEqual({ type: 'watchStopped', existed: false });
    setStatus('notOnboarded');
    core.clock.advanceMinutes(5);
    await tick(p);
    expect(notifier.sent).toEqual([]);
    await run('watch');
    core.clock.advanceMinutes(5);
    await tick(p);
    expect(notifier.sent).toEqual([]); // the disconnect happened before this watch began
  });

  it('two pollers: only the lease holder reads; when it stops ticking, the other takes over within one interval', async () => {
    await run('watch');
    const a = poller('A');
    const b = poller('B');
    const readsBefore = core.gateway.appReads.length;
    for (let i = 0; i < 6; i++) {
      await tick(a);
      await tick(b);
      core.clock.advanceMinutes(100 / 60); // a third of the interval
    }
    expect(a.isHolder).toBe(true);
    expect(b.isHolder).toBe(false);
    const reads = core.gateway.appReads.length - readsBefore;
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(reads).toBeLessThanOrEqual(3); // 10 minutes at a 5-minute interval
    // A dies (no more ticks). B ticks every interval/3: it holds the lease within one interval.
    setStatus('notOnboarded');
    let waited = 0;
    while (!b.isHolder) {
      core.clock.advanceMinutes(100 / 60);
      waited += 100;
      await tick(b);
    }
    expect(waited).toBeLessThanOrEqual(300);
    expect(notifier.sent.map((s) => s.event.notice.kind)).toEqual(['statusChanged']);
  });

  it("throttled by Graph beyond the gateway's own retries: the poller leaves the tenant alone for the Retry-After", async () => {
    await run('watch');
    const p = poller('A');
    core.gateway.failNextAppRead = new AppError('graph.throttled', '429', { status: 429, retryAfterSeconds: 900 });
    core.clock.advanceMinutes(5);
    await tick(p);
    const reads = core.gateway.appReads.length;
    core.clock.advanceMinutes(5);
    await tick(p);
    core.clock.advanceMinutes(5);
    await tick(p);
    expect(core.gateway.appReads.length).toBe(reads); // 10 of the 15 minutes
    core.clock.advanceMinutes(5);
    await tick(p);
    expect(core.gateway.appReads.length).toBe(reads + 1);
  });

  it('a notice that cannot be delivered now is tried again later; a conversation that refuses the bot for good is given up, and its watch ends', async () => {
    await run('watch');
    await run('watch', ADMIN, '19:gone@thread.v2', 'groupChat');
    const p = poller('A');
    await tick(p);
    setStatus('notOnboarded');
    notifier.answers = [
      { delivered: false, final: false, reason: 'HTTP 502' },
      { delivered: false, final: true, gone: true, reason: 'HTTP 403' },
    ];
    core.clock.advanceMinutes(5);
    await tick(p);
    expect(notifier.sent).toEqual([]);
    core.clock.advanceMinutes(1.5);
    await tick(p);
    expect(notifier.sent.map((s) => s.conversation)).toEqual(['19:ops@thread.tacv2']);
    core.clock.advanceMinutes(120);
    await tick(p);
    expect(notifier.sent).toHaveLength(1);
    // The conversation that refused the bot for good is not watched any more.
    expect((await core.store.watch.subscriptions(TENANT)).map((s) => s.address.conversationId)).toEqual([
      '19:ops@thread.tacv2',
    ]);
  });

  it('watch @all through the service with no customers configured: says so and subscribes nothing; plain watch is unchanged', async () => {
    const as = core.as(ADMIN, { conversationId: '19:ops@thread.tacv2', kind: 'channel' });
    expect(await core.service.handleCommand({ name: 'watch', partner: '@all' }, as)).toMatchObject({
      type: 'watchStarted',
      customers: [],
    });
    expect(await core.store.watch.subscriptions(TENANT)).toEqual([]);
    expect(await core.service.handleCommand({ name: 'unwatch', partner: '@all' }, as)).toEqual({
      type: 'watchStopped',
      existed: false,
      allCustomers: true,
    });
    // Other text after watch is ignored, as before.
    expect(await core.service.handleCommand({ name: 'watch', partner: 'please' }, as)).toMatchObject({
      type: 'watchStarted',
      created: true,
    });
    expect((await core.store.watch.subscriptions(TENANT)).map((s) => s.customer)).toEqual([undefined]);
  });
});
