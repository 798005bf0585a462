/**
 * A burst of notices to ONE conversation through the bot's real outgoing path (the adapter's proactive send
 * over HTTP, the Notifier and its queue) against a Bot Connector that enforces a rate limit the way Teams
 * does: beyond it, 429 with Retry-After (msteams-docs, msteams-platform/bots/how-to/rate-limit.md: per bot per
 * conversation 7 per 1 s, 8 per 2 s, 60 per 30 s, 1800 per hour; retry 429, 412, 502 and 504).
 *
 * Every notice arrives exactly once and in order; the conversation never receives more than the limit.
 */
import { BotNotifier } from '../../src/bot/notifier';
import { createAdapter } from '../../src/bot/adapter';
import { renderReply } from '../../src/commands';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/core/logger';
import type { WatchEvent, WatchSubscription } from '../../src/core/watch-model';
import { localModeDefaults } from '../../src/local/simulated-tenant';
import { startRecordingConnector, type RecordedCall, type RecordingConnector } from '../support/recording-connector';
import { cardOf, cardText } from '../support/teams';

const CONVERSATION = '19:burst@thread.tacv2';

/** The most calls within any span of `perMs`. */
function busiest(calls: RecordedCall[], perMs: number): number {
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[j] <= times[i] - perMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("a burst of notices to one conversation, within Teams' limits", () => {
  let connector: RecordingConnector;
  afterEach(() => connector?.close());

  const notifier = () =>
    new BotNotifier({
      adapter: createAdapter(loadConfig({ ...localModeDefaults(), PORT: '0' }), silentLogger),
      appId: '',
      render: renderReply,
      log: silentLogger,
    });
  const subscription = (): WatchSubscription => ({
    id: 'sub-1',
    tenantId: 'tenant-1',
    address: {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversationId: CONVERSATION,
      kind: 'channel',
      tenantId: 'tenant-1',
      botId: '28:bot',
    },
    createdBy: { id: 'aad-alex', name: 'Alex Wilber' },
    locale: 'en-US',
    createdAt: '2026-11-30T10:00:00.000Z',
  });
  const events = (n: number): WatchEvent[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `ev-${i}`,
      tenantId: 'tenant-1',
      notice: {
        kind: 'statusChanged',
        partner: { id: `p-${i}`, displayName: `Partner ${i}`, onboardingStatus: 'notOnboarded' },
        from: 'onboarded',
      },
      observedAt: '2026-11-30T10:00:00.000Z',
    }));
  const delivered = () =>
    connector
      .messages()
      .filter((m) => m.conversationId === CONVERSATION)
      .map((m) => /Partner (\d+) changed state/.exec(cardText(cardOf(m.activity)))?.[1]);

  it('100 notices while the connector answers 429 beyond 7 a second: all 100 delivered once, in order, and the limits kept', async () => {
    connector = await startRecordingConnector({ rateLimit: { max: 7, perMs: 1000, retryAfterSeconds: 1 } });
    const n = notifier();
    const sub = subscription();
    const outcomes = await Promise.all(events(100).map((e) => n.notify(sub, e)));
    expect(outcomes.every((o) => o.delivered)).toBe(true);
    expect(delivered()).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
    const accepted = connector.messages();
    const attempts = connector.calls.filter((c) => c.method === 'POST' && c.conversationId === CONVERSATION);
    // Teams' windows, as the connector saw the requests arrive (one in 1 s of slack for the way there).
    expect(busiest(accepted, 1000)).toBeLessThanOrEqual(7);
    expect(busiest(attempts, 1000)).toBeLessThanOrEqual(8);
    expect(busiest(accepted, 30_000)).toBeLessThanOrEqual(60);
    // The bot paced itself (with a margin for the way there): the limit is hardly ever reached.
    expect(connector.throttled().length).toBeLessThanOrEqual(2);
  }, 120_000);

  it('a connector stricter than Teams (3 a second, Retry-After 2 s): every 429 is waited out, nothing is lost or sent twice', async () => {
    connector = await startRecordingConnector({ rateLimit: { max: 3, perMs: 1000, retryAfterSeconds: 2 } });
    const n = notifier();
    const sub = subscription();
    const outcomes = await Promise.all(events(20).map((e) => n.notify(sub, e)));
    expect(outcomes.every((o) => o.delivered)).toBe(true);
    expect(delivered()).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    const throttled = connector.throttled();
    expect(throttled.length).toBeGreaterThan(0);
    // After each 429, nothing more reached that conversation before its Retry-After had passed.
    const posts = connector.calls.filter((c) => c.method === 'POST' && c.conversationId === CONVERSATION);
    for (const refused of throttled) {
      const next = posts.find((c) => c.at > refused.at);
      if (next) expect(next.at - refused.at).toBeGreaterThanOrEqual(2000);
    }
  }, 120_000);

  it('a conversation the connector does not know (404) is reported as final, without retries', async () => {
    connector = await startRecordingConnector();
    const sub = { ...subscription(), address: { ...subscription().address, serviceUrl: `${connector.url}forbidden/` } };
    const outcome = await notifier().notify(sub, events(1)[0]);
    expect(outcome).toMatchObject({
      delivered: false,
      final: true,
      gone: true,
      reason: expect.stringMatching(/^HTTP 404/),
    });
    expect(connector.calls).toHaveLength(1);
  });
});
