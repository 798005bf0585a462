/**
 * The OpenTelemetry SDK behind the global API (@opentelemetry/api). Every room records through the API only
 * (`trace.getTracer('intune-ra-bot')`, `metrics.getMeter('intune-ra-bot')`); this room decides where it goes.
 * Started by wiring.ts (startBot) before anything else is built, shut down (flushed) last. With nothing to export
 * the SDK is not even loaded (./sdk is required only then): the API stays a no-op.
 *
 * The metrics API has no proxy: a meter taken before startTelemetry stays a no-op for good. Take meters and
 * instruments when the parts are built (in startBot), never at module load.
 */
import type { Logger } from '../core/logger';
import type { BuildInfo } from './build-info';
import type { TelemetryConfig, TelemetryExporter } from './config';

export { readBuildInfo, SERVICE_NAME, type BuildInfo } from './build-info';
export { redactTelemetry, type TelemetryConfig, type TelemetryExporter } from './config';

export interface TelemetryHandle {
  readonly exporter: TelemetryExporter;
  /** Sends what is buffered now (spans and metrics); resolves when the exporters answered. */
  flush(): Promise<void>;
  /** Flushes, stops the exporters and unregisters the global providers. Idempotent. */
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  config: TelemetryConfig;
  build: BuildInfo;
  log: Logger;
  /** Extra CA (PEM) to trust for the ingestion endpoint (TRUSTED_CA_FILE; the simulator's in tests). */
  ca?: string;
}

const OFF: TelemetryHandle = { exporter: 'none', flush: async () => undefined, shutdown: async () => undefined };

export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  if (options.config.exporter === 'none') return OFF;
  const { startSdk } = require('./sdk') as typeof import('./sdk');
  return startSdk(options);
}
