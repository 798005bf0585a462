/**
 * The outgoing queue on its own, on jest's fake clock: pacing per conversation and per tenant (sliding windows,
 * also with slots reserved in the future by other conversations), order, and retries: 429/412/502/504 are
 * retried, never sooner than Retry-After, otherwise with exponential back-off and +-20% jitter; other statuses
 * fail at once; a throttled conversation does not hold up another one.
 * Limits and retry rules: msteams-docs, msteams-platform/bots/how-to/rate-limit.md.
 */
import {
  OutboundQueue,
  RateLog,
  TEAMS_CONVERSATION_LIMITS,
  type RateWindow,
  type SendFailure,
} from '../../src/bot/outbound-queue';

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status}`);
  }
}
const classify = (e: unknown): SendFailure =>
  e instanceof HttpFailure ? { status: e.status, retryAfterMs: e.retryAfterMs } : {};

/** The most sends within any span of `perMs` (half-open, as the windows are). */
function busiest(times: number[], perMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++)
    most = Math.max(most, sorted.filter((t) => t > sorted[i] - perMs && t <= sorted[i]).length);
  return most;
}

describe('RateLog', () => {
  const perSecond: RateWindow[] = [{ max: 2, perMs: 1000 }];

  test('a slot fits when every window that would contain it has room, also counting slots reserved later', () => {
    const log = new RateLog();
    log.add(0);
    log.add(100);
    expect(log.fits(500, perSecond)).toBe(false);
    expect(log.earliest(500, perSecond)).toBe(1000);
    const future = new RateLog();
    future.add(2000);
    future.add(2100);
    // 1500 would share a second with both reservations; 1000 would not, nor 3000 (2000 has left its second by then).
    expect(future.fits(1500, perSecond)).toBe(false);
    expect(future.fits(1000, perSecond)).toBe(true);
    expect(future.earliest(1500, perSecond)).toBe(3000);
    expect(future.fits(2999, perSecond)).toBe(false);
  });
});

describe('OutboundQueue (fake clock)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  async function settle<T>(promise: Promise<T>): Promise<T> {
    let done = false;
    void promise.finally(() => (done = true)).catch(() => undefined);
    for (let i = 0; i < 10_000 && !done; i++) await jest.advanceTimersByTimeAsync(50);
    return promise;
  }

  test("Teams' windows per conversation: 100 messages leave in order, never more than 7 a second, 8 in 2 s, 60 in 30 s", async () => {
    const queue = new OutboundQueue({ classify });
    const sent: { n: number; at: number }[] = [];
    const all = Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        queue.send({ conversationId: 'c1', tenantId: 't' }, async () => void sent.push({ n, at: Date.now() })),
      ),
    );
    await settle(all);
    expect(sent.map((s) => s.n)).toEqual(Array.from({ length: 100 }, (_, n) => n));
    for (const w of TEAMS_CONVERSATION_LIMITS)
      expect(
        busiest(
          sent.map((s) => s.at),
          w.perMs,
        ),
      ).toBeLessThanOrEqual(w.max);
    // And not slower than the windows require: the 61st waits for the first to leave the 30 s window.
    expect(sent[99].at - sent[0].at).toBeLessThan(40_000);
  });

  test("the tenant's window is shared by its conversations, also when one of them has a slot reserved ahead", async () => {
    const queue = new OutboundQueue({
      classify,
      conversationLimits: [{ max: 10, perMs: 1000 }],
      tenantLimits: [{ max: 3, perMs: 1000 }],
    });
    const times: number[] = [];
    const sends = ['a', 'b', 'c'].flatMap((c) =>
      Array.from({ length: 4 }, () =>
        queue.send({ conversationId: c, tenantId: 't' }, async () => void times.push(Date.now())),
      ),
    );
    // Another tenant is not held back by this one.
    const other: number[] = [];
    const elsewhere = Array.from({ length: 3 }, () =>
      queue.send({ conversationId: 'x', tenantId: 'u' }, async () => void other.push(Date.now())),
    );
    await settle(Promise.all([...sends, ...elsewhere]));
    expect(times).toHaveLength(12);
    expect(busiest(times, 1000)).toBeLessThanOrEqual(3);
    expect(Math.max(...other) - 1_000_000).toBeLessThan(100);
  });

  test('429 with Retry-After: the next try waits at least that long (at most 20% more); then it is delivered', async () => {
    const queue = new OutboundQueue({ classify, random: () => 0.5 });
    const tries: number[] = [];
    const result = queue.send({ conversationId: 'c', tenantId: 't' }, async () => {
      tries.push(Date.now());
      if (tries.length < 3) throw new HttpFailure(429, 3000);
      return 'ok';
    });
    expect(await settle(result)).toBe('ok');
    expect(tries).toHaveLength(3);
    for (let i = 1; i < tries.length; i++) {
      expect(tries[i] - tries[i - 1]).toBeGreaterThanOrEqual(3000);
      expect(tries[i] - tries[i - 1]).toBeLessThanOrEqual(3600);
    }
  });

  test.each([412, 502, 504, 429])(
    '%s without Retry-After: exponential back-off with jitter (1 s, 2 s, 4 s +-20%%)',
    async (status) => {
      const queue = new OutboundQueue({ classify });
      const tries: number[] = [];
      const result = queue.send({ conversationId: 'c', tenantId: 't' }, async () => {
        tries.push(Date.now());
        if (tries.length < 4) throw new HttpFailure(status);
        return 'ok';
      });
      expect(await settle(result)).toBe('ok');
      const gaps = tries.slice(1).map((t, i) => t - tries[i]);
      [1000, 2000, 4000].forEach((base, i) => {
        expect(gaps[i]).toBeGreaterThanOrEqual(base * 0.8);
        expect(gaps[i]).toBeLessThanOrEqual(base * 1.2 + 50);
      });
    },
  );

  test('other failures are not retried; retries end after maxAttempts with the last failure', async () => {
    const queue = new OutboundQueue({ classify, maxAttempts: 3 });
    let forbidden = 0;
    await expect(
      settle(
        queue.send({ conversationId: 'c', tenantId: 't' }, async () =>
          Promise.reject(new HttpFailure(403 + 0 * ++forbidden)),
        ),
      ),
    ).rejects.toMatchObject({ status: 403 });
    expect(forbidden).toBe(1);
    let busy = 0;
    await expect(
      settle(
        queue.send({ conversationId: 'c', tenantId: 't' }, async () =>
          Promise.reject(new HttpFailure(502 + 0 * ++busy)),
        ),
      ),
    ).rejects.toMatchObject({ status: 502 });
    expect(busy).toBe(3);
  });

  test('a conversation waiting out a Retry-After does not hold up another conversation; its own next message waits behind it', async () => {
    const queue = new OutboundQueue({ classify, random: () => 0 });
    const log: string[] = [];
    let first = true;
    const slow = queue.send({ conversationId: 'busy', tenantId: 't' }, async () => {
      if (first) {
        first = false;
        throw new HttpFailure(429, 10_000);
      }
      log.push(`busy-1@${Date.now() - 1_000_000}`);
    });
    const behind = queue.send(
      { conversationId: 'busy', tenantId: 't' },
      async () => void log.push(`busy-2@${Date.now() - 1_000_000}`),
    );
    const quick = queue.send(
      { conversationId: 'calm', tenantId: 't' },
      async () => void log.push(`calm@${Date.now() - 1_000_000}`),
    );
    await settle(Promise.all([slow, behind, quick]));
    expect(log[0]).toMatch(/^calm@\d{1,2}$/);
    expect(log.slice(1).map((l) => l.split('@')[0])).toEqual(['busy-1', 'busy-2']);
    expect(Number(log[1].split('@')[1])).toBeGreaterThanOrEqual(10_000);
  });
});
