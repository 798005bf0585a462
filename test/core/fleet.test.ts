/**
 * The fleet kill switch (issue 19): `disconnect TeamViewer @all` asks every customer, one card with a row each;
 * Confirm runs each customer's child through the single-operation path in that customer; re-running finishes what
 * is left. In-memory ports, a partner world per customer tenant; the store on SQLite and on PostgreSQL (when
 * TEST_DATABASE_URL is set).
 */
import { Authorizer } from '../../src/core/authorization';
import type { CardPublisher, CardRef, CardStore } from '../../src/core/card-ref';
import type { Customer, CustomerDirectory } from '../../src/core/customers';
import { AppError } from '../../src/core/errors';
import { cancelFleet, confirmFleet, fleetCommand, type FleetDeps, type FleetReply } from '../../src/core/fleet';
import { fleetReply, runFleet } from '../../src/core/fleet-run';
import { tellFleetApprovers } from '../../src/core/fleet-approval';
import { IntunePermissions } from '../../src/core/intune-permissions';
import { silentLogger } from '../../src/core/logger';
import type { UserSession } from '../../src/core/model';
import { Operations } from '../../src/core/operations';
import type { DirectoryGateway, GraphAction, GraphCaller } from '../../src/core/ports';
import { isAppCaller } from '../../src/core/ports';
import type { Reply } from '../../src/core/replies';
import { openStore, type Store } from '../../src/store';
import { ENGINES, itOn } from '../store/helpers';
import { fakeAssertion, fakeTokenOwner, MemoryGateway, partners } from './support/in-memory-ports';

const HOME = 'partner-tenant';
const TECH = 'aad-tech';
/** A second technician of the same customers: the approver of TECH's requests. */
const TECH2 = 'aad-tech-2';
const TECH3 = 'aad-tech-3';
/** A technician of Contoso only. */
const CONTOSO_TECH = 'aad-contoso-tech';
const CONTOSO_ONLY = 'group-contoso-only';
const OTHER = 'aad-other';
const TECHS = 'group-techs';
const customer = (name: string, tenantId: string, techs = [TECHS]): Customer => ({
  name,
  tenantId,
  displayName: `${name[0].toUpperCase()}${name.slice(1)} Ltd`,
  technicianGroupIds: techs,
  readerGroupIds: [],
});
const CONTOSO = customer('contoso', 'tenant-contoso', [TECHS, CONTOSO_ONLY]);
const FABRIKAM = customer('fabrikam', 'tenant-fabrikam');
const NORTHWIND = customer('northwind', 'tenant-northwind');
const WINGTIP = customer('wingtip', 'tenant-wingtip', []);
const DIRECTORY: CustomerDirectory = { customers: [CONTOSO, FABRIKAM, NORTHWIND, WINGTIP], groups: {} };
const ALL = { kind: 'fleet' as const, selector: 'all', customers: DIRECTORY.customers };

/** A partner world per customer tenant, reached by the session's target; a refusal per tenant on demand. */
class TenantsGateway implements DirectoryGateway {
  readonly worlds = new Map<string, MemoryGateway>();
  /** Every call that reached a tenant: `<tenant> <call>`. */
  readonly calls: string[] = [];
  /** Every change in a tenant and whose token made it: `<tenant> <call> by <user>`. */
  readonly changes: string[] = [];
  /** Every call into this tenant fails with this error while set. */
  readonly refuse = new Map<string, AppError>();
  /** The tenants being called right now (to see per-tenant concurrency). */
  private readonly busy = new Set<string>();
  overlapped = false;
  /** The most tenants called at the same moment. */
  maxBusy = 0;

  world(caller: GraphCaller): MemoryGateway {
    const tenant = isAppCaller(caller) ? caller.tenantId : (caller.target?.tenantId ?? HOME);
    let w = this.worlds.get(tenant);
    if (!w) this.worlds.set(tenant, (w = new MemoryGateway(partners())));
    return w;
  }

  private async call<T>(caller: GraphCaller, what: string, f: (w: MemoryGateway) => Promise<T>): Promise<T> {
    const tenant = isAppCaller(caller) ? caller.tenantId : (caller.target?.tenantId ?? HOME);
    this.calls.push(`${tenant} ${what}`);
    if (this.busy.has(tenant)) this.overlapped = true;
    this.busy.add(tenant);
    this.maxBusy = Math.max(this.maxBusy, this.busy.size);
    try {
      await Promise.resolve();
      const refusal = this.refuse.get(tenant);
      if (refusal) throw refusal;
      return await f(this.world(caller));
    } finally {
      this.busy.delete(tenant);
    }
  }

  list = (c: GraphCaller) => this.call(c, 'list', (w) => w.list(c));
  get = (c: GraphCaller, id: string) => this.call(c, `get ${id}`, (w) => w.get(c, id));
  act = (s: UserSession, id: string, a: GraphAction) => {
    this.changes.push(`${s.target?.tenantId ?? HOME} ${a} by ${fakeTokenOwner(s.assertion)?.oid}`);
    return this.call(s, `${a} ${id}`, (w) => w.act(s, id, a));
  };
  async memberOf(s: UserSession, groupIds: readonly string[]): Promise<string[]> {
    if (s.actor.aadObjectId === CONTOSO_TECH) return groupIds.filter((g) => g === CONTOSO_ONLY);
    return [TECH, TECH2, TECH3].includes(s.actor.aadObjectId) ? groupIds.filter((g) => g === TECHS) : [];
  }
  async effectivePermissions(s: UserSession) {
    return this.world(s).effectivePermissions(s);
  }
}

class MemoryCards implements CardStore, CardPublisher {
  readonly refs = new Map<string, CardRef[]>();
  readonly updates: Reply[] = [];
  /** Where each update went (a card's conversation), in order. */
  readonly updatedIn: string[] = [];
  /** The replies posted into another conversation (the approvers' channel). */
  readonly posted: Reply[] = [];
  async save(id: string, card: CardRef) {
    this.refs.set(id, [card]);
  }
  async get(id: string) {
    return this.refs.get(id)?.[0];
  }
  async saveCopy(id: string, card: CardRef) {
    this.refs.set(id, [...(this.refs.get(id) ?? []), card]);
  }
  async all(id: string) {
    return this.refs.get(id) ?? [];
  }
  async update(card: CardRef, reply: Reply) {
    this.updates.push(reply);
    this.updatedIn.push(card.conversationId);
  }
  async post(address: { conversationId: string }, reply: Reply): Promise<CardRef> {
    this.posted.push(reply);
    return { activityId: `copy-${this.posted.length}`, conversationId: address.conversationId } as CardRef;
  }
}

let store: Store;
let cleanup: () => Promise<void> = async () => undefined;

function setup(o: { approval?: boolean; parallel?: number } = {}) {
  const gateway = new TenantsGateway();
  let seq = 0;
  // A second passes at every reading: fleets asked one after the other are ordered by their time.
  let t = Date.parse('2025-03-01T10:00:00.000Z');
  const clock = { now: () => new Date((t += 1000)) };
  const authorizer = new Authorizer(
    {
      allowedTenantIds: [HOME],
      adminUserIds: [],
      adminGroupIds: [],
      readerUserIds: [],
      readerGroupIds: [],
      groupCacheSeconds: 300,
      customers: DIRECTORY,
    },
    gateway,
    clock,
  );
  const cards = new MemoryCards();
  const base = {
    gateway,
    authorizer,
    intune: new IntunePermissions({ gateway, clock, log: silentLogger, cacheSeconds: 300 }),
    store: store.operations,
    clock,
    newId: () => `id-${process.pid}-${Date.now()}-${++seq}`,
    log: silentLogger,
    tokenOwner: fakeTokenOwner,
    operationTtlMinutes: 15,
    reconcileAfterSeconds: 120,
    historyLimit: 20,
    storeRetryDelaysMs: [1, 1, 1],
    watch: { store: store.watch, intervalSeconds: 300, expiryWarningHours: 24 },
    approval: {
      required: o.approval ?? false,
      ttlMinutes: 60,
      approverUsers: 0,
      approverGroups: 0,
      channels: store.approvals,
    },
    customers: DIRECTORY,
    cards: { cards, publisher: cards },
  };
  const d: FleetDeps = { ...base, operations: new Operations(base), fleets: store.fleets, fleetParallel: o.parallel };
  const as = (id: string) => {
    const actor = { tenantId: HOME, aadObjectId: id, name: id, locale: 'en-US' };
    const session: UserSession = { actor, assertion: fakeAssertion(HOME, id) };
    return { actor, conversation: { id: 'conv-1', kind: 'channel' as const }, session };
  };
  const advanceMinutes = (m: number) => void (t += m * 60_000);
  return { d, gateway, cards, as, advanceMinutes };
}

const states = (r: Reply) =>
  Object.fromEntries(
    (r as FleetReply).rows.map((row) => [row.customer.name, row.reason ? `${row.state} (${row.reason})` : row.state]),
  );

async function ask(s: ReturnType<typeof setup>, who = TECH): Promise<FleetReply> {
  const ctx = s.as(who);
  const reply = await fleetCommand(s.d, 'disconnect', 'TeamViewer', ALL, ctx, ctx.session);
  expect(reply.type).toBe('fleet');
  return reply as FleetReply;
}

describe.each(ENGINES)('the fleet kill switch on $name', (engine) => {
  beforeEach(async () => {
    if (!engine.available) return;
    const target = await engine.fresh();
    store = await openStore(target.options);
    cleanup = target.cleanup;
  });
  afterEach(async () => {
    if (!engine.available) return;
    await store.close();
    await cleanup();
  });
  const it = itOn(engine);

  it('asks every customer: a row each (ready, unreachable and why, not allowed), one card, no change', async () => {
    const s = setup();
    s.gateway.refuse.set(
      FABRIKAM.tenantId,
      new AppError('auth.customerNotConsented', 'AADSTS90099', { code: 'invalid_grant' }),
    );
    s.gateway.refuse.set(NORTHWIND.tenantId, new AppError('auth.customerNoAccess', 'AADSTS50020'));
    const reply = await ask(s);
    expect(states(reply)).toEqual({
      contoso: 'ready',
      fabrikam: 'unreachable (auth.customerNotConsented)',
      northwind: 'unreachable (auth.customerNoAccess)',
      wingtip: 'notAllowed',
    });
    expect(reply.rows[0].displayName).toBe('Contoso Ltd');
    expect(reply.fleet.state).toBe('pending');
    // Nothing acted; the customer the user may not act on was not even read.
    expect(s.gateway.calls.filter((c) => !c.endsWith(' list'))).toEqual([]);
    expect(s.gateway.calls.some((c) => c.startsWith(WINGTIP.tenantId))).toBe(false);
    const children = await store.fleets.fleetChildren(reply.fleet.id);
    expect(children.map((c) => c.customer?.name)).toEqual(['contoso']);
    // Entra's code as it answered in each customer, kept with the row (and read back from the store).
    expect(reply.rows.map((r) => r.code)).toEqual([undefined, 'AADSTS90099', 'AADSTS50020', undefined]);
    const kept = await fleetReply(s.d, (await store.fleets.getFleet(reply.fleet.id))!);
    expect(kept.rows.map((r) => r.code)).toEqual([undefined, 'AADSTS90099', 'AADSTS50020', undefined]);
  });

  it('nothing to do in any customer: the card says so, and no request is kept (history stays empty)', async () => {
    const s = setup();
    const first = await ask(s);
    await (
      await confirmFleet(s.d, first.fleet.id, s.as(TECH))
    ).run;
    const again = await ask(s);
    expect(again.unsaved).toBe(true);
    expect(states(again)).toEqual({
      contoso: 'alreadyThere',
      fabrikam: 'alreadyThere',
      northwind: 'alreadyThere',
      wingtip: 'notAllowed',
    });
    expect(await store.fleets.getFleet(again.fleet.id)).toBeUndefined();
    const ctx = s.as(TECH);
    const history = await fleetCommand(s.d, 'history', undefined, ALL, ctx, ctx.session);
    expect(history.type === 'fleetHistory' && history.entries.map((e) => e.fleet.id)).toEqual([first.fleet.id]);
  });

  it('confirm answers with the rows queued, then runs each child in its customer and finishes', async () => {
    const s = setup();
    const asked = await ask(s);
    await s.cards.save(asked.fleet.id, { activityId: 'a1', conversationId: 'conv-1' } as CardRef);
    const ctx = s.as(TECH);
    const { result, run } = await confirmFleet(s.d, asked.fleet.id, ctx);
    expect(result.audience).toBe('everyone');
    expect(states(result.reply)).toMatchObject({ contoso: 'queued', fabrikam: 'queued', northwind: 'queued' });
    await run;
    const fleet = await store.fleets.getFleet(asked.fleet.id);
    expect(fleet?.state).toBe('finished');
    for (const c of [CONTOSO, FABRIKAM, NORTHWIND]) {
      expect(s.gateway.worlds.get(c.tenantId)?.partners.get('p-teamviewer')?.onboardingStatus).toBe('notOnboarded');
      // The same path as a single click: read before, then the action, in that customer.
      expect(s.gateway.calls.filter((x) => x.startsWith(c.tenantId))).toEqual([
        `${c.tenantId} list`,
        `${c.tenantId} get p-teamviewer`,
        `${c.tenantId} disconnect p-teamviewer`,
      ]);
    }
    const last = s.cards.updates[s.cards.updates.length - 1] as FleetReply;
    expect(last.fleet.state).toBe('finished');
    expect(states(last)).toEqual({ contoso: 'done', fabrikam: 'done', northwind: 'done', wingtip: 'notAllowed' });
    // One card update per row's outcome, and the last one.
    expect(s.cards.updates).toHaveLength(4);
  });

  it('partial outcomes: Intune refuses one customer, one answer is lost and settled by a read', async () => {
    const s = setup({ parallel: 1 });
    const asked = await ask(s);
    await s.cards.save(asked.fleet.id, { activityId: 'a1', conversationId: 'conv-1' } as CardRef);
    s.gateway.world({
      actor: s.as(TECH).actor,
      assertion: 'x',
      target: { tenantId: FABRIKAM.tenantId, name: 'fabrikam' },
    }).failNextAction = new AppError('graph.forbidden', 'Forbidden', { status: 403 });
    s.gateway.world({
      actor: s.as(TECH).actor,
      assertion: 'x',
      target: { tenantId: NORTHWIND.tenantId, name: 'northwind' },
    }).loseNextAnswer = 'afterActing';
    const { run } = await confirmFleet(s.d, asked.fleet.id, s.as(TECH));
    await run;
    const fleet = await store.fleets.getFleet(asked.fleet.id);
    const children = await store.fleets.fleetChildren(asked.fleet.id);
    const byCustomer = Object.fromEntries(children.map((c) => [c.customer?.name, c]));
    expect(byCustomer.contoso.state).toBe('succeeded');
    expect(byCustomer.fabrikam).toMatchObject({ state: 'failed', errorKind: 'graph.forbidden' });
    expect(byCustomer.northwind).toMatchObject({ state: 'succeeded', settledBy: 'read' });
    expect(fleet?.state).toBe('finished');
    expect(states(s.cards.updates.at(-1) as FleetReply)).toEqual({
      contoso: 'done',
      fabrikam: 'refused (graph.forbidden)',
      northwind: 'done',
      wingtip: 'notAllowed',
    });
  });

  it('a customer that stops answering between the card and the click: its row is refused with the reason', async () => {
    const s = setup();
    const asked = await ask(s);
    s.gateway.refuse.set(FABRIKAM.tenantId, new AppError('auth.customerNotConsented', 'AADSTS90099'));
    await (
      await confirmFleet(s.d, asked.fleet.id, s.as(TECH))
    ).run;
    const reply = await fleetReply(s.d, (await store.fleets.getFleet(asked.fleet.id))!);
    expect(states(reply)).toEqual({
      contoso: 'done',
      fabrikam: 'refused (auth.customerNotConsented)',
      northwind: 'done',
      wingtip: 'notAllowed',
    });
    expect(s.gateway.calls).not.toContain(`${FABRIKAM.tenantId} disconnect p-teamviewer`);
  });

  it('one call at a time per tenant, at most FLEET_PARALLEL customers at once', async () => {
    const s = setup({ parallel: 2 });
    const asked = await ask(s);
    await (
      await confirmFleet(s.d, asked.fleet.id, s.as(TECH))
    ).run;
    expect(s.gateway.overlapped).toBe(false);
    expect(s.gateway.maxBusy).toBe(2);
  });

  it('re-running finishes what is left: customers already disconnected get no child, the rest do', async () => {
    const s = setup();
    s.gateway.refuse.set(FABRIKAM.tenantId, new AppError('graph.throttled', 'Too many requests', { status: 429 }));
    const first = await ask(s);
    await (
      await confirmFleet(s.d, first.fleet.id, s.as(TECH))
    ).run;
    s.gateway.refuse.delete(FABRIKAM.tenantId);
    const again = await ask(s);
    expect(states(again)).toEqual({
      contoso: 'alreadyThere',
      fabrikam: 'ready',
      northwind: 'alreadyThere',
      wingtip: 'notAllowed',
    });
    const children = await store.fleets.fleetChildren(again.fleet.id);
    expect(children.map((c) => c.customer?.name)).toEqual(['fabrikam']);
    await (
      await confirmFleet(s.d, again.fleet.id, s.as(TECH))
    ).run;
    expect(s.gateway.worlds.get(FABRIKAM.tenantId)?.partners.get('p-teamviewer')?.onboardingStatus).toBe(
      'notOnboarded',
    );
  });

  it('a second confirm does nothing more; cancel closes a pending fleet and its children', async () => {
    const s = setup();
    const asked = await ask(s);
    const first = await confirmFleet(s.d, asked.fleet.id, s.as(TECH));
    const second = await confirmFleet(s.d, asked.fleet.id, s.as(TECH));
    await Promise.all([first.run, second.run]);
    expect(s.gateway.calls.filter((c) => c.includes('disconnect'))).toHaveLength(3);
    // Nothing is left to do in s's customers: a new world (partners connected again) for a pending fleet.
    const s2 = setup();
    const other = await ask(s2);
    const cancelled = await cancelFleet(s2.d, other.fleet.id, s2.as(TECH));
    expect((cancelled.reply as FleetReply).fleet.state).toBe('cancelled');
  });

  it("a Confirm or Cancel carrying somebody else's token is refused and recorded before any Graph call", async () => {
    const s = setup();
    const asked = await ask(s);
    const me = s.as(TECH);
    const forged = { ...me, session: { actor: me.actor, assertion: fakeAssertion(HOME, OTHER) } };
    const from = s.gateway.calls.length;
    const { result, run } = await confirmFleet(s.d, asked.fleet.id, forged);
    await run;
    expect(result).toMatchObject({ audience: 'clicker', reply: { type: 'denied', reason: 'tokenUserMismatch' } });
    const cancelled = await cancelFleet(s.d, asked.fleet.id, forged);
    expect(cancelled).toMatchObject({ audience: 'clicker', reply: { type: 'denied', reason: 'tokenUserMismatch' } });
    expect(s.gateway.calls.slice(from)).toEqual([]);
    expect((await store.fleets.getFleet(asked.fleet.id))?.state).toBe('pending');
  });

  it('the runner acts only where the clicker may act: a stranger confirming has every child refused', async () => {
    const s = setup();
    const asked = await ask(s);
    const ctx = { ...s.as(OTHER), actor: { ...s.as(OTHER).actor } };
    const fleet = await store.fleets.transitionFleet(asked.fleet.id, ['pending'], 'running', {});
    await runFleet(s.d, fleet!, ctx);
    expect(s.gateway.calls.filter((c) => c.includes('disconnect'))).toEqual([]);
    const children = await store.fleets.fleetChildren(asked.fleet.id);
    expect(children.every((c) => c.state === 'failed' && c.errorKind === 'authz.notAllowed')).toBe(true);
  });

  it('history @all: the fleets newest first with their outcomes, for the customers the user may read', async () => {
    const s = setup();
    s.gateway.refuse.set(FABRIKAM.tenantId, new AppError('auth.customerNotConsented', 'AADSTS90099'));
    const first = await ask(s);
    await (
      await confirmFleet(s.d, first.fleet.id, s.as(TECH))
    ).run;
    s.gateway.refuse.delete(FABRIKAM.tenantId);
    const second = await ask(s);
    const ctx = s.as(TECH);
    const reply = await fleetCommand(s.d, 'history', undefined, ALL, ctx, ctx.session);
    if (reply.type !== 'fleetHistory') throw new Error(`not a fleet history: ${reply.type}`);
    expect(reply.entries.map((e) => [e.fleet.id, e.fleet.state])).toEqual([
      [second.fleet.id, 'pending'],
      [first.fleet.id, 'finished'],
    ]);
    const outcomes = Object.fromEntries(
      reply.entries[1].rows.map((r) => [r.customer.name, r.reason ? `${r.state} (${r.reason})` : r.state]),
    );
    // Wingtip: nobody may read it, so it is not shown.
    expect(outcomes).toEqual({
      contoso: 'done',
      fabrikam: 'unreachable (auth.customerNotConsented)',
      northwind: 'done',
    });
    const stranger = s.as(OTHER);
    const none = await fleetCommand(s.d, 'history', undefined, ALL, stranger, stranger.session);
    expect(none).toEqual({ type: 'fleetHistory', selector: 'all', entries: [] });
  });

  it('cancel: somebody who may act in none of its customers is refused; the requester may', async () => {
    const s = setup();
    const asked = await ask(s);
    const refused = await cancelFleet(s.d, asked.fleet.id, s.as(OTHER));
    expect(refused).toMatchObject({ audience: 'clicker', reply: { type: 'denied', reason: 'notAllowed' } });
    expect((await store.fleets.getFleet(asked.fleet.id))?.state).toBe('pending');
    const cancelled = await cancelFleet(s.d, asked.fleet.id, s.as(TECH));
    expect(states(cancelled.reply)).toEqual({
      contoso: 'cancelled',
      fabrikam: 'cancelled',
      northwind: 'cancelled',
      wingtip: 'notAllowed',
    });
  });

  it('a confirm after the card ran out of time closes it as expired, for everyone, and changes nothing', async () => {
    const s = setup();
    const asked = await ask(s);
    s.advanceMinutes(16);
    const { result, run } = await confirmFleet(s.d, asked.fleet.id, s.as(TECH));
    await run;
    expect(result.audience).toBe('everyone');
    expect((result.reply as FleetReply).fleet.state).toBe('expired');
    const children = await store.fleets.fleetChildren(asked.fleet.id);
    expect(children.map((c) => c.state)).toEqual(['expired', 'expired', 'expired']);
    expect(states(result.reply)).toEqual({
      contoso: 'expired',
      fabrikam: 'expired',
      northwind: 'expired',
      wingtip: 'notAllowed',
    });
    expect(s.gateway.calls.filter((c) => c.includes('disconnect'))).toEqual([]);
  });
});

/**
 * Two-person approval of a fleet (APPROVAL_REQUIRED): the request, its copy in the approvers' channel, who may
 * decide (never the requester; an approver), the approver's own token in each customer, reject, withdraw, expiry,
 * and two approvals at once.
 */
describe.each(ENGINES)('a fleet under two-person approval on $name', (engine) => {
  beforeEach(async () => {
    if (!engine.available) return;
    const target = await engine.fresh();
    store = await openStore(target.options);
    cleanup = target.cleanup;
  });
  afterEach(async () => {
    if (!engine.available) return;
    await store.close();
    await cleanup();
  });
  const it = itOn(engine);
  const APPROVERS = 'conv-approvers';
  const inApprovers = (ctx: ReturnType<ReturnType<typeof setup>['as']>) => ({
    ...ctx,
    conversation: { id: APPROVERS, kind: 'channel' as const },
  });

  /** TECH asks under approval; the card is kept where it was asked and posted to the approvers' channel. */
  async function request(s: ReturnType<typeof setup>): Promise<FleetReply> {
    await store.approvals.setApprovalChannel({
      tenantId: HOME,
      address: {
        channelId: 'msteams',
        serviceUrl: 'https://smba.example/teams/',
        conversationId: APPROVERS,
        kind: 'channel',
        tenantId: HOME,
        botId: '28:bot',
      },
      setBy: { id: TECH2, name: TECH2 },
      locale: 'en-US',
      setAt: '2025-03-01T09:00:00.000Z',
    });
    const asked = await ask(s);
    await s.cards.save(asked.fleet.id, { activityId: 'own', conversationId: 'conv-1' } as CardRef);
    expect(await tellFleetApprovers(s.d, asked)).toBe(true);
    return asked;
  }
  const disconnects = (s: ReturnType<typeof setup>) => s.gateway.calls.filter((c) => c.includes('disconnect'));
  const denials = async (reason: string) =>
    (await store.operations.history({ tenantId: HOME, customerTenantId: 'any', limit: 50 })).filter(
      (r) => r.state === 'denied' && r.errorKind === `authz.${reason}`,
    );

  it('asking makes a request: approval waiting for the approval TTL, children too, a kept copy for the approvers', async () => {
    const s = setup({ approval: true });
    const asked = await request(s);
    expect(asked.fleet.approval).toEqual({ status: 'waiting' });
    expect(Date.parse(asked.fleet.expiresAt) - Date.parse(asked.fleet.createdAt)).toBe(60 * 60_000);
    const children = await store.fleets.fleetChildren(asked.fleet.id);
    expect(children.map((c) => [c.state, c.approval?.status, c.expiresAt])).toEqual(
      children.map(() => ['pending', 'waiting', asked.fleet.expiresAt]),
    );
    expect(s.cards.posted).toHaveLength(1);
    expect((s.cards.posted[0] as FleetReply).fleet.id).toBe(asked.fleet.id);
    expect((await s.cards.all(asked.fleet.id)).map((c) => c.conversationId)).toEqual(['conv-1', APPROVERS]);
    expect(disconnects(s)).toEqual([]);
  });

  it('the requester cannot approve (a recorded denial, for them alone); nor can somebody who is no approver', async () => {
    const s = setup({ approval: true });
    const asked = await request(s);
    const own = await confirmFleet(s.d, asked.fleet.id, s.as(TECH));
    expect(own.result).toMatchObject({ audience: 'clicker', reply: { type: 'denied', reason: 'ownRequest' } });
    expect(await denials('ownRequest')).toHaveLength(1);
    const stranger = await confirmFleet(s.d, asked.fleet.id, inApprovers(s.as(OTHER)));
    expect(stranger.result).toMatchObject({ audience: 'clicker', reply: { type: 'denied', reason: 'notAllowed' } });
    expect(await denials('notAllowed')).toHaveLength(1);
    await Promise.all([own.run, stranger.run]);
    expect((await store.fleets.getFleet(asked.fleet.id))?.state).toBe('pending');
    expect(disconnects(s)).toEqual([]);
  });

  it("an approver's click starts it: rows queued, each change made with the approver's token, every copy updated", async () => {
    const s = setup({ approval: true });
    const asked = await request(s);
    const { result, run } = await confirmFleet(s.d, asked.fleet.id, inApprovers(s.as(TECH2)));
    expect(result.audience).toBe('everyone');
    expect(states(result.reply)).toMatchObject({ contoso: 'queued', fabrikam: 'queued', northwind: 'queued' });
    await run;
    const fleet = await store.fleets.getFleet(asked.fleet.id);
    expect(fleet).toMatchObject({ state: 'finished', executor: { id: TECH2 }, approval: { status: 'approved' } });
    expect(s.gateway.changes.sort()).toEqual([
      `${CONTOSO.tenantId} disconnect by ${TECH2}`,
      `${FABRIKAM.tenantId} disconnect by ${TECH2}`,
      `${NORTHWIND.tenantId} disconnect by ${TECH2}`,
    ]);
    const children = await store.fleets.fleetChildren(asked.fleet.id);
    expect(children.map((c) => [c.state, c.executor?.id, c.approval?.status])).toEqual(
      children.map(() => ['succeeded', TECH2, 'approved']),
    );
    // The card where it was asked was brought up to date too, and the last update of each copy is the final one.
    expect(s.cards.updatedIn).toContain('conv-1');
    for (const where of ['conv-1', APPROVERS]) {
      const last = s.cards.updates[s.cards.updatedIn.lastIndexOf(where)] as FleetReply;
      expect(last.fleet.state).toBe('finished');
    }
  });

  it("each customer's own groups decide for the approver: where they may not act, that row is refused", async () => {
    const s = setup({ approval: true });
    const asked = await request(s);
    const { run } = await confirmFleet(s.d, asked.fleet.id, inApprovers(s.as(CONTOSO_TECH)));
    await run;
    expect(s.gateway.changes).toEqual([`${CONTOSO.tenantId} disconnect by ${CONTOSO_TECH}`]);
    const reply = await fleetReply(s.d, (await store.fleets.getFleet(asked.fleet.id))!);
    expect(states(reply)).toEqual({
      contoso: 'done',
      fabrikam: 'refused (authz.notAllowed)',
      northwind: 'refused (authz.notAllowed)',
      wingtip: 'notAllowed',
    });
  });

  it('an approver rejects: closed with who decided, its children too, every copy updated; it can no longer run', async () => {
    const s = setup({ approval: true });
    const asked = await request(s);
    const refused = await cancelFleet(s.d, asked.fleet.id, inApprovers(s.as(OTHER)));
    expect(refused).toMatchObject({ audience: 'clicker', reply: { type: 'denied', reason: 'notAllowed' } });
    const rejected = await cancelFleet(s.d, asked.fleet.id, inApprovers(s.as(TECH2)));
    expect(rejected.audience).toBe('everyone');
    expect((rejected.reply as FleetReply).fleet).toMatchObject({
      state: 'cancelled',
      executor: { id: TECH2 },
      approval: { status: 'rejected' },
    });
    expect(s.cards.updatedIn).toEqual(['conv-1']); // the clicked copy is the host's to replace
    const children = await store.fleets.fleetChildren(asked.fleet.id);
    expect(children.map((c) => [c.state, c.approval?.status])).toEqual(children.map(() => ['cancelled', 'rejected']));
    const late = await confirmFleet(s.d, asked.fleet.id, s.as(TECH3));
    await late.run;
    expect((late.result.reply as FleetReply).fleet.state).toBe('cancelled');
    expect(disconnects(s)).toEqual([]);
    const ctx = s.as(TECH);
    const history = await fleetCommand(s.d, 'history', undefined, ALL, ctx, ctx.session);
    if (history.type !== 'fleetHistory') throw new Error(`not a fleet history: ${history.type}`);
    expect(history.entries[0].fleet).toMatchObject({ executor: { id: TECH2 }, approval: { status: 'rejected' } });
  });

  it("withdraw: the requester's Cancel takes it back, recorded as withdrawn, the other copy updated", async () => {
    const s = setup({ approval: true });
    const asked = await request(s);
    const withdrawn = await cancelFleet(s.d, asked.fleet.id, s.as(TECH));
    expect((withdrawn.reply as FleetReply).fleet).toMatchObject({
      state: 'cancelled',
      executor: { id: TECH },
      approval: { status: 'withdrawn' },
    });
    expect(s.cards.updatedIn).toEqual([APPROVERS]);
    const children = await store.fleets.fleetChildren(asked.fleet.id);
    expect(children.every((c) => c.state === 'cancelled' && c.approval?.status === 'withdrawn')).toBe(true);
  });

  it('an expired request cannot be approved: closed as expired for everyone, nothing changed', async () => {
    const s = setup({ approval: true });
    const asked = await request(s);
    s.advanceMinutes(61);
    const { result, run } = await confirmFleet(s.d, asked.fleet.id, inApprovers(s.as(TECH2)));
    await run;
    expect((result.reply as FleetReply).fleet).toMatchObject({ state: 'expired', approval: { status: 'waiting' } });
    const children = await store.fleets.fleetChildren(asked.fleet.id);
    expect(children.map((c) => c.state)).toEqual(['expired', 'expired', 'expired']);
    expect(disconnects(s)).toEqual([]);
  });

  it('two approvers clicking at once start it once', async () => {
    const s = setup({ approval: true });
    const asked = await request(s);
    const clicks = await Promise.all([
      confirmFleet(s.d, asked.fleet.id, inApprovers(s.as(TECH2))),
      confirmFleet(s.d, asked.fleet.id, s.as(TECH3)),
    ]);
    await Promise.all(clicks.map((c) => c.run));
    expect(disconnects(s)).toHaveLength(3);
    const fleet = await store.fleets.getFleet(asked.fleet.id);
    expect(fleet?.state).toBe('finished');
    // One approver made every change: the one the fleet records.
    expect(new Set(s.gateway.changes.map((c) => c.split(' by ')[1]))).toEqual(new Set([fleet?.executor?.id]));
  });

  it('a fleet asked before approval became required: a Confirm makes it a request (recorded), nothing runs', async () => {
    const s = setup();
    const asked = await ask(s);
    s.d.approval.required = true;
    const stranger = await confirmFleet(s.d, asked.fleet.id, s.as(OTHER));
    expect(stranger.result).toMatchObject({ audience: 'clicker', reply: { type: 'denied', reason: 'notAllowed' } });
    expect((await store.fleets.getFleet(asked.fleet.id))?.approval).toBeUndefined();
    const { result, run } = await confirmFleet(s.d, asked.fleet.id, s.as(TECH));
    await run;
    expect(result.audience).toBe('everyone');
    const reply = result.reply as FleetReply;
    expect(reply).toMatchObject({
      approvalNowRequired: true,
      fleet: { state: 'pending', approval: { status: 'waiting' } },
    });
    expect(Date.parse(reply.fleet.expiresAt) - Date.parse(reply.fleet.updatedAt)).toBe(60 * 60_000);
    const children = await store.fleets.fleetChildren(asked.fleet.id);
    expect(children.map((c) => [c.approval?.status, c.expiresAt])).toEqual(
      children.map(() => ['waiting', reply.fleet.expiresAt]),
    );
    expect(await denials('approvalRequired')).toHaveLength(1);
    expect(disconnects(s)).toEqual([]);
    // Now it is a request like any other: its requester cannot approve it, another technician can.
    const own = await confirmFleet(s.d, asked.fleet.id, s.as(TECH));
    expect(own.result).toMatchObject({ audience: 'clicker', reply: { type: 'denied', reason: 'ownRequest' } });
    const approved = await confirmFleet(s.d, asked.fleet.id, s.as(TECH2));
    await approved.run;
    expect(new Set(s.gateway.changes.map((c) => c.split(' by ')[1]))).toEqual(new Set([TECH2]));
    expect(disconnects(s)).toHaveLength(3);
  });
});
