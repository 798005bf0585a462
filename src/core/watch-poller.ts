/**
 * The watch's poller: every instance ticks, exactly one (the holder of the lease in the store) reads the
 * partners of each watched tenant with the bot's own permission, records what changed, and sends the notices.
 *
 * Timing, for an interval I (WATCH_INTERVAL_SECONDS): every instance ticks every I/3 and tries to take or renew
 * the lease for 2I/3. The holder renews it at each tick and polls when the last poll (by any holder) is I old.
 * If the holder dies, its lease runs out within 2I/3 and another instance takes it at its next tick: within I.
 * Two pollers at once (a lease that ran out under a slow poll) still record a change once: the store writes
 * changes only on top of the version they were computed from.
 *
 * Throttling: the gateway retries a 429/503 within GRAPH_MAX_RETRY_AFTER_SECONDS; a longer Retry-After
 * (graph.throttled) makes the poller leave that tenant alone until it has passed.
 */
import { customerByTenant, type CustomerDirectory } from './customers';
import { describeError, isAppError } from './errors';
import { noInstrumentation, type Instrumentation } from './instrumentation';
import type { Logger } from './logger';
import type { Clock, RemoteAssistanceGateway, WatchStore } from './ports';
import { detectChanges, firstSnapshots, sameSnapshots } from './watch-changes';
import type { WatchDeliverer } from './watch-delivery';
import { tellNewCustomers } from './watch-new-customers';
import type { Partner } from './model';
import { noticePartner, type WatchEvent } from './watch-model';

export interface WatchPollerOptions {
  store: WatchStore;
  gateway: Pick<RemoteAssistanceGateway, 'list'>;
  deliverer: WatchDeliverer;
  clock: Clock;
  log: Logger;
  newId: () => string;
  /** This instance, as the lease names it. */
  holder: string;
  intervalSeconds: number;
  expiryWarningHours: number;
  /** Each poll a trace of its own, each tenant's poll counted (default: none). */
  instrumentation?: Instrumentation;
  /**
   * The customers (issue 19): a `watch @all` subscribes to each customer tenant, read with the app-only token of
   * THAT tenant like any watched tenant; a customer that cannot be read is told to its subscribers once.
   */
  customers?: CustomerDirectory;
}

export class WatchPoller {
  private timer?: ReturnType<typeof setTimeout>;
  private ticking?: Promise<void>;
  private stopped = false;
  private holding = false;
  /** Per tenant: not before this instant (ms), after Graph said to wait. */
  private readonly notBefore = new Map<string, number>();
  /** Per tenant: the last failure logged, so that a lasting one is logged when it starts and when it ends. */
  private readonly failing = new Map<string, string>();
  /** Customer tenants whose recorded failure (if any) was cleared since this instance started. */
  private readonly checked = new Set<string>();

  constructor(private readonly o: WatchPollerOptions) {}

  private get instrumentation(): Instrumentation {
    return this.o.instrumentation ?? noInstrumentation;
  }

  get intervalMs(): number {
    return this.o.intervalSeconds * 1000;
  }

  get tickMs(): number {
    return Math.max(50, Math.floor(this.intervalMs / 3));
  }

  /** Whether this instance held the lease at its last tick. */
  get isHolder(): boolean {
    return this.holding;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    const loop = async () => {
      this.ticking = this.tick();
      await this.ticking;
      if (!this.stopped) this.timer = setTimeout(loop, this.tickMs);
    };
    this.timer = setTimeout(loop, 0);
  }

  /** Stops ticking, waits for the current tick and deliveries, and lets the lease go. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await this.o.deliverer.stop();
    if (this.holding) {
      await this.o.store
        .releaseWatchLease(this.o.holder, this.o.clock.now().toISOString())
        .catch((e: unknown) => this.o.log.warn('watch: could not release the lease', { error: describeError(e) }));
      this.holding = false;
    }
  }

  /** One tick: the lease, a poll when one is due, the notices. Never throws. */
  async tick(): Promise<void> {
    const { store, clock, log, holder } = this.o;
    try {
      const now = clock.now();
      const lease = await store.acquireWatchLease(
        holder,
        now.toISOString(),
        new Date(now.getTime() + (2 * this.intervalMs) / 3).toISOString(),
      );
      if (!lease.held) {
        if (this.holding) log.info('watch: another instance polls now', { holder });
        this.holding = false;
        return;
      }
      if (!this.holding)
        log.info('watch: this instance polls the partners', { holder, intervalSeconds: this.o.intervalSeconds });
      this.holding = true;
      const last = lease.polledAt ? Date.parse(lease.polledAt) : Number.NEGATIVE_INFINITY;
      if (now.getTime() - last >= this.intervalMs - this.tickMs / 2) {
        await this.instrumentation.root('watch.poll', async () => {
          await this.pollAll();
          await store.markWatchPolled(holder, clock.now().toISOString());
        });
      }
      void this.o.deliverer.kick();
    } catch (e) {
      log.error('watch: tick failed', { error: describeError(e) });
    }
  }

  /**
   * Reads every watched tenant once (those Graph asked to wait are skipped until then), then tells each `watch @all`
   * conversation of customers configured after it.
   */
  async pollAll(): Promise<void> {
    await this.pollTenants();
    await this.tellNewCustomers();
  }

  private async pollTenants(): Promise<void> {
    for (const tenantId of await this.o.store.watchedTenants()) {
      if (this.stopped) return;
      if ((this.notBefore.get(tenantId) ?? 0) > this.o.clock.now().getTime()) continue;
      let stage: Stage = 'read';
      try {
        const partners = await this.o.gateway.list({ app: true, tenantId });
        stage = 'record';
        await this.record(tenantId, partners);
        this.instrumentation.count({ name: 'watch.polls', result: 'ok' });
        await this.recovered(tenantId);
      } catch (e) {
        this.instrumentation.count({ name: 'watch.polls', result: stage === 'read' ? 'read_failed' : 'record_failed' });
        await this.failed(tenantId, e, stage);
      }
    }
  }

  /** Each `watch @all` conversation is told, once, of the customers configured after it (watch-new-customers.ts). */
  async tellNewCustomers(): Promise<void> {
    const { customers, store, deliverer, clock, log, newId } = this.o;
    if (!customers || this.stopped) return;
    await tellNewCustomers({ store, customers, post: (s, e) => deliverer.post(s, e), clock, log, newId });
  }

  /** What changed since the last look, recorded (the first look is only remembered). */
  private async record(tenantId: string, partners: Partner[]): Promise<void> {
    const { store, clock, log } = this.o;
    const warningMs = this.o.expiryWarningHours * 3_600_000;
    const now = clock.now();
    const seen = await store.snapshots(tenantId);
    if (!seen) {
      await store.baseline(tenantId, firstSnapshots(partners, now, warningMs), now.toISOString());
      return;
    }
    const { snapshots, notices } = detectChanges(seen.partners, partners, now, warningMs);
    if (notices.length === 0 && sameSnapshots(seen.partners, snapshots)) return;
    const events: WatchEvent[] = notices.map((notice) => ({
      id: this.o.newId(),
      tenantId,
      notice,
      observedAt: now.toISOString(),
    }));
    if (await store.recordChanges(tenantId, seen.version, snapshots, events, now.toISOString())) {
      if (events.length)
        log.info('watch: partner changes noticed', {
          tenantId,
          notices: notices.map((n) => `${n.kind} ${noticePartner(n)?.id ?? ''}`),
        });
    } else {
      log.info('watch: these changes were recorded elsewhere (or the watch ended)', { tenantId });
    }
  }

  private async recovered(tenantId: string): Promise<void> {
    const was = this.failing.get(tenantId);
    // A customer's failure told to its subscribers is forgotten once it reads again (a next one is told again).
    if (this.customer(tenantId) && (was || !this.checked.has(tenantId))) {
      await this.o.store.clearReadFailure(tenantId);
      this.checked.add(tenantId);
    }
    if (!was) return;
    this.failing.delete(tenantId);
    if (was.startsWith('read:')) this.o.log.info('watch: the partners can be read again', { tenantId });
    else this.o.log.info("watch: the partners' changes are recorded again", { tenantId });
  }

  /**
   * A tenant's poll failed: reading the partners (Graph), or recording what changed (the store: nothing was
   * written, so the next poll computes the same changes again and records them). A lasting failure is logged
   * when it starts and when it ends.
   */
  private async failed(tenantId: string, e: unknown, stage: Stage): Promise<void> {
    const { clock, log } = this.o;
    if (stage === 'read' && isAppError(e) && e.kind === 'graph.throttled') {
      const waitMs = Math.max(1, e.retryAfterSeconds ?? this.o.intervalSeconds) * 1000;
      this.notBefore.set(tenantId, clock.now().getTime() + waitMs);
      log.warn('watch: Graph throttles the poller; leaving the tenant alone for a while', {
        tenantId,
        retryAfterSeconds: waitMs / 1000,
      });
      return;
    }
    const what = `${stage}:${isAppError(e) ? e.kind : e instanceof Error && 'kind' in e ? String(e.kind) : 'error'}`;
    if (this.failing.get(tenantId) === what) return;
    const customer = stage === 'read' ? this.customer(tenantId) : undefined;
    if (customer) {
      // Told to the customer's subscribers, and logged, once per failure across instances (the store decides).
      this.failing.set(tenantId, what);
      await this.customerUnreadable(tenantId, customer, what, e);
      return;
    }
    this.failing.set(tenantId, what);
    if (stage === 'record') {
      log.warn("watch: could not record the partners' changes", {
        tenantId,
        error: describeError(e),
        hint: 'the next poll records them; check the database (docs/store.md)',
      });
      return;
    }
    const hint =
      isAppError(e) && (e.kind === 'graph.forbidden' || e.kind === 'graph.unauthorized')
        ? 'the app-only token lacks DeviceManagementServiceConfig.Read.All (application): grant admin consent (docs/deploy.md, step 4)'
        : undefined;
    log.warn('watch: cannot read the partners', { tenantId, error: describeError(e), hint });
  }

  /** The configured customer whose tenant this is, if any. */
  private customer(tenantId: string): string | undefined {
    return this.o.customers ? customerByTenant(this.o.customers, tenantId)?.name : undefined;
  }

  private async customerUnreadable(tenantId: string, customer: string, what: string, e: unknown): Promise<void> {
    const now = this.o.clock.now().toISOString();
    const reason = isAppError(e) ? e.message : 'unexpected error';
    const event: WatchEvent = { id: this.o.newId(), tenantId, notice: { kind: 'unreadable', reason }, observedAt: now };
    try {
      if (await this.o.store.recordReadFailure(tenantId, what, event, now)) {
        this.o.log.warn("watch: cannot read a customer's partners; its watchers are told", {
          tenantId,
          customer,
          error: describeError(e),
          hint: 'the app needs admin consent in the customer (docs/msp.md)',
        });
      }
    } catch (stored) {
      this.failing.delete(tenantId); // not told: tried again at the next poll
      this.o.log.warn('watch: could not record that a customer cannot be read', {
        tenantId,
        customer,
        error: describeError(stored),
      });
    }
  }
}

/** Where a tenant's poll failed: reading the partners from Graph, or recording the changes in the store. */
type Stage = 'read' | 'record';
