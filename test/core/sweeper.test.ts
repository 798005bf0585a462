/**
 * The sweeper and what a slow click shows, on the in-memory ports: a `running` record whose owner went away is
 * settled from the partner's state only once it is older than the worst case of a live call, its card is
 * replaced for everyone, only the leader sweeps, and a partner that cannot be read leaves the record for later.
 */
import { abandonedAfterMs, worstCaseCallMs } from '../../src/core/call-budget';
import type { CardPublisher, CardRef } from '../../src/core/card-ref';
import { clickProgress } from '../../src/core/click-progress';
import { AppError } from '../../src/core/errors';
import type { Logger } from '../../src/core/logger';
import type { ActionRecord, Partner } from '../../src/core/model';
import type { Reply } from '../../src/core/replies';
import { Sweeper } from '../../src/core/sweeper';
import type { PartnerReader } from '../../src/core/sweeper-ports';
import { ADMIN, actor, inMemoryCore, TENANT, type Core } from './support/in-memory-ports';

const THRESHOLD_MS = 60_000;

const card: CardRef = {
  activityId: 'activity-1',
  serviceUrl: 'https://smba.example/',
  channelId: 'msteams',
  conversationId: 'a:admin',
  conversationType: 'personal',
  tenantId: TENANT,
  botId: '28:bot',
  locale: 'en-US',
};

class Published implements CardPublisher {
  readonly updates: { card: CardRef; reply: Reply }[] = [];
  async update(c: CardRef, reply: Reply): Promise<void> {
    this.updates.push({ card: c, reply });
  }
  async post(): Promise<CardRef> {
    throw new Error('the sweeper posts no new card');
  }
}

function recordingLog(): Logger & { lines: { level: string; msg: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, msg, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('the sweeper', () => {
  let core: Core;
  let published: Published;
  let reads: string[];
  let readFailure: AppError | undefined;
  let leader: boolean;
  let log: ReturnType<typeof recordingLog>;
  let sweeper: Sweeper;

  beforeEach(async () => {
    core = await inMemoryCore();
    published = new Published();
    reads = [];
    readFailure = undefined;
    leader = true;
    log = recordingLog();
    const partners: PartnerReader = {
      get: async (tenantId, partnerId) => {
        reads.push(`${tenantId}/${partnerId}`);
        if (readFailure) throw readFailure;
        const p = core.gateway.partners.get(partnerId);
        if (!p) throw new AppError('graph.notFound', 'gone');
        return { ...p } as Partner;
      },
    };
    sweeper = new Sweeper({
      store: core.store.operations,
      partners,
      updates: { cards: core.store.cards, publisher: published },
      leadership: { acquire: async () => leader, release: async () => undefined },
      clock: core.clock,
      log,
      thresholdMs: THRESHOLD_MS,
      intervalMs: 1_000,
    });
  });
  afterEach(() => core.close());

  /** An admin asked and clicked; the instance died after the claim: the record stays `running`. */
  async function abandoned(graphActed: boolean, withCard = true): Promise<ActionRecord> {
    const ctx = core.as(ADMIN);
    const asked = await core.service.handleCommand({ name: 'disconnect', partner: 'TeamViewer' }, ctx);
    if (asked.type !== 'confirm') throw new Error(asked.type);
    if (withCard) await core.store.cards.save(asked.operation.id, card);
    const now = core.clock.now().toISOString();
    // The claim keeps the partner as read right before the call (operations.ts), as a click does.
    const before = { onboardingStatus: core.gateway.partners.get('p-teamviewer')!.onboardingStatus };
    const running = await core.store.operations.transition(asked.operation.id, ['pending'], 'running', {
      executor: { id: ADMIN, name: 'Admin' },
      updatedAt: now,
      before,
    });
    if (graphActed) core.gateway.partners.get('p-teamviewer')!.onboardingStatus = 'notOnboarded';
    return running as ActionRecord;
  }

  it('leaves a running record alone while a live call could still take that long', async () => {
    const op = await abandoned(true);
    core.clock.advanceMinutes(0.9); // 54 s < 60 s
    expect(await sweeper.sweepOnce()).toMatchObject({ leader: true, found: 0, settled: 0 });
    expect(reads).toEqual([]);
    expect((await core.store.operations.get(op.id))?.state).toBe('running');
  });

  it('settles an abandoned record from Graph (it acted: succeeded) and replaces its card for everyone', async () => {
    const op = await abandoned(true);
    core.clock.advanceMinutes(2);
    expect(await sweeper.sweepOnce()).toEqual({
      leader: true,
      found: 1,
      settled: 1,
      unread: 0,
      cardsUpdated: 1,
      expired: 0,
    });
    expect(reads).toEqual([`${TENANT}/p-teamviewer`]);
    const settled = await core.store.operations.get(op.id);
    expect(settled).toMatchObject({ state: 'succeeded', executor: { name: 'Admin' } });
    expect(published.updates).toHaveLength(1);
    expect(published.updates[0].card).toEqual(card);
    expect(published.updates[0].reply).toMatchObject({
      type: 'operation',
      operation: { id: op.id, state: 'succeeded' },
      alreadyDecided: false,
    });
    expect(
      log.lines.some((l) => l.msg === 'sweeper: settled an abandoned operation' && l.fields?.operationId === op.id),
    ).toBe(true);
    // Nothing left: the next sweep finds nothing.
    expect(await sweeper.sweepOnce()).toMatchObject({ found: 0 });
  });

  it("a record in a customer is read and settled in the customer's tenant, not the home one", async () => {
    const now = core.clock.now().toISOString();
    const customer = { tenantId: 'customer-contoso', name: 'contoso' };
    const op: ActionRecord = {
      id: 'op-in-contoso',
      kind: 'disconnect',
      partnerId: 'p-teamviewer',
      partnerName: 'TeamViewer',
      tenantId: TENANT,
      conversationId: 'a:admin',
      requester: { id: ADMIN, name: 'Admin' },
      state: 'pending',
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(core.clock.now().getTime() + 600_000).toISOString(),
      customer,
    };
    await core.store.operations.insertOpen(op);
    const before = { onboardingStatus: 'onboarded' as const };
    await core.store.operations.transition(op.id, ['pending'], 'running', {
      executor: { id: ADMIN, name: 'Admin' },
      updatedAt: now,
      before,
    });
    core.gateway.partners.get('p-teamviewer')!.onboardingStatus = 'notOnboarded';
    core.clock.advanceMinutes(2);
    expect(await sweeper.sweepOnce()).toMatchObject({ found: 1, settled: 1 });
    expect(reads).toEqual(['customer-contoso/p-teamviewer']);
    expect(await core.store.operations.get(op.id)).toMatchObject({
      state: 'succeeded',
      settledBy: 'sweeper',
      customer,
    });
  });

  it('Graph did not act: failed, "not applied", and the card says so', async () => {
    const op = await abandoned(false);
    core.clock.advanceMinutes(2);
    await sweeper.sweepOnce();
    expect(await core.store.operations.get(op.id)).toMatchObject({
      state: 'failed',
      errorKind: 'reconciled.notApplied',
    });
    expect(published.updates[0].reply).toMatchObject({
      operation: { state: 'failed', errorKind: 'reconciled.notApplied' },
    });
  });

  it('a reconnect of a partner already onboarding that Graph did not act on: failed, "not applied", never succeeded', async () => {
    const contoso = core.gateway.partners.get('p-other')!;
    Object.assign(contoso, {
      onboardingStatus: 'onboarding',
      onboardingRequestExpiryDateTime: '2030-01-01T10:00:00.000Z',
    });
    const asked = await core.service.handleCommand({ name: 'reconnect', partner: 'Contoso' }, core.as(ADMIN));
    if (asked.type !== 'confirm') throw new Error(asked.type);
    const before = {
      onboardingStatus: 'onboarding' as const,
      onboardingRequestExpiryDateTime: '2030-01-01T10:00:00.000Z',
    };
    await core.store.operations.transition(asked.operation.id, ['pending'], 'running', {
      executor: { id: ADMIN, name: 'Admin' },
      updatedAt: core.clock.now().toISOString(),
      before,
    });
    core.clock.advanceMinutes(2);
    await sweeper.sweepOnce();
    expect(await core.store.operations.get(asked.operation.id)).toMatchObject({
      state: 'failed',
      errorKind: 'reconciled.notApplied',
      settledBy: 'sweeper',
      before,
    });
    // Graph renewed the request: a later expiry is the evidence (a second request, same partner, same status).
    const again = await core.service.handleCommand({ name: 'reconnect', partner: 'Contoso' }, core.as(ADMIN));
    if (again.type !== 'confirm') throw new Error(again.type);
    await core.store.operations.transition(again.operation.id, ['pending'], 'running', {
      executor: { id: ADMIN, name: 'Admin' },
      updatedAt: core.clock.now().toISOString(),
      before,
    });
    contoso.onboardingRequestExpiryDateTime = '2030-01-01T11:00:00.000Z';
    core.clock.advanceMinutes(2);
    await sweeper.sweepOnce();
    expect(await core.store.operations.get(again.operation.id)).toMatchObject({
      state: 'succeeded',
      settledBy: 'sweeper',
    });
  });

  it('a record claimed before the partner was read on the click (an older version) whose partner shows the change: outcome not known, closed, said so', async () => {
    const ctx = core.as(ADMIN);
    const asked = await core.service.handleCommand({ name: 'disconnect', partner: 'TeamViewer' }, ctx);
    if (asked.type !== 'confirm') throw new Error(asked.type);
    await core.store.cards.save(asked.operation.id, card);
    await core.store.operations.transition(asked.operation.id, ['pending'], 'running', {
      executor: { id: ADMIN, name: 'Admin' },
      updatedAt: core.clock.now().toISOString(),
    });
    core.gateway.partners.get('p-teamviewer')!.onboardingStatus = 'notOnboarded';
    core.clock.advanceMinutes(2);
    expect(await sweeper.sweepOnce()).toMatchObject({ settled: 1, cardsUpdated: 1 });
    expect(await core.store.operations.get(asked.operation.id)).toMatchObject({
      state: 'failed',
      errorKind: 'reconciled.cannotTell',
      settledBy: 'sweeper',
    });
    expect(published.updates[0].reply).toMatchObject({
      operation: { state: 'failed', errorKind: 'reconciled.cannotTell' },
    });
    // It holds the partner no longer: a new request gets its own card.
    core.gateway.partners.get('p-teamviewer')!.onboardingStatus = 'onboarded';
    expect(await core.service.handleCommand({ name: 'disconnect', partner: 'TeamViewer' }, ctx)).toMatchObject({
      type: 'confirm',
    });
  });

  it('only the leader sweeps', async () => {
    await abandoned(true);
    core.clock.advanceMinutes(2);
    leader = false;
    expect(await sweeper.sweepOnce()).toEqual({
      leader: false,
      found: 0,
      settled: 0,
      unread: 0,
      cardsUpdated: 0,
      expired: 0,
    });
    expect(reads).toEqual([]);
    expect(sweeper.sweeps).toBe(0);
    leader = true;
    expect(await sweeper.sweepOnce()).toMatchObject({ leader: true, settled: 1 });
    expect(log.lines.filter((l) => l.msg === 'sweeper: this instance sweeps')).toHaveLength(1);
  });

  it('a partner that cannot be read (no consent for the application permission) leaves the record for the next sweep', async () => {
    const op = await abandoned(true);
    core.clock.advanceMinutes(2);
    readFailure = new AppError('graph.forbidden', 'no application permission', { status: 403 });
    expect(await sweeper.sweepOnce()).toMatchObject({ found: 1, settled: 0, unread: 1 });
    expect((await core.store.operations.get(op.id))?.state).toBe('running');
    expect(log.lines.some((l) => l.level === 'warn' && l.msg.startsWith('sweeper: could not read the partner'))).toBe(
      true,
    );
    readFailure = undefined;
    expect(await sweeper.sweepOnce()).toMatchObject({ settled: 1 });
  });

  it('settles a record whose card is unknown (posted before cards were kept), without an update', async () => {
    const op = await abandoned(true, false);
    core.clock.advanceMinutes(2);
    expect(await sweeper.sweepOnce()).toMatchObject({ settled: 1, cardsUpdated: 0 });
    expect((await core.store.operations.get(op.id))?.state).toBe('succeeded');
    expect(published.updates).toEqual([]);
  });

  it('a status check that settles a record replaces its card too', async () => {
    // The service's cards live in the store that inMemoryCore opens: reached through it once it exists.
    const opened: { core?: Core } = {};
    const cards = {
      save: (id: string, c: CardRef) => opened.core!.store.cards.save(id, c),
      get: (id: string) => opened.core!.store.cards.get(id),
      saveCopy: (id: string, c: CardRef) => opened.core!.store.cards.saveCopy(id, c),
      all: (id: string) => opened.core!.store.cards.all(id),
    };
    const withCards = await inMemoryCore({}, { cards: { cards, publisher: published }, reconcileAfterSeconds: 60 });
    opened.core = withCards;
    try {
      const ctx = withCards.as(ADMIN);
      const asked = await withCards.service.handleCommand({ name: 'disconnect', partner: 'TeamViewer' }, ctx);
      if (asked.type !== 'confirm') throw new Error(asked.type);
      await withCards.store.cards.save(asked.operation.id, card);
      await withCards.store.operations.transition(asked.operation.id, ['pending'], 'running', {
        executor: { id: ADMIN, name: 'Admin' },
        updatedAt: withCards.clock.now().toISOString(),
      });
      withCards.clock.advanceMinutes(2);
      await withCards.service.handleCommand({ name: 'status', partner: 'TeamViewer' }, ctx);
      expect(published.updates.map((u) => u.reply)).toEqual([
        expect.objectContaining({ type: 'operation', operation: expect.objectContaining({ state: 'failed' }) }),
      ]);
    } finally {
      await withCards.close();
    }
  });
});

describe('the worst case of a live call', () => {
  it('token once, every attempt to its timeout, every Retry-After waited for; plus a margin', () => {
    const defaults = { graphTimeoutMs: 30_000, tokenTimeoutMs: 15_000, maxRetries: 3, maxRetryAfterSeconds: 10 };
    expect(worstCaseCallMs(defaults)).toBe(15_000 + 4 * 30_000 + 3 * 10_000);
    expect(abandonedAfterMs(defaults)).toBe(worstCaseCallMs(defaults) + 5_000);
    expect(
      worstCaseCallMs({ graphTimeoutMs: 2_000, tokenTimeoutMs: 1_000, maxRetries: 0, maxRetryAfterSeconds: 10 }),
    ).toBe(3_000);
  });
});

describe('what a slow click shows meanwhile', () => {
  let core: Core;
  beforeEach(async () => {
    core = await inMemoryCore();
  });
  afterEach(() => core.close());

  it('still pending (the click is being authorized): "in progress" by the clicker, for the clicker only; running: for everyone; another tenant: nothing', async () => {
    const ctx = core.as(ADMIN);
    const asked = await core.service.handleCommand({ name: 'disconnect', partner: 'TeamViewer' }, ctx);
    if (asked.type !== 'confirm') throw new Error(asked.type);
    const pending = await clickProgress(core.store.operations, asked.operation.id, ctx);
    expect(pending).toMatchObject({
      audience: 'clicker',
      reply: { type: 'operation', operation: { state: 'running', executor: { id: ADMIN } } },
    });
    expect((await core.store.operations.get(asked.operation.id))?.state).toBe('pending'); // nothing written
    await core.store.operations.transition(asked.operation.id, ['pending'], 'running', {
      executor: { id: 'someone', name: 'Someone' },
    });
    expect(await clickProgress(core.store.operations, asked.operation.id, ctx)).toMatchObject({
      audience: 'everyone',
      reply: { operation: { state: 'running', executor: { name: 'Someone' } } },
    });
    const stranger = { ...ctx, actor: { ...actor(ADMIN), tenantId: 'tenant-b' } };
    expect(await clickProgress(core.store.operations, asked.operation.id, stranger)).toBeUndefined();
    expect(await clickProgress(core.store.operations, '../etc', ctx)).toBeUndefined();
  });
});
