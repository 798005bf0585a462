/**
 * Contract: the simulated ingestion endpoints take exactly what Microsoft's exporter and the OTLP/HTTP JSON encoding
 * send (fixtures/appinsights-track.json from azure-sdk-for-js' generated models; fixtures/otlp-json.json from
 * opentelemetry-proto's examples), and refuse a malformed request with 400 as the real services do.
 */
import { gzipSync } from 'node:zlib';
import { startSimulator, type Simulator } from '../../src/simulator';
import { fixture } from './support/shapes';

const ai = fixture('appinsights-track.json');
const otlp = fixture('otlp-json.json');

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim?.close());
beforeEach(() => sim.telemetry.clear());

async function post(
  path: string,
  body: string | Buffer,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) {
  const res = await fetch(`${sim.tokenServiceUrl}${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('Application Insights: POST /v2.1/track', () => {
  it('accepts the envelopes as the exporter serializes them, and answers TrackResponse', async () => {
    const res = await post('/v2.1/track', JSON.stringify(ai.envelopes));
    expect(res).toEqual({ status: 200, body: { itemsReceived: 3, itemsAccepted: 3, errors: [] } });
    const [request, dependency] = sim.telemetry.spans;
    expect(request).toMatchObject({
      source: 'appinsights',
      name: 'teams.activity',
      kind: 'SERVER',
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      parentSpanId: undefined,
      durationMs: 250,
    });
    expect(request.links).toEqual([{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' }]);
    expect(request.attributes).toEqual({ 'bot.command': 'disconnect', 'http.response.status_code': 200 });
    expect(dependency).toMatchObject({
      name: 'graph.request',
      kind: 'CLIENT',
      parentSpanId: 'eee19b7ec3c1b174',
      durationMs: 120,
      attributes: { 'graph.request_id': 'a1b2c3d4-0000-4000-8000-000000000001' },
    });
    expect(sim.telemetry.metrics('bot.commands')).toEqual([
      expect.objectContaining({ value: 3, count: 1, attributes: { command: 'disconnect', outcome: 'confirm' } }),
    ]);
    expect(sim.telemetry.trees()).toHaveLength(1);
  });

  it('takes them gzipped and as newline-delimited JSON too', async () => {
    expect(
      (
        await post('/v2.1/track', gzipSync(JSON.stringify(ai.envelopes)), {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
        })
      ).status,
    ).toBe(200);
    const ndjson = ai.envelopes.map((e: unknown) => JSON.stringify(e)).join('\n');
    expect((await post('/v2.1/track', ndjson, { 'content-type': 'application/x-json-stream' })).body).toMatchObject({
      itemsAccepted: 3,
    });
    expect(sim.telemetry.spans).toHaveLength(4);
  });

  it.each(['missingTime', 'requestWithoutResponseCode', 'badDuration'])(
    'refuses a malformed envelope (%s) with 400 and its index',
    async (name) => {
      const res = await post('/v2.1/track', JSON.stringify([ai.malformed[name]]));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        itemsReceived: 1,
        itemsAccepted: 0,
        errors: [{ index: 0, statusCode: 400, message: expect.any(String) }],
      });
      expect(sim.telemetry.spans).toHaveLength(0);
    },
  );

  it('accepts the good ones of a mixed batch with 206, naming the refused index', async () => {
    const res = await post('/v2.1/track', JSON.stringify([ai.envelopes[0], ai.malformed.missingTime]));
    expect(res).toMatchObject({
      status: 206,
      body: { itemsReceived: 2, itemsAccepted: 1, errors: [{ index: 1, statusCode: 400 }] },
    });
  });

  it('refuses a body that is not JSON with 400', async () => {
    expect((await post('/v2.1/track', ai.malformed.notJson)).status).toBe(400);
  });
});

describe('OTLP/HTTP JSON: POST /v1/traces and /v1/metrics', () => {
  it("accepts opentelemetry-proto's trace example", async () => {
    expect(await post('/v1/traces', JSON.stringify(otlp.traces))).toEqual({ status: 200, body: {} });
    expect(sim.telemetry.spans).toEqual([
      expect.objectContaining({
        source: 'otlp',
        traceId: '5b8efff798038103d269b633813fc60c',
        spanId: 'eee19b7ec3c1b174',
        parentSpanId: 'eee19b7ec3c1b173',
        name: "I'm a server span",
        kind: 'SERVER',
        durationMs: 1000,
        attributes: { 'my.span.attr': 'some value' },
        resource: { 'service.name': 'my.service' },
      }),
    ]);
  });

  it("accepts opentelemetry-proto's metrics example: sum, gauge, histogram", async () => {
    expect((await post('/v1/metrics', JSON.stringify(otlp.metrics))).status).toBe(200);
    expect(sim.telemetry.metrics('my.counter')[0]).toMatchObject({
      value: 5,
      count: 1,
      attributes: { 'my.counter.attr': 'some value' },
    });
    expect(sim.telemetry.metrics('my.gauge')[0]).toMatchObject({ value: 10 });
    expect(sim.telemetry.metrics('my.histogram')[0]).toMatchObject({ value: 3, count: 3 });
  });

  it.each(['badTraceId', 'resourceSpansNotArray'])(
    'refuses a request it cannot decode (%s) with 400 and a Status',
    async (name) => {
      const res = await post('/v1/traces', JSON.stringify(otlp.malformed[name]));
      expect(res).toMatchObject({ status: 400, body: { code: 3, message: expect.any(String) } });
      expect(sim.telemetry.spans).toHaveLength(0);
    },
  );

  it('refuses a body that is not JSON with 400, and protobuf (not served here) with 415', async () => {
    expect((await post('/v1/traces', otlp.malformed.notJson)).status).toBe(400);
    expect(
      (await post('/v1/traces', Buffer.from([0x0a, 0x00]), { 'content-type': 'application/x-protobuf' })).status,
    ).toBe(415);
  });
});
