/**
 * Telemetry from real processes (what production runs): the bot's start line and /healthz carry the version and the
 * commit; OTLP/HTTP JSON reaches the simulated receiver over https with the simulator's CA (TRUSTED_CA_FILE), with
 * parents, links, resource and metrics, as `npm run sim -- traces` prints them. (The OTLP exporters import node:http
 * dynamically, which jest's sandbox cannot run: the exporting side lives in a child process.)
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { flatten, renderTrees, type Simulator } from '../../src/simulator';
import { ensureBuilt, killAllBots, startBotProcess, startProcessSimulator, writeCa } from '../support/bot-process';
import { ROOT } from '../support/build';

const COMMIT = 'fedcba9876543210fedcba9876543210fedcba98';
const VERSION = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;

let sim: Simulator;
let ca: { caFile: string; dir: string };
let dataDir: string;
beforeAll(async () => {
  [sim] = await Promise.all([startProcessSimulator(), ensureBuilt()]);
  ca = writeCa(sim);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ra-bot-telemetry-'));
}, 180_000);
afterAll(async () => {
  await killAllBots();
  await sim?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(ca.dir, { recursive: true, force: true });
});

it('the start line and /healthz give the version and the commit, and say where telemetry goes', async () => {
  const bot = await startBotProcess({
    sim,
    caFile: ca.caFile,
    dataDir,
    env: { BUILD_COMMIT: COMMIT, OTEL_EXPORTER_OTLP_ENDPOINT: sim.tokenServiceUrl },
  });
  const starting = bot.logs.find((l) => l.msg === 'starting');
  expect(starting).toMatchObject({
    version: VERSION,
    commit: COMMIT,
    telemetry: { exporter: 'otlp', otlpEndpoint: sim.tokenServiceUrl },
  });
  const res = await fetch(bot.url.replace(/\/api\/messages$/, '/healthz'));
  expect(await res.json()).toEqual({ status: 'ok', version: VERSION, commit: COMMIT });
  await bot.stop();
}, 60_000);

it('OTLP/HTTP JSON over https arrives with parents, links, resource and metrics', async () => {
  const requestId = randomUUID();
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    OTEL_EXPORTER_OTLP_ENDPOINT: sim.authorityHost,
    TRUSTED_CA_FILE: ca.caFile,
    BUILD_COMMIT: COMMIT,
    REQUEST_ID: requestId,
  };
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      [path.join(ROOT, 'test/support/telemetry-child.js')],
      { env, timeout: 30_000 },
      (e, stdout, stderr) => (e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout)),
    ),
  );
  const { traceId, rootSpanId, exporter } = JSON.parse(out) as {
    traceId: string;
    rootSpanId: string;
    exporter: string;
  };
  expect(exporter).toBe('otlp');
  // The child has shut down (flushed) before it printed: everything is here.
  const tree = sim.telemetry.trees().find((t) => t.span.traceId === traceId)!;
  expect(flatten(tree).map((s) => [s.name, s.kind, s.parentSpanId])).toEqual([
    ['teams.activity', 'SERVER', undefined],
    ['graph.request', 'CLIENT', rootSpanId],
  ]);
  expect(tree.children[0].span.attributes).toMatchObject({
    'graph.request_id': requestId,
    'http.response.status_code': 204,
  });
  expect(tree.span.resource).toMatchObject({
    'service.name': 'intune-remote-assistance-bot',
    'service.version': VERSION,
    'vcs.ref.head.revision': COMMIT,
  });
  expect(sim.telemetry.spans.find((s) => s.name === 'click.background')?.links).toEqual([
    { traceId, spanId: rootSpanId },
  ]);
  expect(sim.telemetry.metrics('bot.commands').at(-1)).toMatchObject({
    source: 'otlp',
    value: 1,
    attributes: { command: 'disconnect', outcome: 'confirm' },
  });
  // What `npm run sim -- traces` prints for it.
  const text = renderTrees([tree]).join('\n');
  expect(text).toMatch(
    /^ {2}teams\.activity server [\d.]+ ms {2}bot\.command=disconnect bot\.outcome=confirm teams\.activity\.type=message$/m,
  );
  expect(text).toMatch(
    /^ {4}└ graph\.request client [\d.]+ ms {2}http\.request\.method=POST url\.template=\/deviceManagement\/remoteAssistancePartners\/\{id\}\/disconnect http\.response\.status_code=204 graph\.request_id=/m,
  );
}, 60_000);
