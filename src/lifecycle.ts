/**
 * What both entries share: which one `npm start` runs, a configuration error as one line and exit 2, a clean
 * stop on SIGINT/SIGTERM, and the last word on a failed start. No room of its own: the production entry
 * (index.ts) and local mode's (local/main.ts) both use it, so it imports neither.
 */
import { ConfigError } from './config';
import { describeError } from './core/errors';
import type { Logger } from './core/logger';
import { writeStderrLine } from './logging';

type Env = Record<string, string | undefined>;

/** No BOT_ID: local mode (the simulated tenant and the Agents Playground); with one, the bot against Azure. */
export const isLocalMode = (env: Env): boolean => !(env.BOT_ID ?? '').trim();

export function exitOnConfigError(e: unknown): never {
  if (e instanceof ConfigError) {
    writeStderrLine('', e.message);
    process.exit(2);
  }
  throw e;
}

/** The first SIGINT/SIGTERM stops cleanly (a Ctrl-C reaches npm and node at once: repeats are ignored). */
export function stopOn(close: () => Promise<void>, log: Logger): (reason: string) => void {
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

/** Runs an entry's main: a promise nobody awaited does not take the bot down; a failed start exits 1. */
export function runEntry(main: () => Promise<void>): void {
  // Written masked, as the log is, and the bot keeps serving.
  process.on('unhandledRejection', (reason) => {
    writeStderrLine('unhandled rejection: ', describeError(reason));
  });
  main().catch((e) => {
    writeStderrLine('startup failed: ', describeError(e));
    process.exit(1);
  });
}
