/**
 * The Notifier port (core/ports.ts) on the Bot Framework: a watch notice becomes a card in the subscriber's
 * language and time zone, and goes out as a proactive message through the outgoing queue (one queue per
 * conversation, Teams' rate windows, retries of 429/412/502/504 after any Retry-After: outbound-queue.ts).
 *
 * A refusal that no retry can fix is final: 400, 403 (the bot was removed from the conversation, or blocked) and
 * 404 (the conversation is gone); the last two end the subscription. 401 is not final (a credential problem
 * someone can fix), nor are 5xx and network failures.
 */
import { ActivityTypes, CardFactory } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import { describeError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { NoticeOutcome, Notifier } from '../core/ports';
import type { WatchEvent, WatchSubscription } from '../core/watch-model';
import type { CardRenderer } from './app';
import { OutboundQueue, type OutboundQueueOptions } from './outbound-queue';
import { postProactively, sendFailureOf } from './proactive';
import { queueWaited } from './telemetry';

export interface BotNotifierOptions {
  adapter: TeamsAdapter;
  /** The app id the adapter sends as (empty with inbound auth off, as the adapter has none then). */
  appId: string;
  render: CardRenderer;
  log: Logger;
  /** Pacing and retries; Teams' limits by default. */
  queue?: Partial<Omit<OutboundQueueOptions, 'classify' | 'log'>>;
  /** The outgoing queue to share (with the proactive card updates); one of its own otherwise. */
  outbound?: OutboundQueue;
}

const FINAL_STATUSES = new Set([400, 403, 404, 405, 413]);
/** The Bot Connector's answers when the bot is no longer in the conversation, or the conversation is gone. */
const GONE_STATUSES = new Set([403, 404]);

/** The outgoing queue for the Bot Connector's answers (their status and Retry-After decide the retries). */
export function createOutboundQueue(
  log: Logger,
  options: Partial<Omit<OutboundQueueOptions, 'classify' | 'log'>> = {},
): OutboundQueue {
  return new OutboundQueue({ onWait: queueWaited, ...options, classify: sendFailureOf, log });
}

export class BotNotifier implements Notifier {
  readonly queue: OutboundQueue;

  constructor(private readonly o: BotNotifierOptions) {
    this.queue = o.outbound ?? createOutboundQueue(o.log, o.queue);
  }

  async notify(subscription: WatchSubscription, event: WatchEvent): Promise<NoticeOutcome> {
    const card = this.o.render(
      {
        type: 'watchNotice',
        notice: event.notice,
        observedAt: event.observedAt,
        ...(subscription.customer ? { customer: subscription.customer } : {}),
      },
      { locale: subscription.locale, timeZone: subscription.timeZone },
    );
    const activity = { type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] };
    try {
      await this.queue.send(
        { conversationId: subscription.address.conversationId, tenantId: subscription.tenantId },
        () => postProactively(this.o.adapter, this.o.appId, subscription.address, activity),
      );
      return { delivered: true };
    } catch (e) {
      const { status } = sendFailureOf(e);
      const final = status !== undefined && FINAL_STATUSES.has(status);
      const gone = status !== undefined && GONE_STATUSES.has(status);
      return {
        delivered: false,
        final,
        gone,
        reason: status ? `HTTP ${status}: ${describeError(e).message}` : String(describeError(e).message),
      };
    }
  }
}
