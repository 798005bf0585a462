/**
 * Local mode's entry (`npm start` with no BOT_ID, through start.ts; or `node dist/local/main.js`): the
 * simulated tenant, the bot and the Agents Playground, one ready line, Ctrl-C stops them all. Its log is readable
 * lines on a terminal and JSON lines otherwise (LOG_FORMAT); the production entry always writes JSON.
 */
import { loadConfig } from '../config';
import { exitOnConfigError, runEntry, stopOn } from '../lifecycle';
import { createLogger, logFormatFor } from '../logging';
import { localModeEnv } from './local-env';
import { readyLine, startLocalMode } from './launcher';
import { onParentExit } from './parent-watch';

async function main(): Promise<void> {
  let env: Record<string, string | undefined> = process.env;
  let config;
  try {
    env = localModeEnv(process.env).env;
    config = loadConfig(env);
  } catch (e) {
    exitOnConfigError(e);
  }
  // A person reads it on a terminal; JSON lines when piped (the tests, a file) or LOG_FORMAT=json.
  const log = createLogger(config.logLevel, undefined, logFormatFor(config.logFormat, process.stdout.isTTY));
  const running = await startLocalMode({ config, env, log }).catch(exitOnConfigError);
  const stop = stopOn(running.close, log);
  onParentExit(() => stop('the process that started local mode has exited'));
  process.stdout.write(`\n${readyLine(running, process.uptime())}\n\n`);
}

runEntry(main);
