/**
 * Fault specs for the simulated tenant, shared by `npm run sim -- <fault>` and SIMULATOR_FAULTS:
 *
 *   throttle:<n>[:<retryAfterSeconds>]   the next n Graph requests answer 429 with Retry-After (default 1 s)
 *   fail:<status>[:<n>]                  the next n Graph requests (default 1) answer <status> (400..599)
 *   latency:<ms>                         every Graph request waits <ms> first (0 turns it off)
 *   clear                                no more faults, no latency
 *
 * Several are separated by commas (`throttle:3,latency:200`). A value starting with `{` or `[` is taken as
 * the JSON body (or bodies) of POST /_sim/faults, for everything else the simulator can do (see
 * src/simulator/control.ts). The result is a list of bodies, posted in order.
 */

/** The JSON body of POST /_sim/faults (src/simulator/control.ts). */
export interface FaultsBody {
  clear?: boolean;
  graphNext?: {
    count?: number;
    status: number;
    retryAfterSeconds?: number;
    code?: string;
    message?: string;
    method?: string;
    pathIncludes?: string;
  };
  latencyMs?: number;
  users?: Record<string, Record<string, boolean>>;
  holdNextDisconnect?: boolean;
  releaseHeld?: 'complete' | 'drop' | 'completeThenDrop' | boolean;
}

export const FAULT_USAGE =
  'throttle:<n>[:<retryAfterSeconds>], fail:<status>[:<n>], latency:<ms>, clear (comma-separated), or a JSON body of POST /_sim/faults';

export class FaultSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultSpecError';
  }
}

function int(raw: string | undefined, what: string, min: number, max: number, fallback?: number): number {
  if (raw === undefined || raw === '') {
    if (fallback === undefined) throw new FaultSpecError(`${what} is missing`);
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new FaultSpecError(`${what} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
}

function parseOne(item: string): FaultsBody {
  const [kind, ...args] = item.split(':').map((s) => s.trim());
  const extra = (allowed: number) => {
    if (args.length > allowed) throw new FaultSpecError(`"${item}" has too many parts`);
  };
  switch (kind.toLowerCase()) {
    case 'throttle': {
      extra(2);
      const count = int(args[0], `throttle: the number of requests in "${item}"`, 1, 1000);
      const retryAfterSeconds = int(args[1], `throttle: Retry-After seconds in "${item}"`, 0, 3600, 1);
      return { graphNext: { count, status: 429, retryAfterSeconds } };
    }
    case 'fail': {
      extra(2);
      const status = int(args[0], `fail: the HTTP status in "${item}"`, 400, 599);
      const count = int(args[1], `fail: the number of requests in "${item}"`, 1, 1000, 1);
      return { graphNext: { count, status } };
    }
    case 'latency':
      extra(1);
      return { latencyMs: int(args[0], `latency: milliseconds in "${item}"`, 0, 60_000) };
    case 'clear':
      extra(0);
      return { clear: true, latencyMs: 0 };
    default:
      throw new FaultSpecError(`unknown fault "${kind}" (use ${FAULT_USAGE})`);
  }
}

/** Parses a fault spec into the bodies to POST to /_sim/faults, in order. Throws FaultSpecError. */
export function parseFaultSpec(spec: string): FaultsBody[] {
  const text = spec.trim();
  if (!text) return [];
  if (text.startsWith('{') || text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new FaultSpecError(`not valid JSON: ${(e as Error).message}`);
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    if (!list.every((b) => b && typeof b === 'object' && !Array.isArray(b)))
      throw new FaultSpecError('JSON faults must be an object or a list of objects');
    return list as FaultsBody[];
  }
  return text
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseOne);
}
