/**
 * `npm run sim -- <command>`: look at, reset and break the simulated tenant of a running local mode.
 * It finds the simulator through SIMULATOR_URL or <DATA_DIR>/local-mode.json (written by `npm start`).
 */
import { ConfigError } from '../config';
import { FAULT_USAGE, FaultSpecError, parseFaultSpec } from './fault-spec';
import { localModeEnv } from './local-env';
import { renderTrees } from '../simulator/telemetry-trees';
import {
  applySimFaults,
  changeSimCustomer,
  changeSimPartner,
  describeCustomer,
  describeFaults,
  getSimState,
  getSimTelemetry,
  resetSim,
  SimControlError,
  type SimCustomerChange,
  type SimPartnerChange,
  type SimStateSnapshot,
} from './sim-control';
import { isAlive, readStateFile, stateFilePath } from './state-file';

export const USAGE = `Usage: npm run sim -- <command>

  state [--json]                  partners and their state, users, faults in force, recent requests
  reset                           back to the seed: TeamViewer onboarded again, no faults, sign-ins as seeded
  partner <name|id> <status> [--expires-in <min>] [--customer <name>]
                                  change a partner outside the bot, as the Intune admin center or the partner
                                  would (status: notOnboarded, onboarding, onboarded; a watch notices it);
                                  --customer: the partner of that customer tenant instead of the home tenant's
  partner <name|id> remove        the partner disappears from the tenant
  customer <name> <change>        break or mend a customer tenant (contoso, fabrikam, northwind):
                                    revoke-consent | grant-consent   the bot's app there (Entra: AADSTS90099)
                                    expire | renew                   the GDAP relationship (Entra: AADSTS50020)
                                    throttle [retryAfterSec] [n]     its Graph answers 429 (n requests, or until unthrottle)
                                    unthrottle
  throttle <n> [retryAfterSec]    the next n Graph requests answer 429 with Retry-After (default 1 s)
  fail <status> [n]               the next n Graph requests (default 1) answer <status>, e.g. fail 503 2
  latency <ms>                    every Graph request waits <ms> (latency 0: off)
  clear                           no more faults, no latency
  faults '<spec>'                 a SIMULATOR_FAULTS spec: ${FAULT_USAGE}
  traces [n] [--json]             the last n traces (default 5) the bot exported to the simulator, as trees:
                                  each span's name, kind, duration, key attributes, ERROR when it failed

The simulator is found through SIMULATOR_URL (e.g. http://127.0.0.1:56161) or data/local-mode.json.`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

class UsageError extends Error {}

const STATUSES = ['notOnboarded', 'onboarding', 'onboarded'] as const;

/** `partner <name|id> <status|remove> [--expires-in <minutes>]`. */
export function parsePartnerArgs(all: string[]): SimPartnerChange {
  const at = all.indexOf('--customer');
  const customer = at >= 0 ? all[at + 1] : undefined;
  if (at >= 0 && !customer) throw new UsageError('--customer takes a customer (e.g. contoso)');
  const args = at >= 0 ? [...all.slice(0, at), ...all.slice(at + 2)] : all;
  return { ...partnerChange(args), ...(customer ? { customer } : {}) };
}

function partnerChange(args: string[]): SimPartnerChange {
  const [partner, what, ...rest] = args;
  if (!partner || !what)
    throw new UsageError(
      'partner takes a partner (name or id) and a status (notOnboarded, onboarding, onboarded) or remove',
    );
  if (what === 'remove') {
    if (rest.length) throw new UsageError(`partner ... remove takes nothing more (got ${rest.join(' ')})`);
    return { partner, remove: true };
  }
  const status = STATUSES.find((s) => s.toLowerCase() === what.toLowerCase());
  if (!status) throw new UsageError(`unknown partner status "${what}": use ${STATUSES.join(', ')} or remove`);
  const change: SimPartnerChange = { partner, onboardingStatus: status };
  if (rest.length) {
    const minutes = Number(rest[1]);
    if (rest[0] !== '--expires-in' || rest.length !== 2 || !Number.isFinite(minutes))
      throw new UsageError('after the status, only --expires-in <minutes> (e.g. --expires-in 90)');
    change.expiresInMinutes = minutes;
  }
  return change;
}

const CUSTOMER_CHANGES = ['revoke-consent', 'grant-consent', 'expire', 'renew', 'throttle', 'unthrottle'];

function count(
  text: string | undefined,
  what: string,
  fallback: number | undefined,
  whole: boolean,
): number | undefined {
  if (text === undefined) return fallback;
  const n = Number(text);
  const min = whole ? 1 : 0;
  if (!Number.isFinite(n) || n < min || (whole && !Number.isInteger(n)))
    throw new UsageError(
      `customer ... throttle: ${what} must be a ${whole ? 'whole ' : ''}number >= ${min} (got ${text})`,
    );
  return n;
}

/** `customer <name> <revoke-consent|grant-consent|expire|renew|throttle [retryAfterSec] [n]|unthrottle>`. */
export function parseCustomerArgs(args: string[]): SimCustomerChange {
  const [customer, what, ...rest] = args;
  if (!customer || !what || !CUSTOMER_CHANGES.includes(what))
    throw new UsageError(`customer takes a customer (e.g. contoso) and one of ${CUSTOMER_CHANGES.join(', ')}`);
  if (rest.length > (what === 'throttle' ? 2 : 0))
    throw new UsageError(`customer ... ${what} takes nothing more (got ${rest.join(' ')})`);
  if (what === 'revoke-consent' || what === 'grant-consent') return { customer, consent: what === 'grant-consent' };
  if (what === 'expire' || what === 'renew')
    return { customer, relationship: what === 'expire' ? 'expired' : 'active' };
  if (what === 'unthrottle') return { customer, throttle: false };
  const retryAfterSeconds = count(rest[0], 'retryAfterSec', 1, false);
  const n = count(rest[1], 'n', undefined, true);
  return { customer, throttle: { retryAfterSeconds, ...(n !== undefined ? { count: n } : {}) } };
}

/** The running simulator's control URL and, when known, which local mode it belongs to. */
export function locateSimulator(env: Record<string, string | undefined>): { url: string; from: string } {
  const explicit = (env.SIMULATOR_URL ?? '').trim();
  if (explicit) return { url: explicit.replace(/\/+$/, ''), from: 'SIMULATOR_URL' };
  let dataDir = (env.DATA_DIR ?? '').trim();
  if (!dataDir) {
    try {
      dataDir = (localModeEnv(env).env.DATA_DIR ?? '').trim();
    } catch {
      /* a broken env file: the default folder */
    }
  }
  dataDir ||= './data';
  const file = stateFilePath(dataDir);
  const state = readStateFile(dataDir);
  if (!state)
    throw new SimControlError(
      `local mode does not seem to run: ${file} is missing. Start it with npm start (or set SIMULATOR_URL).`,
    );
  if (!isAlive(state.pid))
    throw new SimControlError(
      `local mode is not running: ${file} was written by process ${state.pid}, which has stopped. Start it with npm start.`,
    );
  return {
    url: state.simulator.controlUrl,
    from: `${file} (pid ${state.pid}${state.playground ? `, playground ${state.playground.url}` : ''})`,
  };
}

function printState(s: SimStateSnapshot, where: string, io: CliIo): void {
  io.out(`Simulated tenant: ${where}`);
  io.out('Partners:');
  for (const p of s.partners)
    io.out(
      `  ${p.displayName.padEnd(28)} ${p.onboardingStatus.padEnd(13)} last connection ${p.lastConnectionDateTime ?? 'never'}   id ${p.id}`,
    );
  if (s.customers?.length) io.out('Customer tenants (GDAP):');
  for (const c of s.customers ?? []) io.out(`  ${describeCustomer(c)}`);
  io.out(
    `Users: ${s.users.map((u) => `${u.name}${u.signedIn ? '' : ' (not signed in)'}${u.intuneAdmin ? '' : ' (no Intune role)'}`).join(', ')}`,
  );
  const faults = describeFaults(s.faults);
  io.out(`Faults: ${faults.length ? '' : 'none'}`);
  for (const f of faults) io.out(`  ${f}`);
  io.out(`Requests so far: Graph ${s.counters.graph}, on-behalf-of tokens ${s.counters.oboTotal}`);
  const recent = s.recentCalls.filter((c) => c.service !== 'control').slice(-8);
  if (recent.length) io.out('Recent requests:');
  for (const c of recent)
    io.out(
      `  ${c.at.slice(11, 19)} ${c.service.padEnd(12)} ${c.method.padEnd(6)} ${c.path} -> ${c.status || 'dropped'}`,
    );
}

/** `traces [n] [--json]` -> how many traces and whether as JSON. */
export function parseTracesArgs(args: string[]): { count: number; json: boolean } {
  const rest = args.filter((a) => a !== '--json');
  const count = rest.length ? Number(rest[0]) : 5;
  if (rest.length > 1 || !Number.isInteger(count) || count < 1 || count > 100)
    throw new UsageError('traces takes how many traces to show (1 to 100, default 5) and --json');
  return { count, json: args.includes('--json') };
}

async function printTraces(url: string, args: { count: number; json: boolean }, io: CliIo): Promise<void> {
  const t = await getSimTelemetry(url, args.count);
  if (args.json) {
    io.out(JSON.stringify(t, null, 2));
    return;
  }
  if (!t.trees.length) {
    io.out(
      'No traces yet. The bot in local mode sends its spans to the simulator within about 5 s of a turn (unless APPLICATIONINSIGHTS_CONNECTION_STRING, OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_SDK_DISABLED send them elsewhere).',
    );
    return;
  }
  io.out(
    `The last ${t.trees.length} trace${t.trees.length === 1 ? '' : 's'} (${t.spans} spans received; metrics: ${Object.keys(t.metricPoints).join(', ') || 'none yet'}):`,
  );
  for (const line of renderTrees(t.trees)) io.out(line);
}

/** Runs one command; resolves with the process exit code. */
export async function runSimCli(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  io: CliIo = { out: console.log, err: console.error },
): Promise<number> {
  const [command = 'help', ...args] = argv;
  try {
    if (['help', '-h', '--help'].includes(command)) {
      io.out(USAGE);
      return 0;
    }
    let bodies;
    let partnerChange: SimPartnerChange | undefined;
    let customerChange: SimCustomerChange | undefined;
    let traces: { count: number; json: boolean } | undefined;
    if (['throttle', 'fail', 'latency', 'clear'].includes(command))
      bodies = parseFaultSpec([command, ...args].join(':'));
    else if (command === 'partner') partnerChange = parsePartnerArgs(args);
    else if (command === 'customer') customerChange = parseCustomerArgs(args);
    else if (command === 'traces') traces = parseTracesArgs(args);
    else if (command === 'faults') {
      if (args.length !== 1) throw new UsageError(`faults takes one spec: ${FAULT_USAGE}`);
      bodies = parseFaultSpec(args[0]);
    } else if (command === 'state' || command === 'reset') {
      const extra = args.filter((a) => !(command === 'state' && a === '--json'));
      if (extra.length) throw new UsageError(`${command} takes no arguments (got ${extra.join(' ')})`);
    } else throw new UsageError(`unknown command "${command}"`);

    const { url, from } = locateSimulator(env);
    if (traces) await printTraces(url, traces, io);
    else if (customerChange)
      io.out(`Customer tenant now: ${describeCustomer(await changeSimCustomer(url, customerChange))}`);
    else if (command === 'state') {
      const state = await getSimState(url);
      if (args.includes('--json')) io.out(JSON.stringify(state, null, 2));
      else printState(state, `${url} (from ${from})`, io);
    } else if (command === 'reset') {
      await resetSim(url);
      io.out(
        'Simulated tenant reset: partners, sign-ins and faults are as seeded (TeamViewer Connector is onboarded).',
      );
    } else if (partnerChange) {
      const p = await changeSimPartner(url, partnerChange);
      io.out(
        p
          ? `${p.displayName} is now ${p.onboardingStatus}${p.onboardingRequestExpiryDateTime ? ` (onboarding request until ${p.onboardingRequestExpiryDateTime})` : ''}, changed outside the bot. A watch notices it at its next poll.`
          : `${partnerChange.partner} is gone from the simulated tenant.`,
      );
    } else {
      const faults = await applySimFaults(url, bodies ?? []);
      const lines = faults ? describeFaults(faults) : [];
      io.out(lines.length ? `Faults in force:\n  ${lines.join('\n  ')}` : 'No faults in force.');
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof FaultSpecError) {
      io.err(`sim: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof SimControlError || e instanceof ConfigError) {
      io.err(`sim: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) {
  runSimCli(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
