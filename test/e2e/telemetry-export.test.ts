/**
 * A disconnect's telemetry end to end, as an operator would find it in Application Insights: the real bot
 * (startBot) with APPLICATIONINSIGHTS_CONNECTION_STRING exports through the Azure Monitor exporter to the simulated
 * ingestion endpoint (v2.1/track, https with the simulator's CA), which keeps what arrived (test/contracts holds
 * it to Microsoft's envelope models). An admin asks, clicks Disconnect while Graph holds the call, the click is
 * answered "in progress" and finishes in the background: the message and the click are one trace each with their
 * token, Entra, Graph, store and connector calls as children; the background finish is a trace of its own linked
 * to the click; the Graph span carries Graph's request-id; the metrics arrive; nothing secret goes with them.
 * OTLP: telemetry-process.test.ts (in real processes: the OTLP exporters cannot load inside jest).
 */
import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { flatten, type SimSpan, type Simulator } from '../../src/simulator';
import { waitFor } from '../support/bot-process';
import { startHarness, type Harness } from '../support/harness';
import { actionsOf, cardOf, cardText } from '../support/teams';

// Microsoft's own SDK statistics would go to Microsoft's endpoint, which this offline machine cannot reach.
process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const SECRETS = (h: Harness) => [h.sim.clientSecret];
const JWT = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;

/** The spans of one trace as the ingestion endpoint received them, root first. */
function traceOf(sim: Simulator, traceId: string): SimSpan[] {
  const tree = sim.telemetry.trees().find((t) => t.span.traceId === traceId);
  return tree ? flatten(tree) : [];
}
const rootOf = (sim: Simulator, activityId: string) =>
  sim.telemetry.spans.find((s) => s.name === 'teams.activity' && s.attributes['teams.activity.id'] === activityId);

describe('APPLICATIONINSIGHTS_CONNECTION_STRING set: a disconnect as the ingestion endpoint receives it', () => {
  let h: Harness;
  const ikey = randomUUID();
  beforeAll(async () => {
    h = await startHarness({
      // A short answer window, so that a held disconnect makes the click finish in the background.
      env: { BUILD_COMMIT: COMMIT, OTEL_METRIC_EXPORT_INTERVAL: '60000', CLICK_ANSWER_MS: '300' },
      envFromSim: (sim) => ({
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${ikey};IngestionEndpoint=${sim.authorityHost}/;LiveEndpoint=${sim.authorityHost}/`,
      }),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('message, click and background finish: one trace each, the calls in them, the link, the request-id, the resource', async () => {
    expect(h.bot.telemetry.exporter).toBe('azure-monitor');
    const alex = h.user('Alex Wilber');
    const message = h.teams.message(alex, 'disconnect TeamViewer', { where: 'personal' });
    expect((await h.post(message)).status).toBe(200);
    const asked = h.connector.messages().at(-1)!;
    const held = h.sim.faults.holdNextDisconnect();
    const confirm = actionsOf(cardOf(asked.activity)!).find((a) => a.verb === 'op.confirm')!;
    const click = h.teams.action(alex, confirm.verb, confirm.data, asked.id!, { where: 'personal' });
    const answer = await h.post(click);
    expect(cardText(answer.body.value)).toMatch(/in progress/i);
    await held.reached;
    held.release('complete');
    await waitFor(
      'the card replaced with the result',
      () =>
        h.connector
          .updates()
          .find((u) => u.activityId === asked.id && /^Disconnected$/m.test(cardText(cardOf(u.activity)))),
      15_000,
    );
    await waitFor('the background finish to end', () => h.logs.some((l) => l.includes('"slow click ended"')));
    await h.bot.telemetry.flush();

    // The message: a request (SERVER) with its dependencies as children.
    const turn = await h.sim.telemetry.waitFor(() => rootOf(h.sim, String(message.id)));
    expect(turn).toMatchObject({ source: 'appinsights', kind: 'SERVER', parentSpanId: undefined });
    expect(turn.attributes).toMatchObject({ 'bot.command': 'disconnect', 'bot.outcome': 'confirm' });
    const asking = traceOf(h.sim, turn.traceId);
    for (const name of ['teams.token_service', 'entra.obo', 'graph.request', 'store.statement', 'teams.connector']) {
      const children = asking.filter((s) => s.name === name);
      expect({
        name,
        children: children.length > 0,
        parents: [...new Set(children.map((c) => c.parentSpanId))],
      }).toEqual({ name, children: true, parents: [turn.spanId] });
    }

    // The click: its trace holds the Graph POST, with Graph's own request-id.
    const clicked = await h.sim.telemetry.waitFor(() => rootOf(h.sim, String(click.id)));
    expect(clicked.attributes).toMatchObject({ 'bot.command': 'op.confirm' });
    // (The exporter moves the HTTP method and status out of the properties into the envelope's own fields.)
    const post = await h.sim.telemetry.waitFor(() =>
      traceOf(h.sim, clicked.traceId).find(
        (s) =>
          s.name === 'graph.request' &&
          s.attributes['url.template'] === '/deviceManagement/remoteAssistancePartners/{id}/disconnect',
      ),
    );
    expect(post).toMatchObject({ kind: 'CLIENT', parentSpanId: clicked.spanId });
    expect(post.attributes['http.response.status_code']).toBe(204);
    const graphPost = h.sim.calls.find(
      (c) => c.service === 'graph' && c.method === 'POST' && c.path.endsWith('/disconnect'),
    )!;
    expect(post.attributes).toMatchObject({
      'url.template': '/deviceManagement/remoteAssistancePartners/{id}/disconnect',
    });
    // The request-id Graph (the simulator) answered with, as an operator would quote it to Microsoft support.
    expect(graphPost.requestId).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(post.attributes['graph.request_id']).toBe(graphPost.requestId);

    // The background finish: a trace of its own, linked to the click.
    const background = await h.sim.telemetry.waitFor(() =>
      h.sim.telemetry.spans.find((s) => s.name === 'click.background'),
    );
    expect(background.traceId).not.toBe(clicked.traceId);
    expect(background.links).toEqual([{ traceId: clicked.traceId, spanId: clicked.spanId }]);

    // The resource: the cloud role is the service; version and commit travel with the telemetry.
    const request = h.sim.telemetry.envelopes.find((e) => (e.data as { baseType?: string }).baseType === 'RequestData');
    expect(request).toMatchObject({ iKey: ikey, tags: { 'ai.cloud.role': 'intune-remote-assistance-bot' } });
    const resource = h.sim.telemetry.metrics('_OTELRESOURCE_')[0];
    expect(resource?.attributes).toMatchObject({
      'service.version': h.bot.build.version,
      'vcs.ref.head.revision': COMMIT,
    });
  }, 30_000);

  it('sends the metrics (MetricData envelopes named as the instruments, attributes as properties)', async () => {
    await h.bot.telemetry.flush();
    const commands = await h.sim.telemetry.waitFor((t) =>
      t.metrics('bot.commands').find((m) => m.attributes.command === 'disconnect'),
    );
    expect(commands).toMatchObject({
      source: 'appinsights',
      value: 1,
      attributes: { command: 'disconnect', outcome: 'confirm' },
    });
    expect(h.sim.telemetry.metrics('bot.click.answer_time').at(-1)).toMatchObject({
      count: 1,
      attributes: { answered: 'in_progress' },
    });
    expect(h.sim.telemetry.metrics('bot.operations').at(-1)).toMatchObject({
      value: 1,
      attributes: { kind: 'disconnect', outcome: 'succeeded', settled_by: 'graph' },
    });
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
