/**
 * A Notifier for the watch at scale: every notice goes through the bot's real OutboundQueue (one queue per
 * conversation, Teams' windows per conversation and per tenant), on a virtual clock, so that 200,000 notices
 * paced as Teams demands (hours of real time) take seconds. The send itself is recorded, with the virtual
 * time it happened at, instead of an HTTP request per conversation. What it proves: the deliverer hands each
 * notice to the queue once, and what leaves the queue keeps Teams' limits; not the HTTP path (the notice-burst
 * e2e test covers that for one conversation).
 */
import {
  OutboundQueue,
  TEAMS_CONVERSATION_LIMITS,
  TEAMS_TENANT_LIMITS,
  type RateWindow,
} from '../../../src/bot/outbound-queue';
import type { NoticeOutcome, Notifier } from '../../../src/core/ports';
import type { WatchEvent, WatchSubscription } from '../../../src/core/watch-model';

export interface Sent {
  conversation: string;
  tenantId: string;
  eventId: string;
  /** Virtual ms. */
  at: number;
}

export class PacedNotifier implements Notifier {
  readonly sent: Sent[] = [];
  private now = 0;
  private timers: { at: number; resolve: () => void }[] = [];
  private scheduled = false;
  private readonly queue = new OutboundQueue({
    classify: () => ({}),
    now: () => this.now,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        this.timers.push({ at: this.now + ms, resolve });
        this.schedule();
      }),
    random: () => 0.5,
  });

  /** Virtual time since the first notice (ms). */
  get elapsedMs(): number {
    return this.now;
  }

  async notify(s: WatchSubscription, event: WatchEvent): Promise<NoticeOutcome> {
    await this.queue.send({ conversationId: s.address.conversationId, tenantId: s.tenantId }, async () => {
      this.sent.push({ conversation: s.address.conversationId, tenantId: s.tenantId, eventId: event.id, at: this.now });
    });
    return { delivered: true };
  }

  /** The earliest sleeper wakes when everything else has run (one per turn of the event loop). */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.timers.length === 0) return;
      let first = 0;
      for (let i = 1; i < this.timers.length; i++) if (this.timers[i].at < this.timers[first].at) first = i;
      const [timer] = this.timers.splice(first, 1);
      this.now = Math.max(this.now, timer.at);
      timer.resolve();
      if (this.timers.length) this.schedule();
    });
  }
}

/** The most sends within any span of `perMs` (times sorted). */
export function busiest(sortedTimes: number[], perMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < sortedTimes.length; i++) {
    while (sortedTimes[j] <= sortedTimes[i] - perMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** The windows of `limits` that `sends` (grouped by `key`) break: [] when all are kept. */
export function brokenWindows(sends: Sent[], key: (s: Sent) => string, limits: readonly RateWindow[]): string[] {
  const groups = new Map<string, number[]>();
  for (const s of sends) {
    const times = groups.get(key(s));
    if (times) times.push(s.at);
    else groups.set(key(s), [s.at]);
  }
  const broken: string[] = [];
  for (const [k, times] of groups) {
    times.sort((x, y) => x - y);
    for (const w of limits) {
      const most = busiest(times, w.perMs);
      if (most > w.max) broken.push(`${k}: ${most} in ${w.perMs} ms (limit ${w.max})`);
    }
  }
  return broken;
}

export { TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS };
