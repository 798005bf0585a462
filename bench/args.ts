/** The benchmark's flags; --quick scales everything down to a ~30 s smoke run. */
export interface BenchOptions {
  quick: boolean;
  graphLatencyMs: number;
  users: number;
  partners: number;
  connections: number;
  /** Seconds of each timed throughput window. */
  duration: number;
  /** Operations prepared and then clicked in the click workload. */
  ops: number;
  /** Activities of the memory rounds, in total. */
  activities: number;
  rounds: number;
  /** Graph latency of the overhead measurement (0 = skip it). */
  overheadLatencyMs: number;
  profile: boolean;
  logLevel: string;
  json?: string;
  /** Which parts to run (the cold start always runs). */
  only: Set<Part>;
}

export type Part = 'overhead' | 'throughput' | 'memory' | 'typing' | 'clicks' | 'watch' | 'telemetry' | 'fleet';
const PARTS: Part[] = ['overhead', 'throughput', 'memory', 'typing', 'clicks', 'watch', 'telemetry', 'fleet'];

const HELP = `npm run bench -- [flags]
  --quick                  ~1.5 min smoke run: fewer users, 2 s windows, 3,000 activities, no typing part
  --graph-latency-ms N     Graph latency the simulator adds to every Graph request (default 0)
  --users N                distinct signed-in admins (default 200, quick 50)
  --partners N             partners in the simulated tenant (default 20)
  --connections N          concurrent connections of the load generator (default 16, 64 with Graph latency)
  --duration S             seconds per timed throughput window (default 10, quick 2)
  --ops N                  operations prepared and clicked (in rounds of one per partner; default 3000, quick 200)
  --activities N           activities of the memory rounds, in total (default 50000, quick 3000)
  --rounds N               memory rounds (default 5)
  --overhead-latency-ms N  Graph latency of the overhead measurement (default 150; 0 skips it)
  --profile                CPU-profile the bot during extra status and click windows; print the top self time
  --log-level L            the bot's LOG_LEVEL (default info, as in production)
  --json FILE              also write every figure as JSON (default artifacts/bench/latest.json)
  --only LIST              run only these parts: overhead,throughput,memory,typing,clicks,watch,telemetry,fleet (default
                           all; --only watch runs the watch's store figures alone, in seconds, without the bot;
                           fleet: disconnect @all in 50 customers at Graph latency 150 ms, its own bot and simulator)`;

export function parseArgs(argv: string[]): BenchOptions {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      process.stdout.write(HELP + '\n');
      process.exit(0);
    }
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}\n${HELP}`);
    const [name, inline] = a.slice(2).split('=', 2);
    if (inline !== undefined) flags.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags.set(name, argv[++i]);
    else flags.set(name, true);
  }
  const known = new Set([
    'quick',
    'graph-latency-ms',
    'users',
    'partners',
    'connections',
    'duration',
    'ops',
    'activities',
    'rounds',
    'overhead-latency-ms',
    'profile',
    'log-level',
    'json',
    'only',
  ]);
  for (const name of flags.keys()) if (!known.has(name)) throw new Error(`unknown flag --${name}\n${HELP}`);
  const num = (name: string, fallback: number, min = 0): number => {
    const v = flags.get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min}`);
    return n;
  };
  const quick = flags.get('quick') === true;
  const graphLatencyMs = num('graph-latency-ms', 0);
  return {
    quick,
    graphLatencyMs,
    users: Math.floor(num('users', quick ? 50 : 200, 2)),
    partners: Math.floor(num('partners', 20, 2)),
    connections: Math.floor(num('connections', graphLatencyMs > 0 ? 64 : 16, 1)),
    duration: num('duration', quick ? 2 : 10, 1),
    ops: Math.floor(num('ops', quick ? 200 : 3000, 1)),
    activities: Math.floor(num('activities', quick ? 3000 : 50_000, 10)),
    rounds: Math.floor(num('rounds', 5, 3)),
    overheadLatencyMs: num('overhead-latency-ms', 150),
    profile: flags.get('profile') === true,
    logLevel: typeof flags.get('log-level') === 'string' ? (flags.get('log-level') as string) : 'info',
    json: typeof flags.get('json') === 'string' ? (flags.get('json') as string) : undefined,
    only: parts(flags.get('only')),
  };
}

function parts(v: string | true | undefined): Set<Part> {
  if (v === undefined) return new Set(PARTS);
  const list = String(v)
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  for (const x of list) if (!PARTS.includes(x as Part)) throw new Error(`--only takes ${PARTS.join(',')}`);
  return new Set(list as Part[]);
}
