/**
 * The printed table, the checks on the benchmark's own figures (invariants: a failure exits non-zero) and
 * the targets (reported as met or not).
 */
import os from 'node:os';
import type { MemoryFigures, ProfileSummary } from './process-metrics';
import type { LoadResult } from './load';
import type { TimingFigures } from './turn-timing';
import type { TapCounts } from './workloads';

export type Workload = 'status' | 'disconnect' | 'click' | 'mix';

export interface Phase {
  workload: Workload;
  /** Why the window ran, when not for throughput ('no token cache': the bot's user-token cache switched off). */
  purpose?: 'overhead' | 'typing' | 'no token cache' | 'telemetry off' | 'telemetry on';
  target: 'A' | 'B';
  graphLatencyMs: number;
  connections: number;
  load: LoadResult;
  /** What the bot did: messages counted at the connector (A) or as sent (B); clicks as sent and answered. */
  commands: { status: number; disconnect: number; click: number };
  /** Clicks that were the first on their operation (the others find it decided: issue 16's kept copies). */
  clickedOperations: number;
  /** When the window (the first of merged slices) began and the last one ended, ms since the epoch. */
  startedAt: number;
  endedAt: number;
  tap: TapCounts;
  /** Calls the simulator answered during the window, by kind (A only). */
  sim: Record<string, number>;
  simFailed: Record<string, number>;
  store: { statements: number; operations: number; botStorage: number };
  /** Inside the bot process: request arrival to last byte, and the part not spent waiting on other services. */
  timing: TimingFigures;
  /** CPU time the bot (or baseline) process used in the window, ms. */
  botCpuMs: number;
  botCpuPercent: number;
  simCpuPercent: number;
  /** The runner: autocannon and the recording connector. */
  genCpuPercent: number;
  eventLoopP99: number;
  eventLoopMax: number;
}

export interface MemoryRound {
  round: number;
  activities: number;
  rps: number;
  p99: number;
  gc: MemoryFigures;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${mb(os.totalmem() / 1024)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
}

export const totalCommands = (p: Phase) => p.commands.status + p.commands.disconnect + p.commands.click;

export function perCommand(p: Phase, kind: string): number {
  const n = totalCommands(p);
  return n ? (p.sim[kind] ?? 0) / n : 0;
}

function table(rows: string[][], right: Set<number>): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    '| ' + r.map((c, i) => (right.has(i) ? lpad(c, widths[i]) : pad(c, widths[i]))).join(' | ') + ' |';
  const sep = '|' + widths.map((w, i) => (right.has(i) ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|';
  return [line(rows[0]), sep, ...rows.slice(1).map(line)].join('\n');
}

/** CPU milliseconds of the bot (baseline) process per activity it handled. */
export const cpuPerActivity = (p: Phase) => p.botCpuMs / Math.max(1, totalCommands(p));

export function throughputTable(phases: Phase[]): string {
  const rows = [
    [
      'workload',
      'Graph ms',
      'clients',
      'A act/s',
      'A p50',
      'A p99',
      'A max',
      'A own p50/p99',
      'A CPU/act',
      'B act/s',
      'B p99',
      'B CPU/act',
      'A/B',
      'ELD p99 A',
      'CPU A/sim/gen',
      'CPU B/gen',
    ],
  ];
  for (const a of phases.filter((p) => p.target === 'A')) {
    const b = baselineOf(phases, a);
    rows.push([
      a.purpose ? `${a.workload} (${a.purpose})` : a.workload,
      String(a.graphLatencyMs),
      String(a.connections),
      f1(a.load.rps),
      `${f1(a.load.latency.p50)} ms`,
      `${f1(a.load.latency.p99)} ms`,
      `${f1(a.load.latency.max)} ms`,
      a.timing.turns ? `${f1(a.timing.own.p50)}/${f1(a.timing.own.p99)} ms` : '-',
      `${f2(cpuPerActivity(a))} ms`,
      b ? f1(b.load.rps) : '-',
      b ? `${f1(b.load.latency.p99)} ms` : '-',
      b ? `${f2(cpuPerActivity(b))} ms` : '-',
      b ? f2(a.load.rps / b.load.rps) : '-',
      `${f1(a.eventLoopP99)} ms`,
      `${Math.round(a.botCpuPercent)}/${Math.round(a.simCpuPercent)}/${Math.round(a.genCpuPercent)}%`,
      b ? `${Math.round(b.botCpuPercent)}/${Math.round(b.genCpuPercent)}%` : '-',
    ]);
  }
  return table(rows, new Set(rows[0].map((_, i) => i).filter((i) => i > 0)));
}

/**
 * The baseline window measured with `a` (same workload, interleaved with it), if any: the throughput windows'
 * (no purpose) also serve the bot's windows without its token cache, which alternate with them.
 */
export function baselineOf(phases: Phase[], a: Phase): Phase | undefined {
  const purpose = a.purpose === 'no token cache' ? undefined : a.purpose;
  return phases.find(
    (p) =>
      p.target === 'B' && p.workload === a.workload && p.purpose === purpose && p.graphLatencyMs === a.graphLatencyMs,
  );
}

/** Status with the user-token cache off, then on: the bot's CPU per activity, A/B and GetToken per command. */
export function tokenCacheText(phases: Phase[]): string | undefined {
  const a = (purpose?: Phase['purpose']) =>
    phases.find((p) => p.target === 'A' && p.workload === 'status' && p.purpose === purpose && p.graphLatencyMs === 0);
  const off = a('no token cache');
  const on = a(undefined);
  const offB = off && baselineOf(phases, off);
  const onB = on && baselineOf(phases, on);
  if (!off || !on || !offB || !onB) return undefined;
  const cpuOff = cpuPerActivity(off);
  const cpuOn = cpuPerActivity(on);
  return [
    'User-token cache (status at Graph latency 0; cache off, baseline and cache on in alternating slices):',
    `  CPU per activity ${f2(cpuOff)} -> ${f2(cpuOn)} ms (${f1(((cpuOn - cpuOff) / cpuOff) * 100)}%); ` +
      `A ${f1(off.load.rps)} -> ${f1(on.load.rps)} act/s; A/B ${f2(off.load.rps / offB.load.rps)} -> ${f2(on.load.rps / onB.load.rps)}; ` +
      `GetToken per command ${f2(perCommand(off, 'tokenService GET GetToken'))} -> ${f2(perCommand(on, 'tokenService GET GetToken'))}`,
  ].join('\n');
}

const GRAPH_KINDS: [string, string][] = [
  ['graph GET list', 'GET list'],
  ['graph POST checkMemberGroups', 'checkMemberGroups'],
  ['graph GET effectivePermissions', 'effectivePermissions'],
  ['graph POST disconnect', 'POST disconnect'],
  ['graph GET partner', 'GET partner'],
  ['entra POST token (OBO)', 'OBO token'],
  ['tokenService GET GetToken', 'GetToken (BF token svc)'],
];

export function callsTable(phases: Phase[]): string {
  const rows = [
    [
      'workload (A), Graph ms, clients',
      'commands',
      ...GRAPH_KINDS.map(([, label]) => label),
      'DB stmts',
      '(ops/state)',
      'posted msg',
      'typing',
      'PUT',
    ],
  ];
  for (const p of phases.filter((x) => x.target === 'A')) {
    const n = totalCommands(p) || 1;
    rows.push([
      `${p.workload}${p.purpose ? ` (${p.purpose})` : ''}, ${p.graphLatencyMs}, ${p.connections}`,
      String(totalCommands(p)),
      ...GRAPH_KINDS.map(([kind]) => f2(perCommand(p, kind))),
      f2(p.store.statements / n),
      `${f2(p.store.operations / n)}/${f2(p.store.botStorage / n)}`,
      f2(p.tap.messages / n),
      f2(p.tap.typing / n),
      f2(p.tap.updates / n),
    ]);
  }
  return table(rows, new Set(rows[0].map((_, i) => i).filter((i) => i > 0)));
}

export function memoryTable(before: MemoryFigures, rounds: MemoryRound[]): string {
  const rows = [
    ['after', 'activities', 'act/s', 'p99', 'RSS (GC)', 'heap used (GC)', 'external', 'V8 malloc', 'SQLite files'],
  ];
  const cells = (m: MemoryFigures) => [
    `${mb(m.rss)} MB`,
    `${mb(m.heapUsed)} MB`,
    `${mb(m.external)} MB`,
    m.malloced !== undefined ? `${mb(m.malloced)} MB` : '-',
    m.dbFiles !== undefined ? `${mb(m.dbFiles)} MB` : '-',
  ];
  rows.push(['start', '0', '-', '-', ...cells(before)]);
  let total = 0;
  for (const r of rounds) {
    total += r.activities;
    rows.push([`round ${r.round}`, String(total), f1(r.rps), `${r.p99} ms`, ...cells(r.gc)]);
  }
  return table(rows, new Set([1, 2, 3, 4, 5, 6, 7, 8]));
}

export function profileText(title: string, s: ProfileSummary): string {
  const lines = [`${title}: ${f1(s.totalMs)} ms of samples${s.file ? ` (${s.file})` : ''}`, '  self time by origin:'];
  for (const o of s.byOrigin.slice(0, 10)) lines.push(`    ${lpad((o.share * 100).toFixed(1), 5)}%  ${o.origin}`);
  lines.push('  top functions by self time:');
  for (const e of s.top.slice(0, 15))
    lines.push(`    ${lpad((e.share * 100).toFixed(1), 5)}%  ${e.functionName}  ${e.where}`);
  return lines.join('\n');
}

/**
 * The checks, one a line: an invariant that breaks is a FAIL (the run exits 1); a target not reached is a "miss"
 * (reported, the exit code unchanged), so that FAIL shows only in a run that fails.
 */
export function checksText(title: string, checks: Check[], missed: 'FAIL' | 'miss' = 'FAIL'): string {
  return [title, ...checks.map((c) => `  ${c.ok ? 'ok  ' : missed}  ${c.name}: ${c.detail}`)].join('\n');
}
