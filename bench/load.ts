/**
 * One timed window of load with autocannon: `connections` clients, each sending the next activity as soon
 * as the previous one is answered (the bot answers a message after its turn, an invoke with the card).
 * Every answer is checked: HTTP 200, and for a click the invoke answer carries the card that says done.
 */
import { createHistogram } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { Kind, NextActivity } from './workloads';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; or `amount` requests. */
  duration?: number;
  amount?: number;
  next: (i: number) => NextActivity | undefined;
  /** Text a click's answer must contain (the bot's confirmation); absent for the baseline. */
  clickMarker?: string;
  /** Record latencies into this histogram (microseconds) instead of a new one. */
  histogram?: ReturnType<typeof createHistogram>;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  /** Milliseconds, from sending a request to its answer (measured here, to the microsecond). */
  latency: { p50: number; p99: number; max: number; mean: number };
  /** autocannon's own figures (whole milliseconds), for comparison. */
  autocannonLatency: { p50: number; p99: number; max: number };
  byKind: Record<Kind, number>;
  /** Non-2xx, transport errors, timeouts, answers that did not say what they should. */
  failures: { non2xx: number; errors: number; timeouts: number; wrongAnswer: number };
  firstWrongAnswer?: string;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const histogram = o.histogram ?? createHistogram();
  let i = 0;
  let wrongAnswer = 0;
  let lastAnswerAt = 0;
  let firstWrongAnswer: string | undefined;
  const byKind: Record<Kind, number> = { status: 0, disconnect: 0, click: 0 };
  const t0 = performance.now();
  const result = await autocannon({
    url: `${o.url}/api/messages`,
    connections: o.connections,
    ...(o.amount !== undefined ? { amount: o.amount } : { duration: o.duration }),
    timeout: 30,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req, context) => {
          const next = o.next(i++);
          if (!next) return undefined;
          context.kind = next.kind;
          context.sentAt = performance.now();
          byKind[next.kind]++;
          return { ...req, body: next.body };
        },
        onResponse: (status, body, context) => {
          lastAnswerAt = performance.now();
          if (typeof context.sentAt === 'number') histogram.record(Math.max(1, Math.round((lastAnswerAt - context.sentAt) * 1000)));
          const ok = status === 200 && (context.kind !== 'click' || !o.clickMarker || (body.includes('"statusCode":200') && body.includes(o.clickMarker)));
          if (!ok) {
            wrongAnswer++;
            firstWrongAnswer ??= `${String(context.kind)} -> ${status} ${body.slice(0, 300)}`;
          }
        },
      },
    ],
  });
  const requests = result.requests.total;
  // autocannon notices the end of a run of `amount` requests on its 1-second tick: time it to the last answer.
  const seconds = ((o.amount !== undefined && lastAnswerAt ? lastAnswerAt : performance.now()) - t0) / 1000;
  return {
    requests,
    seconds,
    rps: requests / seconds,
    latency: histogram.count
      ? { p50: round(histogram.percentile(50) / 1000), p99: round(histogram.percentile(99) / 1000), max: round(histogram.max / 1000), mean: round(histogram.mean / 1000) }
      : { p50: 0, p99: 0, max: 0, mean: 0 },
    autocannonLatency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    byKind,
    failures: { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, wrongAnswer },
    firstWrongAnswer,
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * `connections` clients that each send one activity at a time, started one after the other across
 * `spreadMs` (e.g. one Graph latency), so their requests do not arrive in lockstep: a closed-loop load
 * generator with a constant service time otherwise keeps every client in phase, and each burst makes the
 * last request of it wait for all the others. Returns the combined figures.
 */
export async function runSpread(o: LoadOptions & { spreadMs: number }): Promise<LoadResult> {
  const histogram = o.histogram ?? createHistogram();
  let i = 0;
  const started = performance.now();
  let end = started;
  const clients = o.amount !== undefined ? Math.min(o.connections, o.amount) : o.connections;
  const runs = await Promise.all(
    Array.from({ length: clients }, async (_: unknown, k: number): Promise<LoadResult> => {
      await new Promise((r) => setTimeout(r, (k * o.spreadMs) / clients));
      const own = createHistogram();
      const size = o.amount !== undefined ? { amount: Math.floor(o.amount / clients) + (k < o.amount % clients ? 1 : 0) } : { duration: o.duration };
      const at = performance.now();
      const r = await runLoad({ ...o, connections: 1, ...size, next: () => o.next(i++), histogram: own });
      histogram.add(own);
      end = Math.max(end, at + r.seconds * 1000);
      return r;
    }),
  );
  // With `amount`, to the last answer (runLoad's seconds), not to autocannon's next tick.
  const seconds = ((o.amount !== undefined ? end : performance.now()) - started) / 1000;
  const requests = runs.reduce((s, r) => s + r.requests, 0);
  const sum = <K extends keyof LoadResult['failures']>(k: K) => runs.reduce((s, r) => s + r.failures[k], 0);
  const byKind = { status: 0, disconnect: 0, click: 0 };
  for (const r of runs) for (const k of Object.keys(byKind) as (keyof typeof byKind)[]) byKind[k] += r.byKind[k];
  return {
    requests,
    seconds,
    rps: requests / seconds,
    latency: { p50: round(histogram.percentile(50) / 1000), p99: round(histogram.percentile(99) / 1000), max: round(histogram.max / 1000), mean: round(histogram.mean / 1000) },
    autocannonLatency: { p50: Math.max(...runs.map((r) => r.autocannonLatency.p50)), p99: Math.max(...runs.map((r) => r.autocannonLatency.p99)), max: Math.max(...runs.map((r) => r.autocannonLatency.max)) },
    byKind,
    failures: { non2xx: sum('non2xx'), errors: sum('errors'), timeouts: sum('timeouts'), wrongAnswer: sum('wrongAnswer') },
    firstWrongAnswer: runs.find((r) => r.firstWrongAnswer)?.firstWrongAnswer,
  };
}
