/**
 * Entry point: reads the config, wires the parts, starts the server. With no BOT_ID it runs in local mode
 * against the built-in simulated tenant.
 */
import { ConfigError, loadConfig, redactConfig } from './config';
import { describeError } from './core/errors';
import { localModeDefaults, withSimulator } from './local-mode';
import { createLogger } from './logging';
import { startSimulator, type Simulator } from './simulator';
import { startBot, type RunningBot } from './wiring';

async function main(): Promise<void> {
  const local = !(process.env.BOT_ID ?? '').trim();
  let config;
  try {
    config = loadConfig(local ? { ...localModeDefaults(), ...process.env } : process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  let sim: Simulator | undefined;
  let bot: RunningBot | undefined;
  const stop = async (signal: string) => {
    log.info('stopping', { signal });
    await bot?.close().catch(() => undefined);
    await sim?.close().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  if (local) {
    sim = await startSimulator({ port: Number(process.env.SIMULATOR_PORT ?? 0), tokenServicePort: Number(process.env.SIMULATOR_TOKEN_SERVICE_PORT ?? 0) });
    config = withSimulator(config, sim);
    log.info('simulated tenant started', { authorityHost: sim.authorityHost, tokenService: sim.tokenServiceUrl, control: `${sim.tokenServiceUrl}/_sim/state` });
  }
  log.info('starting', redactConfig(config));
  bot = await startBot(config, { log });
  log.info('ready', { url: `${bot.url}/api/messages`, mode: config.mode, store: bot.store.location });
}

main().catch((e) => {
  process.stderr.write(`startup failed: ${JSON.stringify(describeError(e))}\n`);
  process.exit(1);
});
