/**
 * What the core's background loops report, with no telemetry library in the core (docs/architecture.md,
 * "Instrumentation"). The host implements it (src/instrumentation.ts: OpenTelemetry root spans and counters); tests
 * and hosts without telemetry get `noInstrumentation`.
 */

/** The background work that starts a trace of its own: one poll of the watched tenants, one sweep. */
export type BackgroundRoot = 'watch.poll' | 'sweeper.sweep';

/** Low-cardinality facts worth counting, named as the metrics are. */
export type CoreEvent =
  | { name: 'watch.polls'; result: 'ok' | 'read_failed' | 'record_failed' }
  | { name: 'watch.notices'; result: 'sent' | 'retried' | 'dropped' };

export interface Instrumentation {
  /** Runs `work` as the root of a trace of its own. */
  root<T>(name: BackgroundRoot, work: () => Promise<T>): Promise<T>;
  count(event: CoreEvent): void;
}

export const noInstrumentation: Instrumentation = {
  root: (_name, work) => work(),
  count() {},
};
