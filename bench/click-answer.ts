/**
 * Click answer time: how long Teams waits for the answer to a Disconnect click, at Graph latency 0, 150 ms
 * and 8 s. Teams gives an invoke about five seconds; the bot answers within CLICK_ANSWER_MS (3 s) whatever
 * Graph does: in time with the result, or with "in progress", the card then replaced for everyone when Graph
 * is done. Each click is on its own pending operation (cards prepared at latency 0, then Graph slowed down),
 * in rounds of at most one card per partner (one open operation per partner); a latency's figures cover all
 * its rounds ("last after" = the slowest round's).
 *
 * Invariants (a failure exits 1): every click answered 200 with the right card (the result below the window,
 * "in progress" above it), none later than the window plus 500 ms, one Graph POST per click, and above the
 * window every card replaced with the result.
 */
import { createHistogram } from 'node:perf_hooks';
import type { Child } from './ipc';
import { runLoad } from './load';
import type { Check } from './report';
import type { Rig } from './rig';
import type { RecordingConnector } from '../test/support/recording-connector';
import { cardOf, cardText } from '../test/support/teams';
import type { SimSnapshot } from './sim-child';

/** The bot's CLICK_ANSWER_MS (its default). */
export const CLICK_ANSWER_MS = 3000;
/** Teams' patience is about 5 s; the answer must come well before. */
const ANSWER_LIMIT_MS = CLICK_ANSWER_MS + 500;

export interface ClickAnswerFigures {
  graphLatencyMs: number;
  clicks: number;
  connections: number;
  latency: { p50: number; p99: number; max: number };
  failures: number;
  firstWrongAnswer?: string;
  /** Graph POST .../disconnect during the window and the background work after it. */
  graphPosts: number;
  /** Cards replaced with "Disconnected" (PUT of the original message), during and after the window. */
  cardsReplaced: number;
  /** Seconds from a round's first click until its last card was replaced (the slowest round). */
  settledSeconds: number;
}

export interface ClickAnswerOptions {
  rig: Rig;
  sim: Child;
  connector: RecordingConnector;
  /** Cards prepared at once, at most: the partners (one open operation each). */
  perRound: number;
  /** Clicks per Graph latency. */
  clicks: Record<number, number>;
  /** The Graph latency to go back to afterwards. */
  restoreLatencyMs: number;
  /** Clicks at latency 0 first, not reported: the bot's first clicks (compilation, connections) are not its usual ones. */
  warmUp?: number;
  log: (line: string) => void;
}

const graphPosts = async (sim: Child) => (await sim.call<SimSnapshot>('snapshot')).byKind['graph POST disconnect'] ?? 0;

export async function measureClickAnswers(o: ClickAnswerOptions): Promise<ClickAnswerFigures[]> {
  const out: ClickAnswerFigures[] = [];
  const { rig } = o;
  const rounds: [number, number, boolean][] = Object.entries(o.clicks).map(([l, n]) => [Number(l), n, true]);
  if (o.warmUp) rounds.unshift([0, o.warmUp, false]);
  for (const [latency, clicks, reported] of rounds) {
    const connections = Math.min(16, clicks, o.perRound);
    const histogram = createHistogram();
    const slow = latency >= CLICK_ANSWER_MS;
    const replaced = () =>
      o.connector.calls.filter((c) => c.method === 'PUT' && /^Disconnected$/m.test(cardText(cardOf(c.activity))))
        .length;
    const figures: ClickAnswerFigures = {
      graphLatencyMs: latency,
      clicks,
      connections,
      latency: { p50: 0, p99: 0, max: 0 },
      failures: 0,
      graphPosts: 0,
      cardsReplaced: 0,
      settledSeconds: 0,
    };
    // One open operation per partner: in rounds of at most one card per partner.
    for (let done = 0; done < clicks; done += o.perRound) {
      const n = Math.min(o.perRound, clicks - done);
      // Cards first, with Graph quick: each click then has its own pending operation.
      await rig.setLatency(0);
      await o.sim.call('reonboard');
      await rig.settle('A');
      rig.tap.ops.length = 0;
      rig.unsettle();
      await runLoad({
        url: rig.urls.A,
        connections: Math.min(connections, n),
        amount: n,
        next: rig.next('A', 'disconnect'),
      });
      await rig.settle('A');
      if (rig.tap.ops.length < n)
        throw new Error(`only ${rig.tap.ops.length} pending operations prepared, ${n} needed`);

      await rig.setLatency(latency);
      const postsBefore = await graphPosts(o.sim);
      const replacedBefore = replaced();
      const t0 = performance.now();
      rig.unsettle();
      const load = await runLoad({
        url: rig.urls.A,
        connections: Math.min(connections, n),
        amount: n,
        histogram,
        next: rig.next('A', 'click'),
        clickMarker: slow ? 'Disconnect in progress' : 'Disconnected',
      });
      // Above the window the cards are replaced in the background, when Graph answers.
      const deadline = Date.now() + latency + 30_000;
      while (replaced() - replacedBefore < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      figures.settledSeconds = Math.max(figures.settledSeconds, (performance.now() - t0) / 1000);
      figures.latency = { p50: load.latency.p50, p99: load.latency.p99, max: load.latency.max }; // the histogram holds every round
      figures.failures +=
        load.failures.non2xx + load.failures.errors + load.failures.timeouts + load.failures.wrongAnswer;
      figures.firstWrongAnswer ??= load.firstWrongAnswer;
      figures.graphPosts += (await graphPosts(o.sim)) - postsBefore;
      figures.cardsReplaced += replaced() - replacedBefore;
      await rig.settle('A');
    }
    if (!reported) continue;
    out.push(figures);
    o.log(
      `  click answer @ Graph ${latency} ms: ${clicks} clicks on ${connections} connections, p50 ${figures.latency.p50} p99 ${figures.latency.p99} max ${figures.latency.max} ms; ` +
        `${figures.graphPosts} Graph POST, ${figures.cardsReplaced} cards replaced with the result (the last of a round after ${figures.settledSeconds.toFixed(1)} s)` +
        (figures.failures ? `; FAILURES ${figures.failures} ${figures.firstWrongAnswer ?? ''}` : ''),
    );
  }
  await rig.setLatency(o.restoreLatencyMs);
  return out;
}

export function clickAnswerTable(rows: ClickAnswerFigures[]): string {
  const lines = [
    `| Graph latency | clicks | p50 ms | p99 ms | max ms | answered with | Graph POST | cards replaced |`,
    `|---|---|---|---|---|---|---|---|`,
  ];
  for (const r of rows) {
    const answer = r.graphLatencyMs >= CLICK_ANSWER_MS ? '"in progress"' : 'the result';
    lines.push(
      `| ${r.graphLatencyMs} ms | ${r.clicks} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.max} | ${answer} | ${r.graphPosts} | ${r.cardsReplaced} (${r.settledSeconds.toFixed(1)} s) |`,
    );
  }
  return lines.join('\n');
}

export function clickAnswerChecks(rows: ClickAnswerFigures[]): Check[] {
  return rows.map((r) => {
    const problems: string[] = [];
    if (r.failures) problems.push(`${r.failures} wrong or failed answers (${r.firstWrongAnswer ?? ''})`);
    if (r.latency.max > ANSWER_LIMIT_MS) problems.push(`slowest answer ${r.latency.max} ms > ${ANSWER_LIMIT_MS} ms`);
    if (r.graphPosts !== r.clicks) problems.push(`${r.graphPosts} Graph POST for ${r.clicks} clicks`);
    if (r.cardsReplaced < r.clicks) problems.push(`${r.cardsReplaced} of ${r.clicks} cards replaced with the result`);
    return {
      name: `click answered within ${ANSWER_LIMIT_MS} ms at Graph latency ${r.graphLatencyMs} ms`,
      ok: problems.length === 0,
      detail: problems.join('; ') || `max ${r.latency.max} ms, ${r.graphPosts} POST, ${r.cardsReplaced} cards replaced`,
    };
  });
}
