/**
 * Local mode as `npm start` starts it (the same localModeEnv + loadConfig + startLocalMode), in the test
 * process, on free ports (bot, simulator and playground) with its own data folder, and with the committed
 * env/local-mode.env applied. The bot's log lines are kept for the artifacts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../../src/config';
import { localModeEnv, readyLine, startLocalMode, type LocalMode } from '../../../src/local';
import { createLogger } from '../../../src/logging';

export const ROOT = resolve(__dirname, '../../..');
export const ARTIFACTS = join(ROOT, 'artifacts', 'browser');

export interface LocalStack {
  local: LocalMode;
  /** http://127.0.0.1:<port> of the playground. */
  url: string;
  readyLine: string;
  startupMs: number;
  logs: string[];
  dataDir: string;
  /** Writes the bot's log and the playground's log to artifacts/browser/<label>-*.log. */
  saveLogs(label: string): void;
  close(): Promise<void>;
}

export async function startLocalStack(env: Record<string, string> = {}): Promise<LocalStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ra-bot-local-'));
  const logs: string[] = [];
  const started = Date.now();
  const { env: merged } = localModeEnv({
    DATA_DIR: dataDir,
    PORT: '0',
    SIMULATOR_PORT: '0',
    SIMULATOR_TOKEN_SERVICE_PORT: '0',
    LOCAL_PLAYGROUND_PORT: '0',
    LOG_LEVEL: 'debug',
    ...env,
  });
  const log = createLogger('debug', (line) => logs.push(line));
  let local: LocalMode;
  try {
    local = await startLocalMode({ config: loadConfig(merged), env: merged, log });
  } catch (e) {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'startup-failure-bot.log'), logs.join('\n') + '\n');
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const startupMs = Date.now() - started;
  if (!local.playground) throw new Error('the playground did not start');
  return {
    local,
    url: local.playground.url,
    readyLine: readyLine(local, startupMs / 1000),
    startupMs,
    logs,
    dataDir,
    saveLogs(label) {
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, `${label}-bot.log`), logs.join('\n') + '\n');
      const playgroundLog = join(dataDir, 'playground', 'playground.log');
      if (existsSync(playgroundLog)) copyFileSync(playgroundLog, join(ARTIFACTS, `${label}-playground.log`));
    },
    async close() {
      await local.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
