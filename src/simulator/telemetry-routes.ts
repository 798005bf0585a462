/**
 * The simulated ingestion endpoints, on both of the simulator's servers:
 * - POST /v2.1/track: Application Insights (telemetry-breeze.ts); JSON array, one object, or newline-delimited JSON
 *   (application/x-json-stream), gzip or not.
 * - POST /v1/traces, POST /v1/metrics: the OTLP/HTTP receiver, JSON encoding (telemetry-otlp.ts); protobuf gets 415.
 * - GET /_sim/telemetry[?traces=n]: what arrived, for `npm run sim -- traces` (the last n traces as trees).
 * None of it lands in the call log (ctx.service stays 'control').
 */
import { gunzipSync } from 'node:zlib';
import type { SimEnv } from './env';
import { HttpError, sendJson, type RequestContext } from './http';
import { envelopesToTelemetry, track } from './telemetry-breeze';
import { parseOtlpMetrics, parseOtlpTraces } from './telemetry-otlp';
import type { TelemetrySink } from './telemetry-sink';

const MAX_BYTES = 16 * 1024 * 1024;

async function readRaw(ctx: RequestContext): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BYTES) throw new HttpError(413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  if ((ctx.req.headers['content-encoding'] ?? '').toLowerCase() !== 'gzip') return raw.toString('utf8');
  try {
    return gunzipSync(raw).toString('utf8');
  } catch {
    throw new HttpError(400, 'Content-Encoding is gzip but the body is not');
  }
}

/** The items of a track request, or undefined when the body is not JSON (nor newline-delimited JSON). */
function trackItems(text: string): unknown[] | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    try {
      return text
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as unknown);
    } catch {
      return undefined;
    }
  }
}

async function handleTrack(ctx: RequestContext, sink: TelemetrySink): Promise<void> {
  const items = trackItems(await readRaw(ctx));
  if (!items || items.length === 0) {
    sendJson(ctx.res, 400, {
      itemsReceived: 0,
      itemsAccepted: 0,
      errors: [{ index: 0, statusCode: 400, message: 'Invalid JSON: the body must be an array of telemetry items' }],
    });
    return;
  }
  const answer = track(items);
  const { spans, points } = envelopesToTelemetry(answer.accepted);
  sink.add(spans, points, answer.accepted);
  sendJson(ctx.res, answer.status, answer.body);
}

async function handleOtlp(ctx: RequestContext, sink: TelemetrySink, signal: 'traces' | 'metrics'): Promise<void> {
  const type = (ctx.req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const text = await readRaw(ctx);
  if (type !== 'application/json') {
    sendJson(ctx.res, 415, {
      code: 3,
      message: `This receiver takes OTLP/HTTP JSON (application/json), not ${type || 'no content type'}`,
    });
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The body is not JSON');
  }
  try {
    if (signal === 'traces') sink.add(parseOtlpTraces(body), []);
    else sink.add([], parseOtlpMetrics(body));
  } catch (e) {
    // OTLP answers a bad request with a google.rpc.Status: {code, message} (code 3 = INVALID_ARGUMENT).
    if (e instanceof HttpError) sendJson(ctx.res, e.status, { code: 3, message: e.message });
    else throw e;
    return;
  }
  sendJson(ctx.res, 200, {});
}

/** Handles the ingestion and telemetry control routes; false for other paths. */
export async function handleTelemetry(ctx: RequestContext, env: SimEnv): Promise<boolean> {
  const route = `${ctx.method} ${ctx.url.pathname}`;
  const sink = env.telemetry;
  if (route === 'POST /v2.1/track') await handleTrack(ctx, sink);
  else if (route === 'POST /v1/traces') await handleOtlp(ctx, sink, 'traces');
  else if (route === 'POST /v1/metrics') await handleOtlp(ctx, sink, 'metrics');
  else if (route === 'GET /_sim/telemetry') {
    const n = Number(ctx.url.searchParams.get('traces') ?? 5);
    const counts: Record<string, number> = {};
    for (const p of sink.metrics()) counts[p.name] = (counts[p.name] ?? 0) + 1;
    sendJson(ctx.res, 200, {
      spans: sink.spans.length,
      metricPoints: counts,
      trees: sink.trees(Number.isInteger(n) && n > 0 ? n : 5),
    });
  } else if (route === 'POST /_sim/telemetry/clear') {
    sink.clear();
    sendJson(ctx.res, 200, { cleared: true });
  } else return false;
  return true;
}
