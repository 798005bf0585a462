/**
 * `<DATA_DIR>/local-mode.json`: where a running local mode can be found (the simulated tenant's control URL,
 * the bot, the playground), so `npm run sim` works without copying URLs. Written when local mode is ready,
 * removed when it stops. Holds no secret: loopback URLs and process ids only.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface LocalModeState {
  pid: number;
  startedAt: string;
  bot: { endpoint: string };
  playground?: { url: string; pid: number };
  simulator: { controlUrl: string; authorityHost: string; graphBaseUrl: string };
}

export const stateFilePath = (dataDir: string) => join(resolve(dataDir), 'local-mode.json');

export function writeStateFile(dataDir: string, state: LocalModeState): string {
  mkdirSync(dataDir, { recursive: true });
  const path = stateFilePath(dataDir);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, path);
  return path;
}

export function readStateFile(dataDir: string): LocalModeState | undefined {
  try {
    return JSON.parse(readFileSync(stateFilePath(dataDir), 'utf8')) as LocalModeState;
  } catch {
    return undefined;
  }
}

/** Removes the file if it still describes this process (a newer local mode may have replaced it). */
export function removeStateFile(dataDir: string, pid = process.pid): void {
  if (readStateFile(dataDir)?.pid === pid) rmSync(stateFilePath(dataDir), { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
