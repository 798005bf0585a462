/**
 * Local mode, started the way `npm start` starts it with no BOT_ID: the simulated tenant (with any
 * SIMULATOR_FAULTS), the bot on loopback with inbound auth off (the SAME wiring as production, pointed at
 * the simulator), and the Agents Playground pointed at the bot. The browser test calls this too.
 */
import type { Config } from '../config';
import { redactConfig } from '../config';
import type { Logger } from '../core/logger';
import { telemetryToSimulator, withSimulator } from './simulated-tenant';
import { startSimulator, type Simulator } from '../simulator';
import { readBuildInfo } from '../telemetry';
import { startBot, type RunningBot } from '../wiring';
import {
  PREFERRED_SIMULATOR_PORT,
  PREFERRED_SIMULATOR_TOKEN_SERVICE_PORT,
  readLocalOptions,
  type LocalOptions,
} from './local-env';
import { startPlayground, type RunningPlayground } from './playground';
import { applySimFaults, describeFaults } from './sim-control';
import { removeStateFile, writeStateFile } from './state-file';

export interface LocalModeOptions {
  /** Loaded from the local environment (localModeEnv). */
  config: Config;
  /** The same environment: local mode's own settings (LOCAL_PLAYGROUND, SIMULATOR_FAULTS, ...). */
  env: Record<string, string | undefined>;
  log: Logger;
}

export interface LocalMode {
  readonly options: LocalOptions;
  readonly sim: Simulator;
  readonly bot: RunningBot;
  readonly playground?: RunningPlayground;
  /** http://127.0.0.1:<port>/api/messages */
  readonly botEndpoint: string;
  /** The simulator's control base URL (GET /_sim/state, POST /_sim/reset, POST /_sim/faults). */
  readonly controlUrl: string;
  readonly stateFile: string;
  /** Stops the playground (its whole process group), the bot and the simulator. Idempotent. */
  close(): Promise<void>;
}

const inUse = (e: unknown) => (e as NodeJS.ErrnoException)?.code === 'EADDRINUSE';

/**
 * The preferred ports when they are free, otherwise free ones; ports set explicitly are kept (0 = any). Its token
 * service knows the OAuth connection by the bot's name for it (OAUTH_CONNECTION_NAME): it answers an unknown name as
 * the real one does, with no token.
 */
async function startLocalSimulator(o: LocalOptions, oauthConnectionName: string): Promise<Simulator> {
  try {
    return await startSimulator({
      port: o.simulatorPort ?? PREFERRED_SIMULATOR_PORT,
      tokenServicePort: o.simulatorTokenServicePort ?? PREFERRED_SIMULATOR_TOKEN_SERVICE_PORT,
      oauthConnectionName,
    });
  } catch (e) {
    if (!inUse(e)) throw e;
    try {
      return await startSimulator({
        port: o.simulatorPort ?? 0,
        tokenServicePort: o.simulatorTokenServicePort ?? 0,
        oauthConnectionName,
      });
    } catch (again) {
      if (!inUse(again)) throw again;
      throw new Error(
        `SIMULATOR_PORT ${o.simulatorPort ?? '(any)'} or SIMULATOR_TOKEN_SERVICE_PORT ${o.simulatorTokenServicePort ?? '(any)'} is in use; choose others or 0 for any`,
      );
    }
  }
}

export async function startLocalMode({ config, env, log }: LocalModeOptions): Promise<LocalMode> {
  const options = readLocalOptions(env);
  const sim = await startLocalSimulator(options, config.bot.oauthConnectionName);
  let bot: RunningBot | undefined;
  let playground: RunningPlayground | undefined;
  try {
    const controlUrl = sim.tokenServiceUrl;
    log.info('simulated tenant started', { authorityHost: sim.authorityHost, control: `${controlUrl}/_sim/state` });
    if (options.faults.length) {
      const faults = await applySimFaults(controlUrl, options.faults);
      log.info('simulator faults on (SIMULATOR_FAULTS)', { faults: faults ? describeFaults(faults) : [] });
    }
    const local = telemetryToSimulator(withSimulator(config, sim), env, sim);
    const build = readBuildInfo(local.telemetry.commit);
    log.info('starting', { version: build.version, commit: build.commit, ...redactConfig(local) });
    bot = await startBot(local, { log, build });
    const botEndpoint = `${bot.url}/api/messages`;
    if (options.playground) {
      playground = await startPlayground({
        botEndpoint,
        port: options.playgroundPort,
        user: options.playgroundUser,
        configPath: options.playgroundConfigPath,
        dataDir: options.dataDir,
        log,
      });
    }
    const stateFile = writeStateFile(options.dataDir, {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      bot: { endpoint: botEndpoint },
      playground: playground && { url: playground.url, pid: playground.pid },
      simulator: { controlUrl, authorityHost: sim.authorityHost, graphBaseUrl: sim.graphBaseUrl },
    });
    log.info('ready', {
      url: botEndpoint,
      mode: local.mode,
      store: bot.store.location,
      playground: playground?.url ?? '(off: LOCAL_PLAYGROUND=false)',
      playgroundUser: playground ? (options.playgroundUser?.name ?? options.playgroundConfigPath) : undefined,
      simulatorControl: controlUrl,
      stateFile,
    });
    const running = { bot, playground };
    let closing: Promise<void> | undefined;
    return {
      options,
      sim,
      bot,
      playground,
      botEndpoint,
      controlUrl,
      stateFile,
      close: () =>
        (closing ??= (async () => {
          await running.playground
            ?.close()
            .catch((e) => log.warn('stopping the playground failed', { error: String(e) }));
          await running.bot.close().catch((e) => log.warn('stopping the bot failed', { error: String(e) }));
          await sim.close().catch(() => undefined);
          removeStateFile(options.dataDir);
        })()),
    };
  } catch (e) {
    await playground?.close().catch(() => undefined);
    await bot?.close().catch(() => undefined);
    await sim.close().catch(() => undefined);
    throw e;
  }
}

/** The one line a person reads: where to click, what to type, how to stop. */
export function readyLine(local: LocalMode, seconds: number): string {
  const took = `Ready in ${seconds.toFixed(1)} s`;
  const tail = 'Simulated tenant: npm run sim -- state. Ctrl-C stops.';
  if (local.playground) {
    const who = local.options.playgroundUser?.name;
    return `${took}: open ${local.playground.url} in a browser and type "list"${who ? ` (you are ${who})` : ''}. ${tail}`;
  }
  return `${took}: the bot listens at ${local.botEndpoint} (local mode, no playground). ${tail}`;
}
