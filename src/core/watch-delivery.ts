/**
 * Tells the recorded changes to the subscribed conversations. Each subscription has a cursor in the store (the
 * last event it was told); a round reads the subscriptions with events after their cursors, claims them in one
 * conditional update (once across instances), and tells each conversation its events in order through the
 * Notifier (bot/: a queue per conversation within Teams' rate limits, which retries 429/412/502/504 itself).
 * Then one statement per subscription moves its cursor past what was told: delivered, or given up (a final
 * refusal, or too many attempts). A notice that fails for now stops that conversation's list until a retry
 * time that grows; a conversation that refuses the bot for good (removed from it, deleted) ends its
 * subscription. Rounds follow one another while they come back full.
 *
 * Across a crash while posting, a claim is taken again once it is stale, and the notices of that conversation
 * told since its claim are told again: at least once rather than lost (the window is one round of one
 * conversation, at most `perSubscription` notices). One run at a time per instance.
 */
import { noInstrumentation, type Instrumentation } from './instrumentation';
import type { Logger } from './logger';
import { describeError } from './errors';
import type { Clock, NoticeOutcome, Notifier, WatchStore } from './ports';
import type { WatchDue, WatchEvent, WatchProgress, WatchSubscription } from './watch-model';

export interface WatchDeliveryOptions {
  store: WatchStore;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
  /** A claim older than this is from an instance that stopped while posting. Default 10 minutes. */
  staleClaimMs?: number;
  /** Subscriptions claimed per round. Default 200. */
  batch?: number;
  /** Notices per subscription per round. Default 10. */
  perSubscription?: number;
  /** Attempts before a notice is given up. Default 8 (the last about an hour after the first). */
  maxAttempts?: number;
  /** Notices counted: sent, retried, dropped (default: none). */
  instrumentation?: Instrumentation;
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
        let full = false;
        do {
          this.again = false;
          full = await this.round();
        } while ((this.again || full) && !this.stopped);
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

  /** One round; true when more may be due at once. */
  private async round(): Promise<boolean> {
    const { store, clock } = this.o;
    const now = clock.now().toISOString();
    const staleBefore = new Date(Date.parse(now) - (this.o.staleClaimMs ?? 10 * MINUTE)).toISOString();
    const limit = this.o.batch ?? 200;
    const perSubscription = this.o.perSubscription ?? 10;
    const due = await store.dueNotices(now, staleBefore, limit, perSubscription);
    if (due.length === 0) return false;
    const claimed = new Set(
      await store.claimNotices(
        due.map((d) => ({ subscriptionId: d.subscription.id, cursor: d.cursor })),
        now,
        staleBefore,
      ),
    );
    // One conversation's notices in order; conversations side by side (the Notifier paces each, and the tenant).
    await Promise.all(due.filter((d) => claimed.has(d.subscription.id)).map((d) => this.tell(d, now)));
    // More may be due: other subscriptions, or more notices of these.
    return (
      due.length === limit || due.some((d) => d.events.length === perSubscription && claimed.has(d.subscription.id))
    );
  }

  /** Tells one claimed subscription its events, then records how far it got (unless it ended). */
  private async tell(d: WatchDue, claimedAt: string): Promise<void> {
    const progress: WatchProgress = { attempts: d.attempts };
    for (const event of d.events) {
      if (this.stopped) break;
      const outcome = await this.notify(d, event);
      const counted = this.o.instrumentation ?? noInstrumentation;
      if (outcome.delivered) {
        counted.count({ name: 'watch.notices', result: 'sent' });
        Object.assign(progress, { toldEventId: event.id, attempts: 0, error: undefined });
        this.o.log.info('watch: notice delivered', {
          event: event.id,
          kind: event.notice.kind,
          conversation: d.subscription.address.kind,
          tenantId: d.subscription.tenantId,
        });
        continue;
      }
      const attempts = progress.attempts + 1;
      const final = outcome.final || attempts >= (this.o.maxAttempts ?? 8);
      const at = this.o.clock.now();
      // 1, 2, 4, ... minutes, at most an hour.
      counted.count({ name: 'watch.notices', result: final || outcome.gone ? 'dropped' : 'retried' });
      const retryAt = final
        ? undefined
        : new Date(at.getTime() + Math.min(60, 2 ** (attempts - 1)) * MINUTE).toISOString();
      (final ? this.o.log.error : this.o.log.warn).call(
        this.o.log,
        final ? 'watch: notice given up' : 'watch: notice not delivered, will retry',
        {
          event: event.id,
          subscription: d.subscription.id,
          attempts,
          reason: outcome.reason,
          retryAt,
        },
      );
      if (outcome.gone) {
        // The bot can no longer post there (removed from the team or chat, conversation deleted): stop watching it.
        await this.o.store.unsubscribe(d.subscription.tenantId, d.subscription.address.conversationId);
        this.o.log.warn('watch: the conversation refuses the bot; its subscription ended', {
          subscription: d.subscription.id,
          tenantId: d.subscription.tenantId,
          reason: outcome.reason,
        });
        return;
      }
      if (final) {
        Object.assign(progress, { toldEventId: event.id, attempts: 0, error: outcome.reason });
        continue;
      }
      Object.assign(progress, { attempts, retryAt, error: outcome.reason });
      break;
    }
    await this.o.store.recordProgress(d.subscription.id, d.cursor, claimedAt, progress);
  }

  /**
   * Posts one notice outside the subscriptions' cursors (the new customers of a `watch @all`,
   * watch-new-customers.ts): the caller keeps what was told. Never throws.
   */
  post(subscription: WatchSubscription, event: WatchEvent): Promise<NoticeOutcome> {
    return this.notify({ subscription }, event);
  }

  private async notify(d: Pick<WatchDue, 'subscription'>, event: WatchEvent): Promise<NoticeOutcome> {
    try {
      return await this.o.notifier.notify(d.subscription, event);
    } catch (e) {
      return { delivered: false, final: false, reason: `notifier failed: ${String(describeError(e).message)}` };
    }
  }
}
