/**
 * Sends the recorded notices to their conversations: each delivery is claimed once (a conditional update in
 * the store), handed to the Notifier (bot/: a queue per conversation within Teams' rate limits, which retries
 * 429/412/502/504 itself), and marked delivered, or pending again with a growing delay, or failed for good
 * when the conversation cannot take it; when it refuses the bot for good (removed from it, deleted), the
 * subscription ends.
 *
 * Across a crash while posting, a claimed delivery is sent again once its claim is stale: at least once
 * rather than lost (the window is one HTTP request). One run at a time per instance.
 */
import type { Logger } from './logger';
import { describeError } from './errors';
import type { Clock, Notifier, WatchStore } from './ports';
import type { WatchDelivery } from './watch-model';

export interface WatchDeliveryOptions {
  store: WatchStore;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
  /** A claim older than this is from an instance that stopped while posting. Default 10 minutes. */
  staleClaimMs?: number;
  /** Deliveries read per round. Default 200. */
  batch?: number;
  /** Attempts before a notice is given up. Default 8 (the last about an hour after the first). */
  maxAttempts?: number;
}

const MINUTE = 60_000;

export class WatchDeliverer {
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(private readonly o: WatchDeliveryOptions) {}

  /** Starts a run unless one is going; a run that is going does one more round when it ends. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.round();
        } while (this.again && !this.stopped);
      } catch (e) {
        this.o.log.error('watch: delivering notices failed', { error: describeError(e) });
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** No new claims; resolves when the current run ends. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async round(): Promise<void> {
    const now = this.o.clock.now();
    const staleBefore = new Date(now.getTime() - (this.o.staleClaimMs ?? 10 * MINUTE)).toISOString();
    const due = await this.o.store.dueDeliveries(now.toISOString(), staleBefore, this.o.batch ?? 200);
    // One conversation's notices in order; conversations side by side (the Notifier paces each).
    const byConversation = new Map<string, WatchDelivery[]>();
    for (const d of due) {
      const key = d.subscription.id;
      byConversation.set(key, [...(byConversation.get(key) ?? []), d]);
    }
    await Promise.all([...byConversation.values()].map(async (list) => {
      for (const d of list) {
        if (this.stopped) return;
        await this.deliver(d, staleBefore);
      }
    }));
  }

  private async deliver(d: WatchDelivery, staleBefore: string): Promise<void> {
    const { store, notifier, clock, log } = this.o;
    const ids = [d.event.id, d.subscription.id] as const;
    if (!(await store.claimDelivery(...ids, clock.now().toISOString(), staleBefore))) return;
    let outcome;
    try {
      outcome = await notifier.notify(d.subscription, d.event);
    } catch (e) {
      outcome = { delivered: false as const, final: false, reason: `notifier failed: ${String(describeError(e).message)}` };
    }
    const at = clock.now();
    if (outcome.delivered) {
      await store.delivered(...ids, at.toISOString());
      log.info('watch: notice delivered', { event: d.event.id, kind: d.event.notice.kind, conversation: d.subscription.address.kind, tenantId: d.subscription.tenantId });
      return;
    }
    const attempts = d.attempts + 1;
    const final = outcome.final || attempts >= (this.o.maxAttempts ?? 8);
    // 1, 2, 4, ... minutes, at most an hour.
    const retryAt = final ? undefined : new Date(at.getTime() + Math.min(60, 2 ** (attempts - 1)) * MINUTE).toISOString();
    await store.deliveryFailed(...ids, { error: outcome.reason, retryAt }, at.toISOString());
    if (!outcome.delivered && outcome.gone) {
      // The bot can no longer post there (removed from the team or chat, conversation deleted): stop watching it.
      await store.unsubscribe(d.subscription.tenantId, d.subscription.address.conversationId);
      log.warn('watch: the conversation refuses the bot; its subscription ended', { subscription: d.subscription.id, tenantId: d.subscription.tenantId, reason: outcome.reason });
    }
    (final ? log.error : log.warn).call(log, final ? 'watch: notice given up' : 'watch: notice not delivered, will retry', {
      event: d.event.id,
      subscription: d.subscription.id,
      attempts,
      reason: outcome.reason,
      retryAt,
    });
  }
}
