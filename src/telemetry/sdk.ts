/**
 * The SDK itself, loaded by startTelemetry only when something is exported: one NodeTracerProvider (batch span
 * processor; AsyncLocalStorage context, W3C propagation) and one MeterProvider (periodic reader every
 * OTEL_METRIC_EXPORT_INTERVAL ms), both with the same resource, both flushed on shutdown.
 */
import { hostname } from 'node:os';
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { SERVICE_NAME, type BuildInfo } from './build-info';
import { createExporters } from './exporters';
import type { TelemetryHandle, TelemetryOptions } from './index';

/** service.name, service.version and the commit (vcs.ref.head.revision), on every span and metric. */
export function telemetryResource(build: BuildInfo): Resource {
  return defaultResource().merge(
    resourceFromAttributes({
      [ATTR_SERVICE_NAME]: SERVICE_NAME,
      [ATTR_SERVICE_VERSION]: build.version,
      'vcs.ref.head.revision': build.commit,
      'service.instance.id': `${hostname()}/${process.pid}`,
    }),
  );
}

export function startSdk({ config, build, log, ca }: TelemetryOptions): TelemetryHandle {
  const exporters = createExporters(config, ca);
  if (!exporters) throw new Error(`no exporter for ${config.exporter}`);
  const resource = telemetryResource(build);
  const tracerProvider = new NodeTracerProvider({
    resource,
    spanProcessors: [new BatchSpanProcessor(exporters.spans)],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: exporters.metrics,
        exportIntervalMillis: config.metricExportIntervalMs,
        exportTimeoutMillis: Math.min(30_000, config.metricExportIntervalMs),
      }),
    ],
  });
  // One SDK per process: a second bot in the same process (tests) records into the first one's.
  const owner = trace.setGlobalTracerProvider(tracerProvider) && metrics.setGlobalMeterProvider(meterProvider);
  if (owner) tracerProvider.register();
  else
    log.warn('telemetry is already started in this process; this instance records into it', {
      exporter: config.exporter,
    });
  log.info('telemetry on', { exporter: config.exporter, metricExportIntervalMs: config.metricExportIntervalMs });
  let stopped: Promise<void> | undefined;
  return {
    exporter: config.exporter,
    flush: async () => {
      await Promise.all([tracerProvider.forceFlush(), meterProvider.forceFlush()]);
    },
    shutdown: () =>
      (stopped ??= (async () => {
        const results = await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
        if (owner) {
          trace.disable();
          metrics.disable();
          context.disable();
          propagation.disable();
        }
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) log.warn('telemetry could not be flushed at shutdown', { error: String(failed.reason) });
      })()),
  };
}
