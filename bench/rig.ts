/**
 * The running rig: bot (A) and baseline (B) processes, the simulator process, the recording connector and
 * the activity sources; `measure` runs one window of load and gathers every figure around it (bot and
 * simulator counters, store statements, CPU, event-loop delay, what the connector received).
 */
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { BotFigures } from './bot-child';
import type { Child } from './ipc';
import { runLoad, runSpread, type LoadResult } from './load';
import type { ProcessFigures } from './process-metrics';
import type { Phase, Workload } from './report';
import type { SimSnapshot } from './sim-child';
import type { TimingFigures } from './turn-timing';
import type { ActivitySource, ConnectorTap, NextActivity } from './workloads';

export type Target = 'A' | 'B';
type ChildFigures = ProcessFigures & { timing: TimingFigures } & Partial<BotFigures>;

const CLICK_MARKER = 'Disconnected';
/** A click whose operation another click took first: its state while that click's Graph call runs. */
const LOST_CLICK_MARKER = 'Disconnect in progress';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0)) out[k] = v - (before[k] ?? 0);
  return out;
}

function add(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  return into;
}

/** One side of `alternated`: whose windows, labelled how, after what (e.g. a setting of the bot). */
export interface Side {
  target: Target;
  purpose?: Phase['purpose'];
  before?: () => Promise<unknown>;
}

export interface Size {
  duration?: number;
  amount?: number;
}

export class Rig {
  latency: number;
  /** Start the clients one after the other across one Graph latency (see runSpread). */
  spread = false;
  /** Attribute each turn's time inside the process (costs the bot a few per cent: see turn-timing.ts). */
  timing = false;

  constructor(
    readonly children: Record<Target, Child>,
    readonly sim: Child,
    readonly urls: Record<Target, string>,
    readonly tap: ConnectorTap,
    readonly sources: Record<Target, ActivitySource>,
    graphLatencyMs: number,
    private readonly log: (line: string) => void,
  ) {
    this.latency = graphLatencyMs;
  }

  async setLatency(ms: number): Promise<void> {
    this.latency = await this.sim.call<number>('latency', ms);
  }

  /**
   * The target that was last seen quiet by `settle`, while no load has been sent since: settling it again would
   * only wait (about 50 ms plus a Graph latency a time; the full run settles about 1,500 times).
   */
  private quiet: Target | undefined;

  /** Waits until what is still in flight is done (connector and store quiet). */
  async settle(target: Target): Promise<void> {
    if (this.quiet === target) return;
    const state = async () => {
      this.tap.drain();
      const f = await this.children[target].call<ChildFigures>('figures');
      return { inflight: f.inflight, key: JSON.stringify(this.tap.counts) + (f.store?.statements ?? 0) };
    };
    let last = await state();
    for (let i = 0; i < 200; i++) {
      await sleep(last.inflight > 0 ? 20 : 50 + this.latency);
      const now = await state();
      if (now.inflight === 0 && now.key === last.key) {
        this.quiet = target;
        return;
      }
      last = now;
    }
    throw new Error(`${target} did not settle: ${last.inflight} requests still in flight`);
  }

  /** Load sent past `load` (runLoad directly): the next settle waits again. */
  unsettle(): void {
    this.quiet = undefined;
  }

  load(
    target: Target,
    connections: number,
    next: (i: number) => NextActivity | undefined,
    size: Size,
    histogram?: RecordableHistogram,
  ): Promise<LoadResult> {
    this.unsettle();
    const options = {
      url: this.urls[target],
      connections,
      ...size,
      next,
      histogram,
      clickMarker: target === 'A' ? CLICK_MARKER : undefined,
      lostClickMarker: target === 'A' ? LOST_CLICK_MARKER : undefined,
    };
    return this.spread ? runSpread({ ...options, spreadMs: this.latency }) : runLoad(options);
  }

  /** The next activity of a workload for a target. */
  next(target: Target, workload: Workload): (i: number) => NextActivity | undefined {
    const s = this.sources[target];
    if (workload === 'status') return () => s.status();
    if (workload === 'disconnect') return () => s.disconnect();
    if (workload === 'click') return () => s.click();
    return (i) => s.mixed(i);
  }

  /**
   * One window of load and every figure around it. `reset: false` keeps the child's event-loop and
   * timing histograms from the previous window (for slices that are merged).
   */
  async measure(
    target: Target,
    workload: Workload,
    connections: number,
    size: Size,
    o: { reset?: boolean; histogram?: RecordableHistogram; silent?: boolean } = {},
  ): Promise<Phase> {
    const child = this.children[target];
    await child.call('timing', this.timing);
    await this.settle(target);
    this.tap.take();
    const simBefore = await this.sim.call<SimSnapshot>('snapshot');
    const before = await child.call<ChildFigures>('figures', o.reset ?? true);
    const genBefore = { cpu: process.cpuUsage(), at: performance.now() };
    const firstClicks = this.sources[target].firstClicks;
    const startedAt = Date.now();
    const result = await this.load(target, connections, this.next(target, workload), size, o.histogram);
    const genCpu = process.cpuUsage(genBefore.cpu);
    const genWall = performance.now() - genBefore.at;
    const endedAt = Date.now();
    await this.settle(target);
    const after = await child.call<ChildFigures>('figures');
    const simAfter = await this.sim.call<SimSnapshot>('snapshot');
    const tapCounts = this.tap.take();
    const wall = after.wallMs - before.wallMs;
    const phase: Phase = {
      workload,
      target,
      graphLatencyMs: this.latency,
      connections,
      load: result,
      // A click is counted as sent: its answer is checked, and its card updates are not one per click since issue 16
      // (a decision also replaces the request's copies in other conversations).
      commands:
        target === 'A'
          ? {
              status: tapCounts.statusCards,
              disconnect: tapCounts.confirmCards + tapCounts.openCards,
              click: result.byKind.click,
            }
          : { ...result.byKind },
      clickedOperations: this.sources[target].firstClicks - firstClicks,
      startedAt,
      endedAt,
      tap: tapCounts,
      sim: diff(simAfter.byKind, simBefore.byKind),
      simFailed: diff(simAfter.failedByKind, simBefore.failedByKind),
      store: {
        statements: (after.store?.statements ?? 0) - (before.store?.statements ?? 0),
        operations: (after.store?.operations ?? 0) - (before.store?.operations ?? 0),
        botStorage: (after.store?.botStorage ?? 0) - (before.store?.botStorage ?? 0),
      },
      timing: after.timing,
      botCpuMs: after.cpuMs - before.cpuMs,
      botCpuPercent: ((after.cpuMs - before.cpuMs) / wall) * 100,
      genCpuPercent: ((genCpu.user + genCpu.system) / 1000 / genWall) * 100,
      simCpuPercent: ((simAfter.cpuMs - simBefore.cpuMs) / (simAfter.wallMs - simBefore.wallMs)) * 100,
      eventLoopP99: after.eventLoop.p99,
      eventLoopMax: after.eventLoop.max,
    };
    if (!o.silent) this.report(phase);
    return phase;
  }

  /**
   * A and B in alternating slices (A, B, A, B, ...), so that whatever else the machine does meanwhile
   * falls on both alike; each side's slices are merged into one phase.
   */
  async interleaved(
    workload: Workload,
    connections: number,
    seconds: number,
    slices: number,
    before?: (target: Target) => Promise<unknown>,
  ): Promise<Phase[]> {
    const out: Phase[] = [];
    const parts: Record<Target, Phase[]> = { A: [], B: [] };
    const histograms: Record<Target, RecordableHistogram> = { A: createHistogram(), B: createHistogram() };
    for (let k = 0; k < slices; k++) {
      for (const target of ['A', 'B'] as const) {
        await before?.(target);
        parts[target].push(
          await this.measure(
            target,
            workload,
            connections,
            { duration: seconds / slices },
            { reset: k === 0, histogram: histograms[target] },
          ),
        );
      }
    }
    for (const target of ['A', 'B'] as const) out.push(merge(parts[target]));
    return out;
  }

  /**
   * Like `interleaved`, for any number of sides (a target, and what to do before each of its slices), in
   * alternating order from one round to the next, so that neither side always runs first or last.
   */
  async alternated(
    workload: Workload,
    connections: number,
    seconds: number,
    slices: number,
    sides: Side[],
  ): Promise<Phase[]> {
    const parts: Phase[][] = sides.map(() => []);
    const histograms = sides.map(() => createHistogram());
    for (let k = 0; k < slices; k++) {
      const order = sides.map((_, i) => i);
      if (k % 2 === 1) order.reverse();
      for (const i of order) {
        await sides[i].before?.();
        parts[i].push(
          await this.measure(
            sides[i].target,
            workload,
            connections,
            { duration: seconds / slices },
            { reset: k === 0, histogram: histograms[i] },
          ),
        );
      }
    }
    return parts.map((p, i) => ({ ...merge(p), ...(sides[i].purpose ? { purpose: sides[i].purpose } : {}) }));
  }

  /**
   * `amount` disconnects, each on a partner without an open operation, and a click on each of their cards,
   * in rounds of at most `perRound` (the partners: one open operation per partner, src/core/open-operations.ts):
   * partners back to onboarding, ask on each once, click every card once, repeat. Each window is measured on
   * its own; a workload's rounds are merged (latency over all of them, the event loop and turn timing of
   * its worst round).
   */
  async disconnectAndClick(target: Target, connections: number, amount: number, perRound: number): Promise<Phase[]> {
    const parts: Record<'disconnect' | 'click', Phase[]> = { disconnect: [], click: [] };
    const histograms = { disconnect: createHistogram(), click: createHistogram() };
    for (let done = 0; done < amount; done += perRound) {
      const n = Math.min(perRound, amount - done);
      // A partner that is already disconnected gets "nothing to do" instead of a confirmation card.
      if (target === 'A') {
        await this.sim.call('reonboard');
        await this.settle(target);
        this.tap.ops.length = 0;
      }
      parts.disconnect.push(
        await this.measure(
          target,
          'disconnect',
          Math.min(connections, n),
          { amount: n },
          { histogram: histograms.disconnect, silent: true },
        ),
      );
      if (target === 'A' && this.tap.ops.length < n)
        throw new Error(`only ${this.tap.ops.length} pending operations prepared, ${n} needed`);
      parts.click.push(
        await this.measure(
          target,
          'click',
          Math.min(connections, n),
          { amount: n },
          { histogram: histograms.click, silent: true },
        ),
      );
    }
    return (['disconnect', 'click'] as const).map((w) => {
      const rounds = parts[w];
      const worst = rounds.reduce((a, b) => (b.eventLoopP99 > a.eventLoopP99 ? b : a));
      const slowest = rounds.reduce((a, b) => (b.timing.own.p99 > a.timing.own.p99 ? b : a));
      const merged: Phase = {
        ...merge(rounds),
        connections,
        eventLoopP99: worst.eventLoopP99,
        eventLoopMax: Math.max(...rounds.map((p) => p.eventLoopMax)),
        timing: slowest.timing,
      };
      this.report(merged, ` (${rounds.length} rounds)`);
      return merged;
    });
  }

  private report(p: Phase, note = ''): void {
    const r = p.load;
    const f = r.failures;
    const t = p.timing;
    const waits = Object.entries(t.waitMean)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ');
    const n = p.commands.status + p.commands.disconnect + p.commands.click;
    const inside = t.turns
      ? `; in the process p50 ${t.total.p50.toFixed(1)} p99 ${t.total.p99.toFixed(1)}, own p50 ${t.own.p50.toFixed(1)} p99 ${t.own.p99.toFixed(1)} ms, mean waits ${waits} ms`
      : '';
    this.log(
      `  ${p.target} ${p.workload}@${p.graphLatencyMs}${note}: ${r.requests} in ${r.seconds.toFixed(1)} s = ${r.rps.toFixed(1)}/s, p50 ${r.latency.p50} p99 ${r.latency.p99} max ${r.latency.max} ms; ` +
        `CPU ${n ? (p.botCpuMs / n).toFixed(2) : '-'} ms/activity${inside}` +
        (f.non2xx + f.errors + f.timeouts + f.wrongAnswer
          ? `; FAILURES ${JSON.stringify(f)} ${r.firstWrongAnswer ?? ''}`
          : ''),
    );
  }
}

/** Slices of one target merged: counts add up; the histograms were shared, so the last slice holds them all. */
export function merge(parts: Phase[]): Phase {
  const last = parts[parts.length - 1];
  const sum = (f: (p: Phase) => number) => parts.reduce((s, p) => s + f(p), 0);
  const seconds = sum((p) => p.load.seconds);
  const requests = sum((p) => p.load.requests);
  const weighted = (f: (p: Phase) => number) => sum((p) => f(p) * p.load.seconds) / seconds;
  return {
    ...last,
    load: {
      ...last.load,
      requests,
      seconds,
      rps: requests / seconds,
      autocannonLatency: {
        p50: Math.max(...parts.map((p) => p.load.autocannonLatency.p50)),
        p99: Math.max(...parts.map((p) => p.load.autocannonLatency.p99)),
        max: Math.max(...parts.map((p) => p.load.autocannonLatency.max)),
      },
      byKind: {
        status: sum((p) => p.load.byKind.status),
        disconnect: sum((p) => p.load.byKind.disconnect),
        click: sum((p) => p.load.byKind.click),
      },
      failures: {
        non2xx: sum((p) => p.load.failures.non2xx),
        errors: sum((p) => p.load.failures.errors),
        timeouts: sum((p) => p.load.failures.timeouts),
        wrongAnswer: sum((p) => p.load.failures.wrongAnswer),
      },
      firstWrongAnswer: parts.find((p) => p.load.firstWrongAnswer)?.load.firstWrongAnswer,
    },
    commands: {
      status: sum((p) => p.commands.status),
      disconnect: sum((p) => p.commands.disconnect),
      click: sum((p) => p.commands.click),
    },
    clickedOperations: sum((p) => p.clickedOperations),
    startedAt: Math.min(...parts.map((p) => p.startedAt)),
    endedAt: Math.max(...parts.map((p) => p.endedAt)),
    tap: Object.fromEntries(
      Object.keys(last.tap).map((k) => [k, sum((p) => p.tap[k as keyof Phase['tap']])]),
    ) as unknown as Phase['tap'],
    sim: parts.reduce((acc, p) => add(acc, p.sim), {} as Record<string, number>),
    simFailed: parts.reduce((acc, p) => add(acc, p.simFailed), {} as Record<string, number>),
    store: {
      statements: sum((p) => p.store.statements),
      operations: sum((p) => p.store.operations),
      botStorage: sum((p) => p.store.botStorage),
    },
    botCpuMs: sum((p) => p.botCpuMs),
    botCpuPercent: weighted((p) => p.botCpuPercent),
    genCpuPercent: weighted((p) => p.genCpuPercent),
    simCpuPercent: weighted((p) => p.simCpuPercent),
  };
}
