/**
 * The bot under test, alone in its process (so its memory and CPU are its own): the same startBot as
 * `npm start`, in local mode pointed at the simulator process. The figures the runner needs (store
 * statements, memory, GC, event-loop delay, a CPU profile) are answered over IPC by this wrapper; the bot
 * itself gets no extra route.
 */
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { localModeDefaults, withSimulator } from '../src/local/simulated-tenant';
import { createLogger } from '../src/logging';
import type { Simulator } from '../src/simulator';
import type { StoreStats } from '../src/store';
import { readBuildInfo, startTelemetry, type TelemetryHandle } from '../src/telemetry';
import { startBot, type RunningBot } from '../src/wiring';
import { serve } from './ipc';
import {
  collectGarbage,
  cpuProfiler,
  processMetrics,
  summarizeProfile,
  type MemoryFigures,
  type ProcessFigures,
  type ProfileSummary,
} from './process-metrics';
import type { SimInfo } from './sim-child';
import { peerClassifier, turnTiming, type TimingFigures } from './turn-timing';

export interface BotStartArgs {
  sim: SimInfo;
  /** Environment on top of the local-mode defaults (who is admin, LOG_LEVEL, ...). */
  env: Record<string, string>;
  /** Where the JSON log lines go (a file: production writes them to stdout for the host to collect). */
  logFile: string;
  /** The recording connector (the activities' serviceUrl), to tell its waits from the others. */
  connectorUrl: string;
}

export interface BotFigures extends ProcessFigures {
  store: StoreStats;
  timing: TimingFigures;
}

let bot: RunningBot | undefined;
let dataDir: string | undefined;
let simInfo: SimInfo | undefined;
let log: ReturnType<typeof createLogger> | undefined;
/** OpenTelemetry switched on by the bench (the bot starts with it off): OTLP/HTTP to the simulator's receiver. */
let telemetry: TelemetryHandle | undefined;
let timing: ReturnType<typeof turnTiming> | undefined;
const metrics = processMetrics();
const profiler = cpuProfiler();

serve({
  async start(args: BotStartArgs): Promise<{ url: string }> {
    timing = turnTiming(
      peerClassifier({ sim: [args.sim.graphBaseUrl, args.sim.tokenServiceUrl], connector: args.connectorUrl }),
    );
    dataDir = mkdtempSync(join(tmpdir(), 'ra-bot-bench-'));
    const config = loadConfig({ ...localModeDefaults(), PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...args.env });
    // withSimulator reads only the simulator's addresses, CA and credentials: the simulator runs elsewhere.
    const simLike = args.sim as unknown as Simulator;
    const out = createWriteStream(args.logFile, { flags: 'a' });
    log = createLogger(config.logLevel, (line) => out.write(line + '\n'));
    simInfo = args.sim;
    bot = await startBot(withSimulator(config, simLike), { log });
    return { url: bot.url };
  },
  /**
   * The telemetry SDK on (exporting OTLP/HTTP JSON to the simulator, spans batched and metrics every 5 s, as a
   * deployment would) or off (unregistered: the API is a no-op again). The same bot, so that only telemetry differs.
   */
  async telemetry(on: boolean): Promise<boolean> {
    if (!bot || !simInfo || !log) throw new Error('not started');
    if (on && !telemetry) {
      const config = {
        exporter: 'otlp' as const,
        otlpEndpoint: simInfo.tokenServiceUrl.replace(/\/+$/, ''),
        metricExportIntervalMs: 5_000,
      };
      telemetry = startTelemetry({ config, build: readBuildInfo(), log });
    } else if (!on && telemetry) {
      await telemetry.shutdown();
      telemetry = undefined;
    }
    return on;
  },
  /** The user-token cache (bot/user-token-cache.ts) on or off: the status windows before and after it. */
  tokenCache(on: boolean): boolean {
    if (!bot) throw new Error('not started');
    bot.userTokens.enabled = on;
    return on;
  },
  timing(on: boolean): boolean {
    timing?.enable(on);
    return on;
  },
  figures(reset?: boolean): BotFigures {
    if (!bot) throw new Error('not started');
    return { ...metrics.figures(Boolean(reset)), store: bot.store.stats(), timing: timing!.figures(Boolean(reset)) };
  },
  async gc(): Promise<MemoryFigures> {
    const m = await collectGarbage();
    if (dataDir) m.dbFiles = readdirSync(dataDir).reduce((sum, f) => sum + statSync(join(dataDir!, f)).size, 0);
    return m;
  },
  profileStart(): Promise<void> {
    return profiler.start();
  },
  async profileStop(file?: string): Promise<ProfileSummary> {
    const profile = await profiler.stop();
    const summary = summarizeProfile(profile);
    if (file) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      summary.file = file;
    }
    return summary;
  },
  async stop(): Promise<void> {
    await telemetry?.shutdown();
    await bot?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    setImmediate(() => process.exit(0));
  },
});
