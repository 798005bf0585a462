/**
 * Telemetry that wiring.ts lays around the core, so that the core stays free of OpenTelemetry
 * (docs/architecture.md, "Instrumentation"):
 * - `otelInstrumentation`: the core's Instrumentation port (core/instrumentation.ts) as root spans (the watch's
 *   poll, the sweeper's sweep) and counters (watch polls and notices);
 * - `countedOperations`: the OperationStore port decorated, so that every record written is counted where it is
 *   written: a denial by its reason, a decided operation by kind, outcome and how it was settled. No change to
 *   the core's logic, and nothing missed whichever path (a click, `status`, the sweeper) decides.
 */
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import type { Instrumentation } from './core/instrumentation';
import { OUTCOME_NOT_KNOWN, type OperationRecord } from './core/model';
import type { OperationStore } from './core/ports';
import { count, inSpan } from './instruments';

export const otelInstrumentation: Instrumentation = {
  root: (name, work) => inSpan(name, { kind: SpanKind.INTERNAL, root: true }, () => work(), ROOT_CONTEXT),
  count(event) {
    switch (event.name) {
      case 'watch.polls':
        return count('watchPolls', { result: event.result });
      case 'watch.notices':
        return count('watchNotices', { result: event.result });
      default: {
        const never: never = event;
        return never;
      }
    }
  },
};

type Outcome = 'succeeded' | 'failed' | 'cancelled' | 'expired' | 'unknown';

/** A decided record's outcome as the metric names it; undefined while it is open (or for a denial). */
export function outcomeOf(record: OperationRecord): Outcome | undefined {
  switch (record.state) {
    case 'succeeded':
    case 'cancelled':
    case 'expired':
      return record.state;
    case 'failed':
      return record.errorKind === OUTCOME_NOT_KNOWN ? 'unknown' : 'failed';
    case 'pending':
    case 'running':
    case 'denied':
      return undefined;
    default: {
      const never: never = record.state;
      return never;
    }
  }
}

function counted(record: OperationRecord): void {
  const outcome = outcomeOf(record);
  if (outcome) count('operations', { kind: record.kind, outcome, settled_by: record.settledBy ?? 'none' });
}

/** The store, with each denial and each decision counted as it is written (every other method as it is). */
export function countedOperations<S extends OperationStore>(store: S): S {
  const insert: OperationStore['insert'] = async (record) => {
    await store.insert(record);
    if (record.state === 'denied')
      count('denials', { reason: (record.errorKind ?? 'authz.unknown').replace(/^authz\./, '') });
  };
  const transition: OperationStore['transition'] = async (...args) => {
    const done = await store.transition(...args);
    if (done) counted(done);
    return done;
  };
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'insert') return insert;
      if (prop === 'transition') return transition;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
