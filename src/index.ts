/**
 * The production entry (`node dist/index.js`, what App Service starts): reads the config, wires the parts,
 * starts. Azure configuration only: it loads neither local mode nor the simulated tenant (eslint.config.js
 * forbids it; test/app-package/entries.test.ts proves it on the built module graph). Local mode has its own
 * entry, local/main.ts; `npm start` chooses between the two (start.ts).
 */
import { loadConfig, redactConfig } from './config';
import { exitOnConfigError, isLocalMode, runEntry, stopOn } from './lifecycle';
import { createLogger, writeStderrLine } from './logging';
import { readBuildInfo } from './telemetry';
import { startBot } from './wiring';

/** Said when the production entry is started without Azure configuration. */
export const NO_BOT_ID_LINE =
  'BOT_ID is not set: node dist/index.js runs the bot against Azure only. For local mode (the simulated tenant and the Agents Playground) run npm start, or node dist/local/main.js after npm run build.';

async function main(): Promise<void> {
  if (isLocalMode(process.env)) {
    writeStderrLine('', NO_BOT_ID_LINE);
    process.exit(2);
  }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    exitOnConfigError(e);
  }
  const log = createLogger(config.logLevel, undefined, 'json'); // the cloud reads JSON lines, whatever the terminal
  const build = readBuildInfo(config.telemetry.commit);
  log.info('starting', { version: build.version, commit: build.commit, ...redactConfig(config) });
  const bot = await startBot(config, { log, build });
  stopOn(bot.close, log);
  log.info('ready', { url: `${bot.url}/api/messages`, mode: config.mode, store: bot.store.location });
}

runEntry(main);
