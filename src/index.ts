/**
 * Entry point: reads the config, wires the parts, starts. With no BOT_ID it runs in local mode (src/local/):
 * the simulated tenant, the bot and the Agents Playground, one ready line, Ctrl-C stops them all.
 */
import { ConfigError, loadConfig, redactConfig } from './config';
import { describeError } from './core/errors';
import { isLocalMode, localModeEnv, onParentExit, readyLine, startLocalMode } from './local';
import { createLogger, writeStderrLine } from './logging';
import { readBuildInfo } from './telemetry';
import { startBot } from './wiring';

function exitOnConfigError(e: unknown): never {
  if (e instanceof ConfigError) {
    writeStderrLine('', e.message);
    process.exit(2);
  }
  throw e;
}

/** The first SIGINT/SIGTERM stops cleanly (a Ctrl-C reaches npm and node at once: repeats are ignored). */
function stopOn(close: () => Promise<void>, log: ReturnType<typeof createLogger>): (reason: string) => void {
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', /^SIG[A-Z]+$/.test(why) ? { signal: why } : { reason: why });
    setTimeout(() => process.exit(1), 10_000).unref();
    close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return stop;
}

async function main(): Promise<void> {
  const local = isLocalMode(process.env);
  let env: Record<string, string | undefined> = process.env;
  let config;
  try {
    if (local) env = localModeEnv(process.env).env;
    config = loadConfig(env);
  } catch (e) {
    exitOnConfigError(e);
  }
  const log = createLogger(config.logLevel);

  if (local) {
    const running = await startLocalMode({ config, env, log }).catch(exitOnConfigError);
    const stop = stopOn(running.close, log);
    onParentExit(() => stop('the process that started local mode has exited'));
    process.stdout.write(`\n${readyLine(running, process.uptime())}\n\n`);
    return;
  }
  const build = readBuildInfo(config.telemetry.commit);
  log.info('starting', { version: build.version, commit: build.commit, ...redactConfig(config) });
  const bot = await startBot(config, { log, build });
  stopOn(bot.close, log);
  log.info('ready', { url: `${bot.url}/api/messages`, mode: config.mode, store: bot.store.location });
}

// A promise nobody awaited must not take the bot down: write it (masked, as the log) and keep serving.
process.on('unhandledRejection', (reason) => {
  writeStderrLine('unhandled rejection: ', describeError(reason));
});

main().catch((e) => {
  writeStderrLine('startup failed: ', describeError(e));
  process.exit(1);
});
