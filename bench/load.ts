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
  /**
   * Text the answer to a click that lost the race for its operation may contain instead (the operation's state
   * while the winner's Graph call runs): accepted only for an operation clicked more than once in this run.
   */
  lostClickMarker?: string;
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

/** autocannon's sample interval (its default is 1,000 ms). */
const SAMPLE_MS = 10;

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const histogram = o.histogram ?? createHistogram();
  let i = 0;
  let wrongAnswer = 0;
  let lastAnswerAt = 0;
  let firstWrongAnswer: string | undefined;
  const byKind: Record<Kind, number> = { status: 0, disconnect: 0, click: 0 };
  const clicksOf = new Map<string, number>();
  const lost: { operationId: string; answer: string }[] = [];
  const t0 = performance.now();
  const result = await autocannon({
    url: `${o.url}/api/messages`,
    connections: o.connections,
    ...(o.amount !== undefined ? { amount: o.amount } : { duration: o.duration }),
    // autocannon ends a run on its next sample after the last answer (or the window's end): sampled every 10 ms
    // instead of every second, a run of `amount` requests ends with its last answer instead of up to 1 s later.
    // The full run has about 700 such runs (rounds of disconnect and click): 1 s each was most of its time.
    sampleInt: SAMPLE_MS,
    timeout: 30,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req, context) => {
          const next = o.next(i++);
          if (!next) return undefined;
          context.kind = next.kind;
          context.operationId = next.operationId;
          if (next.operationId) clicksOf.set(next.operationId, (clicksOf.get(next.operationId) ?? 0) + 1);
          context.sentAt = performance.now();
          byKind[next.kind]++;
          return { ...req, body: next.body };
        },
        onResponse: (status, body, context) => {
          lastAnswerAt = performance.now();
          if (typeof context.sentAt === 'number')
            histogram.record(Math.max(1, Math.round((lastAnswerAt - context.sentAt) * 1000)));
          const answered =
            status === 200 && (context.kind !== 'click' || !o.clickMarker || body.includes('"statusCode":200'));
          const ok = answered && (context.kind !== 'click' || !o.clickMarker || body.includes(o.clickMarker));
          if (
            !ok &&
            answered &&
            o.lostClickMarker &&
            body.includes(o.lostClickMarker) &&
            typeof context.operationId === 'string'
          ) {
            lost.push({
              operationId: context.operationId,
              answer: `${String(context.kind)} -> ${status} ${body.slice(0, 300)}`,
            });
          } else if (!ok) {
            wrongAnswer++;
            firstWrongAnswer ??= `${String(context.kind)} -> ${status} ${body.slice(0, 300)}`;
          }
        },
      },
    ],
  });
  // A click that lost its operation to another click is right only if there was another click on it.
  for (const l of lost) {
    if ((clicksOf.get(l.operationId) ?? 0) > 1) continue;
    wrongAnswer++;
    firstWrongAnswer ??= l.answer;
  }
  const requests = result.requests.total;
  // autocannon notices the end of a run of `amount` requests on its next sample: time it to the last answer.
  const seconds = ((o.amount !== undefined && lastAnswerAt ? lastAnswerAt : performance.now()) - t0) / 1000;
  return {
    requests,
    seconds,
    rps: requests / seconds,
    latency: histogram.count
      ? {
          p50: round(histogram.percentile(50) / 1000),
          p99: round(histogram.percentile(99) / 1000),
          max: round(histogram.max / 1000),
          mean: round(histogram.mean / 1000),
        }
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
      const size =
        o.amount !== undefined
          ? { amount: Math.floor(o.amount / clients) + (k < o.amount % clients ? 1 : 0) }
          : { duration: o.duration };
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
    latency: {
      p50: round(histogram.percentile(50) / 1000),
      p99: round(histogram.percentile(99) / 1000),
      max: round(histogram.max / 1000),
      mean: round(histogram.mean / 1000),
    },
    autocannonLatency: {
      p50: Math.max(...runs.map((r) => r.autocannonLatency.p50)),
      p99: Math.max(...runs.map((r) => r.autocannonLatency.p99)),
      max: Math.max(...runs.map((r) => r.autocannonLatency.max)),
    },
    byKind,
    failures: {
      non2xx: sum('non2xx'),
      errors: sum('errors'),
      timeouts: sum('timeouts'),
      wrongAnswer: sum('wrongAnswer'),
    },
    firstWrongAnswer: runs.find((r) => r.firstWrongAnswer)?.firstWrongAnswer,
  };
}
