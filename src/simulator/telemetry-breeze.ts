/**
 * Application Insights ingestion, `POST /v2.1/track` ("Breeze"): envelopes {ver, name, time, sampleRate, seq, iKey,
 * tags, data: {baseType, baseData}} as Microsoft's exporter serializes them (azure-sdk-for-js,
 * sdk/monitor/monitor-opentelemetry-exporter, src/generated/models/models.ts; test/contracts/fixtures/
 * appinsights-track.json). Answers as the service does: {itemsReceived, itemsAccepted, errors: [{index,
 * statusCode, message}]}, 200 when all were accepted, 206 when some were, 400 when none (or the body is not JSON).
 * Accepted requests and dependencies become the sink's spans (ai.operation.id = trace id, ai.operation.parentId =
 * parent span id, baseData.id = span id, properties = attributes, `_MS.links` = links); MetricData, metric points.
 */
import type { AttributeValue, SimMetricPoint, SimSpan } from './telemetry-sink';

type Json = Record<string, unknown>;
export interface TrackError {
  index: number;
  statusCode: number;
  message: string;
}
export interface TrackAnswer {
  status: 200 | 206 | 400;
  body: { itemsReceived: number; itemsAccepted: number; errors: TrackError[] };
  accepted: Json[];
}

const IKEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** .NET TimeSpan as the exporter writes it: [d.]hh:mm:ss[.fffffff]. */
const TIMESPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function timeSpanToMs(s: string): number | undefined {
  const m = TIMESPAN.exec(s);
  if (!m) return undefined;
  const [, d = '0', h, min, sec, frac = '0'] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Number(sec) * 1000 + Number(`0.${frac}`) * 1000;
}

/** Required fields of the domain types the exporter sends (models.ts: the ones without `?`). */
const REQUIRED: Record<string, [field: string, type: string][]> = {
  RequestData: [
    ['id', 'string'],
    ['duration', 'timespan'],
    ['success', 'boolean'],
    ['responseCode', 'string'],
  ],
  RemoteDependencyData: [
    ['name', 'string'],
    ['duration', 'timespan'],
  ],
  MetricData: [['metrics', 'array']],
  MessageData: [['message', 'string']],
  ExceptionData: [['exceptions', 'array']],
  EventData: [['name', 'string']],
};

/** Why an envelope would be refused, or undefined when it is accepted. */
export function envelopeProblem(e: unknown): string | undefined {
  if (!isObject(e)) return 'an item must be a JSON object';
  if (typeof e.name !== 'string' || !e.name) return "Field 'name' on type 'Envelope' is required but missing or empty";
  if (typeof e.time !== 'string' || Number.isNaN(Date.parse(e.time)))
    return "Field 'time' on type 'Envelope' is required and must be a date-time";
  if (typeof e.iKey !== 'string' || !IKEY.test(e.iKey)) return 'Invalid instrumentation key';
  if (e.tags !== undefined && (!isObject(e.tags) || !Object.values(e.tags).every((v) => typeof v === 'string')))
    return "Field 'tags' must map names to strings";
  if (!isObject(e.data) || typeof e.data.baseType !== 'string' || !isObject(e.data.baseData))
    return "Field 'data' must be {baseType, baseData}";
  const required = REQUIRED[e.data.baseType];
  if (!required) return `Unknown baseType '${e.data.baseType}'`;
  const base = e.data.baseData;
  for (const [field, type] of required) {
    const v = base[field];
    const ok =
      type === 'array'
        ? Array.isArray(v)
        : type === 'timespan'
          ? typeof v === 'string' && timeSpanToMs(v) !== undefined
          : typeof v === type;
    if (!ok) return `Field '${field}' on type '${e.data.baseType}' is required and must be a ${type}`;
  }
  if (
    e.data.baseType === 'MetricData' &&
    !(base.metrics as unknown[]).every((m) => isObject(m) && typeof m.name === 'string' && typeof m.value === 'number')
  ) {
    return "Each of 'metrics' must have a name and a numeric value";
  }
  return undefined;
}

/** Validates each envelope: the answer the service gives, and the accepted envelopes. */
export function track(items: unknown[]): TrackAnswer {
  const errors: TrackError[] = [];
  const accepted: Json[] = [];
  items.forEach((item, index) => {
    const problem = envelopeProblem(item);
    if (problem) errors.push({ index, statusCode: 400, message: problem });
    else accepted.push(item as Json);
  });
  const status = errors.length === 0 ? 200 : accepted.length ? 206 : 400;
  return { status, body: { itemsReceived: items.length, itemsAccepted: accepted.length, errors }, accepted };
}

function properties(base: Json): Record<string, AttributeValue> {
  return isObject(base.properties)
    ? Object.fromEntries(
        Object.entries(base.properties).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      )
    : {};
}

function toSpan(e: Json): SimSpan | undefined {
  const data = e.data as Json;
  const base = data.baseData as Json;
  if (data.baseType !== 'RequestData' && data.baseType !== 'RemoteDependencyData') return undefined;
  const tags = (e.tags ?? {}) as Record<string, string>;
  const attributes = properties(base);
  let links: SimSpan['links'] = [];
  if (typeof attributes['_MS.links'] === 'string') {
    try {
      links = (JSON.parse(attributes['_MS.links']) as { operation_Id: string; id: string }[]).map((l) => ({
        traceId: l.operation_Id,
        spanId: l.id,
      }));
    } catch {
      /* kept as the attribute */
    }
    delete attributes['_MS.links'];
  }
  const code = String(base.responseCode ?? base.resultCode ?? '');
  if (/^\d{3}$/.test(code) && attributes['http.response.status_code'] === undefined)
    attributes['http.response.status_code'] = Number(code);
  const traceId = tags['ai.operation.id'] ?? '';
  const parent = tags['ai.operation.parentId'];
  return {
    source: 'appinsights',
    traceId,
    spanId: String(base.id ?? ''),
    parentSpanId: parent && parent !== traceId ? parent : undefined,
    name: String(base.name ?? e.name),
    kind: data.baseType === 'RequestData' ? 'SERVER' : base.type === 'InProc' ? 'INTERNAL' : 'CLIENT',
    startMs: Date.parse(String(e.time)),
    durationMs: timeSpanToMs(String(base.duration)) ?? 0,
    status: base.success === false ? 'error' : 'unset',
    attributes,
    links,
    resource: { ...tags },
  };
}

function toPoints(e: Json): SimMetricPoint[] {
  const data = e.data as Json;
  if (data.baseType !== 'MetricData') return [];
  const base = data.baseData as Json;
  const attributes = properties(base);
  return (base.metrics as Json[]).map((m) => ({
    source: 'appinsights',
    name: String(m.name),
    value: Number(m.value),
    count: Number(m.count ?? 1),
    attributes,
    resource: { ...((e.tags ?? {}) as Json as Record<string, string>) },
  }));
}

export function envelopesToTelemetry(accepted: Json[]): { spans: SimSpan[]; points: SimMetricPoint[] } {
  return { spans: accepted.map(toSpan).filter((s): s is SimSpan => Boolean(s)), points: accepted.flatMap(toPoints) };
}
