/**
 * What a bench child reports about itself: CPU time, memory, event-loop delay; on request a full GC and
 * a CPU profile of a window (node:inspector, so only the measured window is profiled).
 */
import diagnostics from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

export interface MemoryFigures {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** V8's own malloc'ed memory (outside the JS heap). */
  malloced?: number;
  /** Bytes of the bot's SQLite files (database, WAL), when known. */
  dbFiles?: number;
}

export interface ProcessFigures {
  /** CPU time (user + system) since start, in ms. */
  cpuMs: number;
  /** Wall time since start, in ms. */
  wallMs: number;
  memory: MemoryFigures;
  /** Event-loop delay since the last reset, in ms. */
  eventLoop: { p50: number; p99: number; max: number; mean: number };
  /** HTTP requests received and not yet answered (or abandoned by the client). */
  inflight: number;
}

export interface ProfileEntry {
  functionName: string;
  where: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  top: ProfileEntry[];
  /** Self time grouped by package (node_modules/<name>), node internals, or this project's src/. */
  byOrigin: { origin: string; selfMs: number; share: number }[];
  file?: string;
}

const RESOLUTION_MS = 1;

export function processMetrics() {
  const started = performance.now();
  // Requests in flight, so the runner can wait until the last turn of a window is done. A request ends
  // when the application ends its answer: a turn goes on after the load generator hung up on it (at the
  // end of a timed window), so the connection's 'close' does not say the turn is done.
  let inflight = 0;
  diagnostics.subscribe('http.server.request.start', (message) => {
    const response = (message as { response: ServerResponse }).response;
    inflight++;
    let done = false;
    const end = response.end;
    response.end = function (this: ServerResponse, ...args: unknown[]) {
      if (!done) {
        done = true;
        inflight--;
      }
      return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse['end'];
  });
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  // The histogram holds the time between a timer's due time and when it ran, plus the resolution itself.
  const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return {
    figures(reset = false): ProcessFigures {
      const cpu = process.cpuUsage();
      const m = process.memoryUsage();
      const out: ProcessFigures = {
        cpuMs: (cpu.user + cpu.system) / 1000,
        wallMs: performance.now() - started,
        memory: {
          rss: m.rss,
          heapUsed: m.heapUsed,
          heapTotal: m.heapTotal,
          external: m.external,
          arrayBuffers: m.arrayBuffers,
        },
        eventLoop: {
          p50: ms(delay.percentile(50)),
          p99: ms(delay.percentile(99)),
          max: ms(delay.max),
          mean: ms(delay.mean),
        },
        inflight,
      };
      if (reset) delay.reset();
      return out;
    },
  };
}

/** Full collections (needs --expose-gc), then the memory figures. */
export async function collectGarbage(): Promise<MemoryFigures> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('start the process with --expose-gc');
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    malloced: getHeapStatistics().malloced_memory,
  };
}

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))),
  );
}

/** A CPU profiler of this process (sampling every 200 µs while started). */
export function cpuProfiler() {
  let session: Session | undefined;
  return {
    async start(): Promise<void> {
      session = new Session();
      session.connect();
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
      await post(session, 'Profiler.start');
    },
    async stop(): Promise<CpuProfile> {
      if (!session) throw new Error('profiler not started');
      const { profile } = await post<{ profile: CpuProfile }>(session, 'Profiler.stop');
      session.disconnect();
      session = undefined;
      return profile;
    },
  };
}

function originOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const src = url.indexOf('/src/');
  if (src >= 0) return 'src/' + url.slice(src + 5).split('/')[0];
  return url;
}

/** Self time per function (and per origin), biggest first. */
export function summarizeProfile(profile: CpuProfile, topN = 20): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++)
    self.set(samples[i], (self.get(samples[i]) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
  const fns = new Map<string, ProfileEntry>();
  const origins = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const short = url.replace(/^file:\/\//, '').replace(/^.*?\/(node_modules|src|bench|test)\//, '$1/');
    const where = url ? `${short}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const e = fns.get(key) ?? { functionName: functionName || '(anonymous)', where, selfMs: 0, share: 0 };
    e.selfMs += us / 1000;
    fns.set(key, e);
    const o = originOf(url.replace(/^file:\/\//, ''), functionName);
    origins.set(o, (origins.get(o) ?? 0) + us / 1000);
    total += us / 1000;
  }
  const top = [...fns.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, topN);
  for (const e of top) e.share = total ? e.selfMs / total : 0;
  const byOrigin = [...origins.entries()]
    .map(([origin, selfMs]) => ({ origin, selfMs, share: total ? selfMs / total : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, topN);
  return { totalMs: total, top, byOrigin };
}
