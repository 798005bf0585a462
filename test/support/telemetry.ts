/**
 * An in-memory OpenTelemetry SDK for tests: every finished span kept (NodeTracerProvider = BasicTracerProvider
 * with the AsyncLocalStorage context manager, so that context follows awaits as in production), and the metrics
 * collected on demand. Register it once per test file (beforeAll), before the bot starts; the API's globals are
 * per test file under jest.
 */
import { context, metrics, propagation, trace, type Attributes } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-node';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  MetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';

/** A reader that exports nothing: `collect()` when the test asks. */
class OnDemandReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export interface MetricPoint {
  name: string;
  attributes: Attributes;
  /** A counter's sum or a gauge's value; a histogram's count. */
  value: number;
  /** A histogram's sum of recorded values. */
  sum?: number;
}

export interface TestTelemetry {
  spans(): ReadableSpan[];
  reset(): void;
  /** Every data point of every instrument, as collected now (cumulative since the SDK was registered). */
  metrics(): Promise<MetricPoint[]>;
  shutdown(): Promise<void>;
}

function pointsOf(m: MetricData): MetricPoint[] {
  const name = m.descriptor.name;
  if (m.dataPointType === DataPointType.HISTOGRAM)
    return m.dataPoints.map((p) => ({ name, attributes: p.attributes, value: p.value.count, sum: p.value.sum }));
  if (m.dataPointType === DataPointType.SUM || m.dataPointType === DataPointType.GAUGE)
    return m.dataPoints.map((p) => ({ name, attributes: p.attributes, value: p.value }));
  return [];
}

export function registerTestTelemetry(): TestTelemetry {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  tracerProvider.register();
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    async metrics() {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.flatMap(pointsOf));
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      metrics.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** The sum of a metric's points whose attributes include `where`. */
export function total(points: MetricPoint[], name: string, where: Attributes = {}): number {
  return points
    .filter((p) => p.name === name && Object.entries(where).every(([k, v]) => p.attributes[k] === v))
    .reduce((n, p) => n + p.value, 0);
}

/** A span's id and its parent's (undefined for a root). */
export const idOf = (s: ReadableSpan) => s.spanContext().spanId;
export const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
export const traceOf = (s: ReadableSpan) => s.spanContext().traceId;
