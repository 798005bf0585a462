/**
 * What the simulated ingestion endpoints received (Application Insights' v2.1/track and the OTLP/HTTP receiver),
 * kept in memory in one shape whatever the source: spans as a flat list (ids, parent, name, kind, attributes,
 * links) and metric points by name. Tests wait for what they expect (no sleeps); `npm run sim -- traces` reads
 * the trees through GET /_sim/telemetry.
 */
import { buildTrees, type SpanTree } from './telemetry-trees';

export type SpanKindName = 'SERVER' | 'CLIENT' | 'INTERNAL' | 'PRODUCER' | 'CONSUMER' | 'UNSPECIFIED';
export type AttributeValue = string | number | boolean | (string | number | boolean)[];

export interface SimSpan {
  source: 'otlp' | 'appinsights';
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKindName;
  /** Start, ms since the epoch. */
  startMs: number;
  durationMs: number;
  status: 'ok' | 'error' | 'unset';
  attributes: Record<string, AttributeValue>;
  links: { traceId: string; spanId: string }[];
  /** Resource attributes (OTLP), or the envelope's tags (Application Insights: ai.cloud.role, ...). */
  resource: Record<string, AttributeValue>;
}

export interface SimMetricPoint {
  source: 'otlp' | 'appinsights';
  name: string;
  /** sum (counter), gauge value, or histogram sum. */
  value: number;
  /** Histograms: how many values; counters and gauges: 1 (Application Insights: the envelope's count). */
  count: number;
  attributes: Record<string, AttributeValue>;
  resource: Record<string, AttributeValue>;
}

export interface SimTelemetry {
  /** Every span received, in arrival order. */
  readonly spans: SimSpan[];
  /** Metric points, all or by instrument name. */
  metrics(name?: string): SimMetricPoint[];
  /** The raw Application Insights envelopes (as posted, parsed). */
  readonly envelopes: Record<string, unknown>[];
  /** The traces as trees (roots with their children), newest trace last; `limit`: only the last n. */
  trees(limit?: number): SpanTree[];
  /** Resolves when `check` holds for what has arrived (checked on each arrival), rejects after timeoutMs. */
  waitFor<T>(check: (t: SimTelemetry) => T | undefined | false, timeoutMs?: number): Promise<T>;
  clear(): void;
}

const MAX_SPANS = 20_000;
const MAX_POINTS = 20_000;

export class TelemetrySink implements SimTelemetry {
  readonly spans: SimSpan[] = [];
  readonly envelopes: Record<string, unknown>[] = [];
  private readonly points: SimMetricPoint[] = [];
  private waiters = new Set<() => void>();

  add(spans: SimSpan[], points: SimMetricPoint[], envelopes: Record<string, unknown>[] = []): void {
    this.spans.push(...spans);
    this.points.push(...points);
    this.envelopes.push(...envelopes);
    if (this.spans.length > MAX_SPANS) this.spans.splice(0, this.spans.length - MAX_SPANS);
    if (this.points.length > MAX_POINTS) this.points.splice(0, this.points.length - MAX_POINTS);
    if (this.envelopes.length > MAX_SPANS) this.envelopes.splice(0, this.envelopes.length - MAX_SPANS);
    for (const wake of [...this.waiters]) wake();
  }

  metrics(name?: string): SimMetricPoint[] {
    return name ? this.points.filter((p) => p.name === name) : [...this.points];
  }

  trees(limit?: number): SpanTree[] {
    const all = buildTrees(this.spans);
    return limit === undefined ? all : all.slice(-limit);
  }

  waitFor<T>(check: (t: SimTelemetry) => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = (): boolean => {
        const got = check(this);
        if (got === undefined || got === false) return false;
        resolve(got);
        return true;
      };
      if (attempt()) return;
      const wake = () => {
        if (!attempt()) return;
        this.waiters.delete(wake);
        clearTimeout(timer);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(
          new Error(
            `telemetry did not arrive within ${timeoutMs} ms (spans so far: ${this.spans.map((s) => s.name).join(', ') || 'none'}; metrics: ${[...new Set(this.points.map((p) => p.name))].join(', ') || 'none'})`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(wake);
    });
  }

  clear(): void {
    this.spans.length = 0;
    this.points.length = 0;
    this.envelopes.length = 0;
  }
}
