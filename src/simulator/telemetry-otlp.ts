/**
 * OTLP/HTTP JSON (opentelemetry-proto, "OTLP/HTTP" JSON encoding: lowerCamelCase fields, trace and span ids as hex,
 * enums as integers, 64-bit integers as strings or numbers): ExportTraceServiceRequest and
 * ExportMetricsServiceRequest -> the sink's flat spans and metric points. What cannot be decoded is a 400 (as a
 * collector answers a body it cannot unmarshal); test/contracts/otlp-json holds the shape.
 */
import { HttpError } from './http';
import type { AttributeValue, SimMetricPoint, SimSpan, SpanKindName } from './telemetry-sink';

type Json = Record<string, unknown>;

const KINDS: SpanKindName[] = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const TRACE_ID = /^[0-9a-f]{32}$/i;
const SPAN_ID = /^[0-9a-f]{16}$/i;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function list(parent: Json, key: string, where: string): Json[] {
  const v = parent[key];
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every(isObject)) throw new HttpError(400, `${where}.${key} must be an array of objects`);
  return v;
}

function anyValue(v: unknown): AttributeValue {
  if (!isObject(v)) return '';
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return Number(v.doubleValue);
  if (isObject(v.arrayValue))
    return ((v.arrayValue.values as unknown[]) ?? []).map((x) => anyValue(x) as string | number | boolean);
  return JSON.stringify(v);
}

export function attributes(items: unknown, where: string): Record<string, AttributeValue> {
  if (items === undefined) return {};
  if (!Array.isArray(items)) throw new HttpError(400, `${where}.attributes must be an array of {key, value}`);
  const out: Record<string, AttributeValue> = {};
  for (const kv of items) {
    if (!isObject(kv) || typeof kv.key !== 'string')
      throw new HttpError(400, `${where}.attributes: each must be {key, value}`);
    out[kv.key] = anyValue(kv.value);
  }
  return out;
}

const nanosToMs = (v: unknown): number => Number(BigInt(String(v ?? 0)) / 1000n) / 1000;

function span(s: Json, resource: Record<string, AttributeValue>, where: string): SimSpan {
  if (typeof s.traceId !== 'string' || !TRACE_ID.test(s.traceId))
    throw new HttpError(400, `${where}.traceId must be 32 hex digits`);
  if (typeof s.spanId !== 'string' || !SPAN_ID.test(s.spanId))
    throw new HttpError(400, `${where}.spanId must be 16 hex digits`);
  if (
    s.parentSpanId !== undefined &&
    s.parentSpanId !== '' &&
    (typeof s.parentSpanId !== 'string' || !SPAN_ID.test(s.parentSpanId))
  ) {
    throw new HttpError(400, `${where}.parentSpanId must be 16 hex digits or empty`);
  }
  if (typeof s.name !== 'string') throw new HttpError(400, `${where}.name must be a string`);
  let startMs: number;
  let endMs: number;
  try {
    startMs = nanosToMs(s.startTimeUnixNano);
    endMs = nanosToMs(s.endTimeUnixNano);
  } catch {
    throw new HttpError(400, `${where}: startTimeUnixNano and endTimeUnixNano must be integers`);
  }
  const code = isObject(s.status) ? Number(s.status.code ?? 0) : 0;
  return {
    source: 'otlp',
    traceId: s.traceId.toLowerCase(),
    spanId: s.spanId.toLowerCase(),
    parentSpanId: typeof s.parentSpanId === 'string' && s.parentSpanId ? s.parentSpanId.toLowerCase() : undefined,
    name: s.name,
    kind: KINDS[Number(s.kind ?? 0)] ?? 'UNSPECIFIED',
    startMs,
    durationMs: Math.max(0, endMs - startMs),
    status: code === 2 ? 'error' : code === 1 ? 'ok' : 'unset',
    attributes: attributes(s.attributes, where),
    links: list(s, 'links', where).map((l) => ({
      traceId: String(l.traceId ?? '').toLowerCase(),
      spanId: String(l.spanId ?? '').toLowerCase(),
    })),
    resource,
  };
}

function requestRoot(body: unknown, key: string): Json[] {
  if (!isObject(body)) throw new HttpError(400, `The body must be a JSON object with ${key}`);
  return list(body, key, 'request');
}

/** ExportTraceServiceRequest -> spans. */
export function parseOtlpTraces(body: unknown): SimSpan[] {
  return requestRoot(body, 'resourceSpans').flatMap((rs, i) => {
    const resource = attributes(
      isObject(rs.resource) ? rs.resource.attributes : undefined,
      `resourceSpans[${i}].resource`,
    );
    return list(rs, 'scopeSpans', `resourceSpans[${i}]`).flatMap((ss, j) =>
      list(ss, 'spans', `resourceSpans[${i}].scopeSpans[${j}]`).map((s, k) =>
        span(s, resource, `resourceSpans[${i}].scopeSpans[${j}].spans[${k}]`),
      ),
    );
  });
}

function points(metric: Json, resource: Record<string, AttributeValue>, where: string): SimMetricPoint[] {
  if (typeof metric.name !== 'string' || !metric.name)
    throw new HttpError(400, `${where}.name must be a non-empty string`);
  const name = metric.name;
  const data = [metric.sum, metric.gauge, metric.histogram, metric.exponentialHistogram, metric.summary].find(isObject);
  if (!data) throw new HttpError(400, `${where} must have one of sum, gauge, histogram, exponentialHistogram, summary`);
  return list(data, 'dataPoints', where).map((p) => {
    const histogram = p.count !== undefined && (p.sum !== undefined || p.bucketCounts !== undefined);
    const value = histogram ? Number(p.sum ?? 0) : Number(p.asDouble ?? p.asInt ?? 0);
    if (!Number.isFinite(value)) throw new HttpError(400, `${where}: a data point's value is not a number`);
    return {
      source: 'otlp',
      name,
      value,
      count: histogram ? Number(p.count) : 1,
      attributes: attributes(p.attributes, where),
      resource,
    };
  });
}

/** ExportMetricsServiceRequest -> metric points. */
export function parseOtlpMetrics(body: unknown): SimMetricPoint[] {
  return requestRoot(body, 'resourceMetrics').flatMap((rm, i) => {
    const resource = attributes(
      isObject(rm.resource) ? rm.resource.attributes : undefined,
      `resourceMetrics[${i}].resource`,
    );
    return list(rm, 'scopeMetrics', `resourceMetrics[${i}]`).flatMap((sm, j) =>
      list(sm, 'metrics', `resourceMetrics[${i}].scopeMetrics[${j}]`).flatMap((m, k) =>
        points(m, resource, `resourceMetrics[${i}].scopeMetrics[${j}].metrics[${k}]`),
      ),
    );
  });
}
