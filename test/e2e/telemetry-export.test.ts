/**
 * The telemetry plumbing end to end (OTLP: telemetry-process.test.ts, in real processes): the real bot (startBot) configured by its environment exports whatever the
 * global OpenTelemetry API records to the simulated Application Insights ingestion endpoint (v2.1/track, over
 * https with the simulator's CA) or to the simulated OTLP/HTTP receiver, and nothing secret goes with it.
 *
 * The bot's own spans and metrics come from the rooms' instrumentation (issue 17, otel-instrument); here the test
 * records through the same global API they use, inside a real turn of the running bot, so what is proven is the
 * plumbing: resource, parent links, span links, attributes, metrics, flush on demand and at shutdown.
 */
import { randomUUID } from 'node:crypto';
import { metrics, SpanKind, trace, type Span } from '@opentelemetry/api';
import { flatten, type SimSpan, type Simulator } from '../../src/simulator';
import { startHarness, type Harness } from '../support/harness';

// Microsoft's own SDK statistics would go to Microsoft's endpoint, which this offline machine cannot reach.
process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const SECRETS = (h: Harness) => [h.sim.clientSecret];
const JWT = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;

/** What an instrumented room records for one turn: a SERVER root, a CLIENT child (Graph), a linked background root. */
function recordTurn(requestId: string): { traceId: string; rootSpanId: string } {
  const tracer = trace.getTracer('intune-ra-bot');
  const meter = metrics.getMeter('intune-ra-bot');
  let ids = { traceId: '', rootSpanId: '' };
  tracer.startActiveSpan('teams.activity', { kind: SpanKind.SERVER, attributes: { 'teams.activity.type': 'message', 'bot.command': 'disconnect' } }, (root: Span) => {
    ids = { traceId: root.spanContext().traceId, rootSpanId: root.spanContext().spanId };
    const graph = tracer.startSpan('graph.request', { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'POST', 'url.template': '/deviceManagement/remoteAssistancePartners/{id}/disconnect', 'graph.request_id': requestId } });
    graph.setAttribute('http.response.status_code', 204);
    graph.end();
    root.setAttribute('bot.outcome', 'confirm');
    root.end();
  });
  tracer.startSpan('click.background', { root: true, kind: SpanKind.INTERNAL, links: [{ context: { traceId: ids.traceId, spanId: ids.rootSpanId, traceFlags: 1 } }] }).end();
  meter.createCounter('bot.commands').add(1, { command: 'disconnect', outcome: 'confirm' });
  meter.createHistogram('bot.click.answer_time', { unit: 'ms' }).record(42, { answered: 'result' });
  return ids;
}

function traceOf(sim: Simulator, traceId: string): SimSpan[] {
  const tree = sim.telemetry.trees().find((t) => t.span.traceId === traceId);
  return tree ? flatten(tree) : [];
}

/** The bot runs a real turn (Graph, store, connector) with telemetry on, then the test records its trace. */
async function runTurnAndRecord(h: Harness): Promise<{ traceId: string; rootSpanId: string; requestId: string }> {
  const { card } = await h.say(h.user('Alex Wilber'), 'disconnect TeamViewer');
  expect(JSON.stringify(card)).toContain('TeamViewer Connector');
  const requestId = randomUUID();
  return { ...recordTurn(requestId), requestId };
}

describe('APPLICATIONINSIGHTS_CONNECTION_STRING set: Azure Monitor exporter to the simulated ingestion endpoint', () => {
  let h: Harness;
  const ikey = randomUUID();
  beforeAll(async () => {
    h = await startHarness({
      env: { BUILD_COMMIT: COMMIT, OTEL_METRIC_EXPORT_INTERVAL: '60000' },
      envFromSim: (sim) => ({ APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${ikey};IngestionEndpoint=${sim.authorityHost}/;LiveEndpoint=${sim.authorityHost}/` }),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sends request and dependency envelopes with parent links, the Graph request-id and the resource', async () => {
    expect(h.bot.telemetry.exporter).toBe('azure-monitor');
    const { traceId, rootSpanId, requestId } = await runTurnAndRecord(h);
    await h.bot.telemetry.flush();
    const spans = await h.sim.telemetry.waitFor(() => {
      const got = traceOf(h.sim, traceId);
      return got.length === 2 ? got : undefined;
    });
    const [root, graph] = spans;
    expect(root).toMatchObject({ source: 'appinsights', name: 'teams.activity', kind: 'SERVER', spanId: rootSpanId, parentSpanId: undefined });
    expect(root.attributes).toMatchObject({ 'bot.command': 'disconnect', 'bot.outcome': 'confirm' });
    expect(graph).toMatchObject({ name: 'graph.request', kind: 'CLIENT', parentSpanId: rootSpanId });
    expect(graph.attributes['graph.request_id']).toBe(requestId);
    // The background root is a trace of its own, linked to the turn.
    const background = h.sim.telemetry.spans.find((s) => s.name === 'click.background');
    expect(background?.traceId).not.toBe(traceId);
    expect(background?.links).toEqual([{ traceId, spanId: rootSpanId }]);
    // The resource: the cloud role is the service, the version and commit travel with every envelope.
    const request = h.sim.telemetry.envelopes.find((e) => (e.data as { baseType?: string }).baseType === 'RequestData');
    expect(request).toMatchObject({ iKey: ikey, tags: { 'ai.cloud.role': 'intune-remote-assistance-bot', 'ai.operation.id': traceId } });
    const resource = h.sim.telemetry.metrics('_OTELRESOURCE_')[0];
    expect(resource?.attributes).toMatchObject({ 'service.version': h.bot.build.version, 'vcs.ref.head.revision': COMMIT });
  });

  it('sends the metrics (MetricData envelopes named as the instruments, attributes as properties)', async () => {
    await h.bot.telemetry.flush();
    const commands = await h.sim.telemetry.waitFor((t) => t.metrics('bot.commands').at(-1));
    expect(commands).toMatchObject({ source: 'appinsights', value: 1, attributes: { command: 'disconnect', outcome: 'confirm' } });
    expect(h.sim.telemetry.metrics('bot.click.answer_time').at(-1)).toMatchObject({ value: 42, count: 1, attributes: { answered: 'result' } });
  });

  it('sends no secret, no token, and never logs the connection string', () => {
    const sent = JSON.stringify(h.sim.telemetry.envelopes);
    for (const secret of SECRETS(h)) expect(sent).not.toContain(secret);
    expect(sent).not.toMatch(JWT);
    const logs = h.logs.join('\n');
    expect(logs).not.toContain(ikey);
    expect(logs).toContain('"exporter":"azure-monitor"');
  });

  it('answers /healthz with the version and the commit', async () => {
    const res = await fetch(`${h.bot.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: h.bot.build.version, commit: COMMIT });
    expect(h.bot.build.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('nothing configured', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('exports nothing and the API records into a no-op', async () => {
    expect(h.bot.telemetry.exporter).toBe('none');
    const span = trace.getTracer('intune-ra-bot').startSpan('teams.activity');
    expect(span.isRecording()).toBe(false);
    span.end();
    await h.say(h.user('Alex Wilber'), 'list');
    expect(h.sim.telemetry.spans).toHaveLength(0);
    expect(h.sim.telemetry.metrics()).toHaveLength(0);
  });
});
