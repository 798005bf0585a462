// A separate Node process that records one turn's telemetry through the global @opentelemetry/api, with the bot's
// own telemetry room from dist/ (startTelemetry, configured from this process's environment as the bot is), then
// shuts down (which flushes). For the OTLP e2e: the OTLP exporters load node:http(s) with a dynamic import(), which
// jest's module sandbox cannot run, so they are proven in a real process. Prints {traceId, rootSpanId} on stdout.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const { metrics, SpanKind, trace } = require(path.join(ROOT, 'node_modules/@opentelemetry/api'));
const { readTelemetryConfig } = require(path.join(ROOT, 'dist/telemetry/config.js'));
const { readBuildInfo, startTelemetry } = require(path.join(ROOT, 'dist/telemetry/index.js'));

async function main() {
  const problems = [];
  const config = readTelemetryConfig(process.env, problems);
  if (problems.length) throw new Error(problems.join('; '));
  const ca = process.env.TRUSTED_CA_FILE ? fs.readFileSync(process.env.TRUSTED_CA_FILE, 'utf8') : undefined;
  const log = {
    debug() {},
    info() {},
    warn: (m, f) => process.stderr.write(`${m} ${JSON.stringify(f)}\n`),
    error: (m, f) => process.stderr.write(`${m} ${JSON.stringify(f)}\n`),
  };
  const telemetry = startTelemetry({ config, build: readBuildInfo(config.commit), log, ca });
  const tracer = trace.getTracer('intune-ra-bot');
  let ids;
  tracer.startActiveSpan(
    'teams.activity',
    { kind: SpanKind.SERVER, attributes: { 'teams.activity.type': 'message', 'bot.command': 'disconnect' } },
    (root) => {
      ids = { traceId: root.spanContext().traceId, rootSpanId: root.spanContext().spanId };
      const graph = tracer.startSpan('graph.request', {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': 'POST',
          'url.template': '/deviceManagement/remoteAssistancePartners/{id}/disconnect',
          'graph.request_id': process.env.REQUEST_ID,
        },
      });
      graph.setAttribute('http.response.status_code', 204);
      graph.end();
      root.setAttribute('bot.outcome', 'confirm');
      root.end();
    },
  );
  tracer
    .startSpan('click.background', {
      root: true,
      links: [{ context: { traceId: ids.traceId, spanId: ids.rootSpanId, traceFlags: 1 } }],
    })
    .end();
  metrics.getMeter('intune-ra-bot').createCounter('bot.commands').add(1, { command: 'disconnect', outcome: 'confirm' });
  await telemetry.shutdown();
  process.stdout.write(JSON.stringify({ ...ids, exporter: telemetry.exporter }));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
