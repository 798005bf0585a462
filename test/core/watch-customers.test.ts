/**
 * `watch @all` against the simulated MSP world: the real Graph gateway and real @azure/identity client
 * credentials (the app-only token of EACH customer's tenant), the store on SQLite, the poller and the deliverer
 * of the core, and a notifier that records what it is asked to post. Contoso is readable (the app is consented
 * there), Fabrikam has no service principal (AADSTS7000229 for client credentials), Northwind's GDAP relationship
 * expired (which app-only reads do not need). Client credentials against a customer's authority:
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
 */
import { renderCoreReply } from '../../src/cards';
import type { CustomerDirectory } from '../../src/core/customers';
import type { Authorizer } from '../../src/core/authorization';
import type { Logger } from '../../src/core/logger';
import type { UserSession } from '../../src/core/model';
import type { NoticeOutcome, Notifier } from '../../src/core/ports';
import type { Reply } from '../../src/core/replies';
import type { RequestContext } from '../../src/core/context';
import { WatchDeliverer } from '../../src/core/watch-delivery';
import type { WatchEvent, WatchSubscription } from '../../src/core/watch-model';
import { WatchPoller } from '../../src/core/watch-poller';
import { watchCommand, type WatchCommandDeps } from '../../src/commands/watch/handler';
import { unwatchCommand } from '../../src/commands/unwatch/handler';
import { createGraphGateway } from '../../src/graph';
import { createAppGraphTokenProvider } from '../../src/identity';
import { startSimulator, type Simulator } from '../../src/simulator';
import { openStore, type Store } from '../../src/store';

const CHANNEL = '19:noc@thread.tacv2';
/** The admin's session; the stub authorizer below does not look into it. */
const SESSION = { actor: { tenantId: 'home', aadObjectId: 'aad-admin' } } as unknown as UserSession;

class RecordingNotifier implements Notifier {
  readonly sent: { subscription: WatchSubscription; event: WatchEvent }[] = [];
  /** What the next notices get instead of being posted (a conversation that cannot be reached for now). */
  refuse?: NoticeOutcome;
  async notify(subscription: WatchSubscription, event: WatchEvent): Promise<NoticeOutcome> {
    if (this.refuse) return this.refuse;
    this.sent.push({ subscription, event });
    return { delivered: true };
  }
  /** What was posted since the last call: the customer named, and the notice in short. */
  take(): string[] {
    const out = this.sent.splice(0).map(({ subscription, event }) => {
      const n = event.notice;
      if (n.kind === 'newCustomers')
        return `${subscription.customer?.name ?? 'own'}: new ${n.customers.map((c) => c.name)}`;
      const what =
        n.kind === 'unreadable'
          ? `unreadable: ${n.reason.match(/AADSTS\d+/)?.[0] ?? n.reason}`
          : n.kind === 'statusChanged'
            ? `${n.partner.displayName} ${n.from} -> ${n.partner.onboardingStatus}`
            : n.kind;
      return `${subscription.customer?.name ?? 'own'}: ${what}`;
    });
    return out.sort();
  }
}

describe('watch @all against the simulated customers', () => {
  let sim: Simulator;
  let store: Store;
  let notifier: RecordingNotifier;
  let warnings: string[];
  let gateway: ReturnType<typeof createGraphGateway>;
  let seq = 0;
  let denied: Set<string>;
  /** The customers in the bot's configuration (CUSTOMERS), by name; undefined: every simulated one. */
  let configured: string[] | undefined;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim?.close());
  beforeEach(async () => {
    sim.reset();
    denied = new Set();
    configured = undefined;
    store = await openStore({ sqliteFile: ':memory:' });
    notifier = new RecordingNotifier();
    warnings = [];
    gateway = newGateway();
  });
  afterEach(async () => {
    gateway.close();
    await store.close();
  });

  /** The bot's app-only path, with a token cache of its own (a new one: as after a restart). */
  const newGateway = () =>
    createGraphGateway({
      baseUrl: sim.graphBaseUrl,
      ca: sim.ca,
      tokens: { getToken: () => Promise.reject(new Error('the watch reads with no user')) },
      appTokens: createAppGraphTokenProvider({
        clientId: sim.botId,
        clientSecret: sim.clientSecret,
        authorityHost: sim.authorityHost,
        ca: sim.ca,
      }),
      retry: { maxRetries: 0 },
    });
  const directory = (): CustomerDirectory => ({
    customers: sim
      .customers()
      .filter((c) => !configured || configured.includes(c.name))
      .map((c) => ({
        name: c.name,
        tenantId: c.tenantId,
        displayName: c.displayName,
        technicianGroupIds: [],
        readerGroupIds: [],
      })),
    groups: {},
  });
  const log: Logger = {
    debug() {},
    info() {},
    warn: (msg, fields) => warnings.push(`${msg} ${String(fields?.customer ?? fields?.tenantId)}`),
    error() {},
  };
  const clock = { now: () => new Date() };
  const deps = (): WatchCommandDeps => ({
    gateway,
    clock,
    newId: () => `id-${++seq}`,
    log,
    watch: { store: store.watch, intervalSeconds: 300, expiryWarningHours: 24 },
    customers: directory(),
    // Who may read which customer is the Authorizer's (its own tests); here: everyone but the `denied` ones.
    authorizer: {
      decideForCustomer: async (_actor: unknown, need: string, _session: unknown, c: { name: string }) =>
        need === 'reader' && !denied.has(c.name)
          ? { allowed: true, role: 'reader' }
          : { allowed: false, reason: 'notAllowed' },
    } as unknown as Authorizer,
  });
  const ctx = {
    actor: { tenantId: 'set per test', aadObjectId: 'aad-admin', name: 'Megan Bowen', locale: 'en-US' },
    conversation: { id: `${CHANNEL};messageid=42`, kind: 'channel' },
    address: {
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/amer/',
      conversationId: `${CHANNEL};messageid=42`,
      kind: 'channel',
      tenantId: 'ignored',
      botId: '28:bot',
    },
  } as unknown as RequestContext;
  const homeCtx = () => ({ ...ctx, actor: { ...ctx.actor, tenantId: sim.tenantId } }) as RequestContext;

  /** One poll of every watched tenant, and the notices it sent. */
  const poll = async () => {
    const deliverer = new WatchDeliverer({ store: store.watch, notifier, clock, log });
    const poller = new WatchPoller({
      store: store.watch,
      gateway,
      deliverer,
      clock,
      log,
      newId: () => `ev-${++seq}`,
      holder: 'A',
      intervalSeconds: 300,
      expiryWarningHours: 24,
      customers: directory(),
    });
    await poller.pollAll();
    await deliverer.kick();
    return poller;
  };
  const contosoPartner = () => sim.customers().find((c) => c.name === 'contoso')!.partners[0];

  it("watch @all subscribes to each customer and shows, per customer, what the bot can read with that tenant's own app token", async () => {
    const reply = (await watchCommand(deps(), homeCtx(), '@all', SESSION)) as Extract<Reply, { type: 'watchStarted' }>;
    expect(reply.customers?.map((c) => [c.name, c.created, c.partners ?? c.readError?.kind])).toEqual([
      ['contoso', true, 1],
      ['fabrikam', true, expect.stringMatching(/^auth\./)],
      ['northwind', true, 1],
    ]);
    expect(reply.customers?.[1].readError?.message).toContain('7000229');
    // Each customer's token was asked of its own authority (client credentials), none of the home tenant.
    const tokens = sim.calls.filter((c) => c.service === 'entra').map((c) => c.path.split('/')[1]);
    expect(new Set(tokens)).toEqual(new Set(sim.customers().map((c) => c.tenantId)));
    const subs = await store.watch.subscriptions(sim.tenantId);
    expect(subs.map((s) => [s.customer?.displayName, s.address.tenantId, s.address.conversationId])).toEqual(
      sim.customers().map((c) => [c.displayName, sim.tenantId, CHANNEL]),
    );
    expect(
      (await watchCommand(deps(), homeCtx(), '@all', SESSION)) as Extract<Reply, { type: 'watchStarted' }>,
    ).toMatchObject({ created: false });
  });

  it("a change of Contoso's partner reaches the channel naming Contoso; Fabrikam is reported once, and again only after it recovered and failed again", async () => {
    await watchCommand(deps(), homeCtx(), '@all', SESSION);
    warnings.length = 0; // the command's own warning; from here on, the poller's
    await poll();
    expect(notifier.take()).toEqual(['fabrikam: unreadable: AADSTS7000229']);
    expect(warnings.filter((w) => w.includes('fabrikam')).length).toBe(1);

    sim.changePartner({ customer: 'contoso', partner: contosoPartner().id, onboardingStatus: 'notOnboarded' });
    await poll();
    const [told] = notifier.sent;
    expect(notifier.take()).toEqual([`contoso: ${contosoPartner().displayName} onboarded -> notOnboarded`]);
    // The notice as the channel sees it: a line naming the customer.
    const card = JSON.stringify(
      renderCoreReply(
        {
          type: 'watchNotice',
          notice: told.event.notice,
          observedAt: told.event.observedAt,
          customer: told.subscription.customer,
        },
        { locale: 'en-US' },
      ),
    );
    expect(card).toContain('Customer: Contoso');
    expect(told.subscription.address.tenantId).toBe(sim.tenantId); // posted in the partner tenant's channel

    // Still failing: nothing more is told or logged (a new poller instance too: the store remembers).
    await poll();
    expect(notifier.take()).toEqual([]);
    expect(warnings.filter((w) => w.includes('fabrikam')).length).toBe(1);

    // Consented, then revoked again: told once more.
    sim.changeCustomer({ customer: 'fabrikam', consent: true });
    await poll();
    expect(notifier.take()).toEqual([]);
    sim.changeCustomer({ customer: 'fabrikam', consent: false });
    // A token already issued stays good until it expires; a new one is refused (here: the bot restarted).
    gateway.close();
    gateway = newGateway();
    await poll();
    expect(notifier.take()).toEqual(['fabrikam: unreadable: AADSTS7000229']);
  });

  it('a customer the user may not read is listed as not allowed and not watched', async () => {
    denied.add('northwind');
    const reply = (await watchCommand(deps(), homeCtx(), '@all', SESSION)) as Extract<Reply, { type: 'watchStarted' }>;
    expect(reply.customers?.map((c) => [c.name, Boolean(c.notAllowed)])).toEqual([
      ['contoso', false],
      ['fabrikam', false],
      ['northwind', true],
    ]);
    expect((await store.watch.subscriptions(sim.tenantId)).map((s) => s.customer?.name)).toEqual([
      'contoso',
      'fabrikam',
    ]);
    const northwind = sim.customers().find((c) => c.name === 'northwind')!.tenantId;
    expect(sim.calls.some((c) => c.service === 'entra' && c.path.includes(northwind))).toBe(false);
  });

  it("unwatch @all ends the customers' notices in this channel", async () => {
    await watchCommand(deps(), homeCtx(), '@all', SESSION);
    expect(await unwatchCommand(deps(), homeCtx(), '@all')).toEqual({
      type: 'watchStopped',
      existed: true,
      allCustomers: true,
    });
    expect(await store.watch.subscriptions(sim.tenantId)).toEqual([]);
    sim.changePartner({ customer: 'contoso', partner: contosoPartner().id, onboardingStatus: 'notOnboarded' });
    await poll();
    expect(notifier.take()).toEqual([]);
  });

  describe('customers configured after watch @all', () => {
    const northwind = () => sim.customers().find((c) => c.name === 'northwind')!;

    it('are told once, naming them, with a button to watch @all again; typing it subscribes them and settles it', async () => {
      configured = ['contoso', 'fabrikam'];
      await watchCommand(deps(), homeCtx(), '@all', SESSION);
      expect(notifier.take()).toEqual([]);
      await poll();
      expect(notifier.take()).toEqual(['fabrikam: unreadable: AADSTS7000229']);

      configured = undefined; // the MSP adds Northwind to CUSTOMERS (and the bot restarts with it)
      await poll();
      const [told] = notifier.sent;
      expect(notifier.take()).toEqual(['own: new northwind']);
      // Posted in the channel of the watch, in its language; nothing subscribed on the poller's own authority.
      expect(told.subscription.address).toMatchObject({ conversationId: CHANNEL, tenantId: sim.tenantId });
      expect(told.subscription.locale).toBe('en-US');
      const card = renderCoreReply(
        { type: 'watchNotice', notice: told.event.notice, observedAt: told.event.observedAt },
        { locale: told.subscription.locale },
      );
      expect(JSON.stringify(card)).toContain('Northwind');
      expect(JSON.stringify(card)).toContain('"target":"all"');
      expect((await store.watch.subscriptions(sim.tenantId)).map((s) => s.customer?.name)).toEqual([
        'contoso',
        'fabrikam',
      ]);
      expect(sim.calls.some((c) => c.service === 'entra' && c.path.includes(northwind().tenantId))).toBe(false);

      // Not again: next poll, a new poller (a restart or another instance: poll() makes a new one each time).
      await poll();
      await poll();
      expect(notifier.take()).toEqual([]);

      // `watch @all` again (typed or clicked): Northwind is subscribed, and nothing more is told.
      const again = (await watchCommand(deps(), homeCtx(), '@all', SESSION)) as Extract<
        Reply,
        { type: 'watchStarted' }
      >;
      expect(again.customers?.map((c) => [c.name, c.created])).toEqual([
        ['contoso', false],
        ['fabrikam', false],
        ['northwind', true],
      ]);
      await poll();
      expect(notifier.take()).toEqual([]);
      sim.changePartner({
        customer: 'northwind',
        partner: northwind().partners[0].id,
        onboardingStatus: 'notOnboarded',
      });
      await poll();
      expect(notifier.take()).toEqual([`northwind: ${northwind().partners[0].displayName} onboarded -> notOnboarded`]);
    });

    it('a customer the user was not allowed to read at watch @all (listed so then) and still configured is not told as new', async () => {
      denied.add('northwind');
      await watchCommand(deps(), homeCtx(), '@all', SESSION);
      await poll();
      await poll();
      expect(notifier.take()).toEqual(['fabrikam: unreadable: AADSTS7000229']);
    });

    it('a notice that could not be posted for now is tried again at the next poll; one refused for good is not', async () => {
      configured = ['contoso'];
      await watchCommand(deps(), homeCtx(), '@all', SESSION);
      configured = ['contoso', 'northwind'];
      notifier.refuse = { delivered: false, final: false, reason: 'HTTP 502' };
      await poll();
      notifier.refuse = undefined;
      await poll();
      expect(notifier.take()).toEqual(['own: new northwind']);

      await watchCommand(deps(), homeCtx(), '@all', SESSION); // settled: Northwind watched; then one more customer
      configured = ['contoso', 'northwind', 'fabrikam'];
      notifier.refuse = { delivered: false, final: true, reason: 'HTTP 400' };
      await poll();
      notifier.refuse = undefined;
      await poll();
      expect(notifier.take()).toEqual([]);
    });

    it('unwatch @all forgets the watch: a customer configured after it is not told there', async () => {
      configured = ['contoso'];
      await watchCommand(deps(), homeCtx(), '@all', SESSION);
      await unwatchCommand(deps(), homeCtx(), '@all');
      configured = undefined;
      await poll();
      expect(notifier.take()).toEqual([]);
      expect(await store.watch.watchAlls()).toEqual([]);
    });
  });
});
