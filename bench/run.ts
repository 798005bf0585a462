/**
 * npm run bench: the bot (A: startBot in local mode, in its own process, against the simulator in another)
 * and the bare stack (B: restify + TeamsAdapter + an echoing teams-ai Application) under the same load of
 * realistic Teams activities from autocannon, in one run, on one machine. Prints throughput and latency,
 * the ratio A/B, the calls the bot makes per command (token endpoint, Graph, database, connector), memory
 * over repeated rounds and event-loop delay; checks its own figures and exits 1 when an invariant breaks.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_ADMIN_GROUP_ID } from '../src/simulator';
import { startRecordingConnector } from '../test/support/recording-connector';
import { TeamsClient } from '../test/support/teams';
import { parseArgs } from './args';
import type { BotFigures, BotStartArgs } from './bot-child';
import { evaluate, type Outcome } from './checks';
import { clickAnswerChecks, clickAnswerTable, measureClickAnswers, type ClickAnswerFigures } from './click-answer';
import { Child } from './ipc';
import { measureWatchScale, watchScaleTable } from './watch-scale';
import { fleetChecks, measureFleet, type FleetFigures } from './fleet';
import { runLoad } from './load';
import type { MemoryFigures, ProfileSummary } from './process-metrics';
import {
  callsTable,
  checksText,
  machine,
  memoryTable,
  profileText,
  throughputTable,
  tokenCacheText,
  type MemoryRound,
  type Phase,
} from './report';
import { Rig, type Target } from './rig';
import type { SimInfo, SimSnapshot, SimStartArgs, TelemetryCounts } from './sim-child';
import { ActivitySource, benchPartners, benchUsers, ConnectorTap, OPERATOR_OID, teamsUser } from './workloads';

const ROOT = path.resolve(__dirname, '../..');
const ARTIFACTS = path.join(ROOT, 'artifacts', 'bench');
const log = (s: string) => process.stdout.write(s + '\n');
const GET_TOKEN = 'tokenService GET GetToken';

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const startedAt = Date.now();
  mkdirSync(ARTIFACTS, { recursive: true });
  // The watch's figures need no bot: alone, they take seconds (bench/watch-scale.ts).
  const watchSizes = o.quick ? [10, 1_000] : [10, 1_000, 10_000];
  if (o.only.size === 1 && o.only.has('watch')) {
    log(
      `machine: ${machine()}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    log('watch: one poll with 20 partners changing at once, and telling every conversation:');
    log('\n' + watchScaleTable(await measureWatchScale(watchSizes, 20, log)));
    return 0;
  }
  log(
    `machine: ${machine()}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  // The fleet kill switch: its own simulator (50 customers) and bot, before the rest (bench/fleet.ts).
  let fleet: FleetFigures | undefined;
  if (o.only.has('fleet')) {
    log('fleet: status TeamViewer @all, then disconnect TeamViewer @all:');
    fleet = await measureFleet({ customers: 50, graphLatencyMs: 150, logLevel: o.logLevel, artifacts: ARTIFACTS }, log);
    if (o.only.size === 1) {
      const checks = fleetChecks(fleet);
      log(checksText('Invariants (a failure exits 1):', checks.invariants));
      log(checksText('Targets (a miss is reported, not failed):', checks.targets, 'miss'));
      return checks.invariants.every((c) => c.ok) ? 0 : 1;
    }
  }
  log(
    `run: ${o.quick ? 'quick, ' : ''}${o.users} users, ${o.partners} partners, Graph latency ${o.graphLatencyMs} ms, ${o.connections} connections, ${o.duration} s windows, ${o.ops} clicks, ${o.activities} activities in ${o.rounds} memory rounds`,
  );

  const people = benchUsers(o.users);
  const partners = benchPartners(o.partners);
  const connector = await startRecordingConnector();
  const sim = Child.start('simulator', path.join(__dirname, 'sim-child.js'));
  const bot = Child.start('bot', path.join(__dirname, 'bot-child.js'), ['--expose-gc', '--no-deprecation']);
  const base = Child.start('baseline', path.join(__dirname, 'baseline-child.js'), ['--no-deprecation']);
  try {
    const simInfo = await sim.call<SimInfo>('start', {
      users: [...people.users, people.operator],
      partners,
      graphLatencyMs: o.graphLatencyMs,
      operatorOid: OPERATOR_OID,
    } satisfies SimStartArgs);
    const botArgs: BotStartArgs = {
      sim: simInfo,
      // The sweeper's read (one statement an interval) is no command's: kept out of the per-command statement bound.
      env: {
        ADMIN_USER_IDS: people.idListed.join(','),
        ADMIN_GROUP_IDS: DEFAULT_ADMIN_GROUP_ID,
        LOG_LEVEL: o.logLevel,
        SWEEP_INTERVAL_SECONDS: '3600',
        // A bot of one tenant (local mode would serve the simulated MSP's three customers): the per-command statement
        // bounds are those of a tenant's own bot. With customers configured, a command also reads its conversation's
        // default customer (one statement more); the part `fleet` measures an MSP's bot.
        CUSTOMERS: '',
      },
      logFile: path.join(ARTIFACTS, 'bot.log'),
      connectorUrl: connector.url,
    };
    writeFileSync(botArgs.logFile, '');
    const urls = {
      A: (await bot.call<{ url: string }>('start', botArgs)).url,
      B: (await base.call<{ url: string }>('start')).url,
    };
    log(
      `addresses: bot ${urls.A}, baseline ${urls.B}, simulator ${simInfo.graphBaseUrl} (token service ${simInfo.tokenServiceUrl}), connector ${connector.url}; pids bot ${bot.pid}, baseline ${base.pid}, simulator ${sim.pid}`,
    );
    const teams = new TeamsClient({ serviceUrl: connector.url, botId: simInfo.botId });
    const users = people.users.map(teamsUser);
    const tap = new ConnectorTap(
      connector,
      new Map(users.map((u) => [String(teams.conversation(u, 'personal').id), u])),
    );
    const sources = {
      A: new ActivitySource(teams, users, partners, tap),
      B: new ActivitySource(teams, users, partners, tap, true),
    };
    const rig = new Rig({ A: bot, B: base }, sim, urls, tap, sources, o.graphLatencyMs, log);

    /** `amount` disconnects and a click on each card, in rounds of one per partner (Rig.disconnectAndClick). */
    const disconnectAndClick = async (target: Target, connections: number, amount: number, phases: Phase[]) => {
      phases.push(...(await rig.disconnectAndClick(target, connections, amount, partners.length)));
    };

    // 1. Cold start: every user's first command twice at once (a double send): one token request and at most
    //    one group check per user must come of it, however the requests interleave.
    const coldStart = Date.now();
    const simBeforeCold = await sim.call<SimSnapshot>('snapshot');
    const cold = await runLoad({
      url: urls.A,
      connections: Math.min(64, users.length * 2),
      amount: users.length * 2,
      next: (i) => ({
        kind: 'status',
        body: JSON.stringify(
          teams.message(users[Math.floor(i / 2) % users.length], `status ${partners[0].displayName}`),
        ),
      }),
    });
    await rig.settle('A');
    tap.take();
    const coldGetTokens =
      ((await sim.call<SimSnapshot>('snapshot')).byKind[GET_TOKEN] ?? 0) - (simBeforeCold.byKind[GET_TOKEN] ?? 0);
    log(
      `cold start: ${users.length} users x 2 concurrent status in ${((Date.now() - coldStart) / 1000).toFixed(1)} s, p99 ${cold.latency.p99} ms, failures ${JSON.stringify(cold.failures)}`,
    );
    const phases: Phase[] = [];

    // 2. Overhead at a realistic Graph latency, while every user's token and group answer are warm. The
    //    clients are spread across one latency, as people's commands are, instead of arriving in lockstep.
    if (o.only.has('overhead') && o.overheadLatencyMs > 0) {
      log(
        `overhead at Graph latency ${o.overheadLatencyMs} ms (one client, then 16 clients spread across one latency):`,
      );
      await rig.setLatency(o.overheadLatencyMs);
      rig.timing = true;
      const overhead: Phase[] = [];
      if (!o.quick) overhead.push(await rig.measure('A', 'status', 1, { duration: Math.min(o.duration, 5) }));
      rig.spread = true;
      overhead.push(await rig.measure('A', 'status', 16, { duration: o.duration }));
      await disconnectAndClick('A', 16, Math.max(50, Math.round(o.ops / 6)), overhead);
      rig.spread = false;
      rig.timing = false;
      phases.push(...overhead.map((p) => ({ ...p, purpose: 'overhead' as const })));
      await rig.setLatency(o.graphLatencyMs);
    }

    // 3. Typing indicators: teams-ai sends 'typing' after 1 s of a message turn, every second until the reply.
    //    Counted with Graph slower than that, one command at a time and 16 at once.
    if (o.only.has('typing') && !o.quick) {
      log('typing indicators at Graph latency 1500 ms (one at a time, then 16 at once):');
      await rig.setLatency(1500);
      for (const connections of [1, 16])
        phases.push({
          ...(await rig.measure('A', 'status', connections, { amount: connections === 1 ? 3 : 16 })),
          purpose: 'typing',
        });
      await rig.setLatency(o.graphLatencyMs);
    }

    // 3b. Click answer time at Graph latency 0, 150 ms and 8 s (bench/click-answer.ts).
    let clickAnswers: ClickAnswerFigures[] = [];
    if (o.only.has('clicks')) {
      log('click answer time (Disconnect clicks, each on its own card):');
      const n = o.quick ? 30 : 150;
      clickAnswers = await measureClickAnswers({
        rig,
        sim,
        connector,
        perRound: partners.length,
        clicks: { 0: n, 150: n, 8000: o.quick ? 4 : 8 },
        restoreLatencyMs: o.graphLatencyMs,
        warmUp: 16,
        log,
      });
    }

    // 4. Throughput: status in alternating A/B slices; then the other workloads, A then B.
    if (o.only.has('throughput')) {
      log(`throughput at Graph latency ${o.graphLatencyMs} ms:`);
      // Each settled: the baseline's last echoes, still in flight when its warm-up ends, must not reach A's window.
      for (const target of ['A', 'B'] as const) {
        await rig.load(target, o.connections, rig.next(target, 'status'), { duration: o.quick ? 1 : 2 });
        await rig.settle(target);
      }
      // Status in alternating slices of three: the bot with its user-token cache off (every turn asks the token
      // service, as before the cache), the baseline, the bot with the cache on. CPU per activity and A/B
      // before and after the cache, under the same conditions.
      phases.push(
        ...(await rig.alternated('status', o.connections, o.duration, o.quick ? 2 : 4, [
          { target: 'A', purpose: 'no token cache', before: () => bot.call('tokenCache', false) },
          { target: 'B' },
          { target: 'A', before: () => bot.call('tokenCache', true) },
        ])),
      );
      await bot.call('tokenCache', true); // the last slice may have been one without it
      for (const target of ['A', 'B'] as const) await disconnectAndClick(target, o.connections, o.ops, phases);
      // Partners back to onboarding before each of the bot's slices, so its disconnects get cards to click.
      phases.push(
        ...(await rig.interleaved('mix', o.connections, o.duration, o.quick ? 1 : 4, (t) =>
          t === 'A' ? sim.call('reonboard') : Promise.resolve(),
        )),
      );
    }

    // 4b. Telemetry's cost: status with the OpenTelemetry SDK off and on (OTLP/HTTP JSON to the simulator's receiver),
    //     in alternating slices of the same bot process, so that telemetry is the only difference.
    let telemetryReceived: TelemetryCounts | undefined;
    if (o.only.has('telemetry')) {
      log('telemetry: status with OpenTelemetry off and on (OTLP/HTTP to the simulator), alternating slices:');
      // Warm-up with the SDK on: its modules are loaded and compiled once, not in the first measured slice.
      await bot.call('telemetry', true);
      await rig.load('A', o.connections, rig.next('A', 'status'), { duration: 1 });
      await rig.settle('A');
      phases.push(
        ...(await rig.alternated('status', o.connections, o.duration, o.quick ? 2 : 4, [
          { target: 'A', purpose: 'telemetry off', before: () => bot.call('telemetry', false) },
          { target: 'A', purpose: 'telemetry on', before: () => bot.call('telemetry', true) },
        ])),
      );
      await bot.call('telemetry', false); // flushes what is buffered, then unregisters
      telemetryReceived = await sim.call<TelemetryCounts>('telemetryCounts');
    }

    // 5. Memory: rounds of the mix, a full GC after each.
    await rig.settle('A');
    const memBefore = await bot.call<MemoryFigures>('gc');
    const rounds: MemoryRound[] = [];
    const memPhases: Phase[] = [];
    const perRound = Math.ceil(o.activities / o.rounds);
    if (o.only.has('memory')) log(`memory: ${o.rounds} rounds, ${o.activities} activities:`);
    for (let r = 1; o.only.has('memory') && r <= o.rounds; r++) {
      await sim.call('reonboard');
      const p = await rig.measure('A', 'mix', o.connections, { amount: perRound });
      memPhases.push(p);
      rounds.push({
        round: r,
        activities: p.load.requests,
        rps: p.load.rps,
        p99: p.load.latency.p99,
        gc: await bot.call<MemoryFigures>('gc'),
      });
    }
    const memAfterNoGc = (await bot.call<BotFigures>('figures')).memory;

    // 6. Optional CPU profile of the bot (separate windows: the profiler costs throughput).
    const profiles: Record<string, ProfileSummary> = {};
    if (o.profile) {
      for (const workload of ['status', 'mix'] as const) {
        await bot.call('profileStart');
        await rig.measure('A', workload, o.connections, { duration: o.duration });
        profiles[workload] = await bot.call<ProfileSummary>(
          'profileStop',
          path.join(ARTIFACTS, `bot-${workload}.cpuprofile`),
        );
      }
    }

    const watchFigures = o.only.has('watch')
      ? (log('watch: one poll with 20 partners changing at once, and telling every conversation:'),
        await measureWatchScale(watchSizes, 20, log))
      : [];

    const finalSim = await sim.call<SimSnapshot>('snapshot');
    const elapsedSeconds = (Date.now() - coldStart) / 1000;
    const outcome: Outcome = evaluate({
      o,
      people,
      phases,
      memPhases,
      cold,
      coldGetTokens,
      finalSim,
      memBefore,
      rounds,
      elapsedSeconds,
    });
    outcome.invariants.push(...clickAnswerChecks(clickAnswers));
    if (fleet) {
      const checks = fleetChecks(fleet);
      outcome.invariants.push(...checks.invariants);
      outcome.targets.push(...checks.targets);
    }

    log('');
    log(`## Results (${new Date().toISOString()}, ${((Date.now() - startedAt) / 1000).toFixed(0)} s)`);
    log(
      `machine: ${machine()}; load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (other work on the machine shows here)`,
    );
    log('');
    log(throughputTable(phases));
    const cacheText = tokenCacheText(phases);
    if (cacheText) log('\n' + cacheText);
    log('');
    log(
      'Calls per command (A; simulator and store counted in their own processes; "posted msg/typing/PUT" = what the connector received):',
    );
    log(callsTable(phases));
    log('');
    if (clickAnswers.length) {
      log(
        'Click answer time (invoke sent to answer received; CLICK_ANSWER_MS 3000: above it "in progress", the card replaced when Graph is done):',
      );
      log(clickAnswerTable(clickAnswers));
      log('');
    }
    if (watchFigures.length) {
      log(
        'The watch: one poll with 20 partners changing at once, and telling every conversation (store statements; notifier answering at once):',
      );
      log(watchScaleTable(watchFigures));
      log('');
    }
    if (telemetryReceived) {
      const names = Object.entries(telemetryReceived.spanNames)
        .map(([n, c]) => `${n} ${c}`)
        .join(', ');
      log(
        `Telemetry received by the simulated OTLP receiver during the "telemetry on" slices: ${telemetryReceived.spans} spans (${names}), ${telemetryReceived.metrics} metric points`,
      );
      log('');
    }
    log(
      `Token endpoint: ${finalSim.discovery} discovery documents, OBO requests per distinct user: ${outcome.oboPerUser}`,
    );
    log('');
    log(
      `Bot memory (after a full GC; before ${o.activities} activities and after each round; without GC at the end: RSS ${(memAfterNoGc.rss / 1048576).toFixed(1)} MB, heap ${(memAfterNoGc.heapUsed / 1048576).toFixed(1)} MB):`,
    );
    log(memoryTable(memBefore, rounds));
    for (const [name, s] of Object.entries(profiles)) log('\n' + profileText(`CPU profile of the bot, ${name}`, s));
    log('');
    log(checksText('Invariants (a failure exits 1):', outcome.invariants));
    log(checksText('Targets (a miss is reported, not failed):', outcome.targets, 'miss'));
    const json = o.json ?? path.join(ARTIFACTS, 'latest.json');
    writeFileSync(
      json,
      JSON.stringify(
        {
          machine: machine(),
          options: o,
          cold,
          phases,
          clickAnswers,
          fleet,
          watchFigures,
          memPhases,
          memBefore,
          rounds,
          memAfterNoGc,
          finalSim: { ...finalSim },
          profiles,
          outcome,
        },
        null,
        1,
      ),
    );
    log(`figures: ${path.relative(process.cwd(), json)}`);
    return outcome.invariants.every((c) => c.ok) ? 0 : 1;
  } finally {
    await Promise.all([bot.stop(), base.stop(), sim.stop()]);
    await connector.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
