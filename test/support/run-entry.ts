/**
 * Runs a built entry (`node <file>`) as a child process with a small environment of the test's making; stops
 * it (SIGTERM) once its stdout matches `until`, else lets it run to its end. With `recordModules`, Node itself
 * records every module file the process loaded (test/app-package/fixtures/record-modules.js, preloaded).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Module file -> the files it required. */
export type Graph = Record<string, string[]>;

export interface EntryRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Empty unless recordModules. */
  graph: Graph;
}

const TENANT = 'c5a1e0d2-7b3f-4e8a-9d6c-1f2e3a4b5c6d';
/** A valid Azure configuration (nothing real in it) for the production entry; add DATABASE_URL or DATA_DIR. */
export const AZURE: Record<string, string> = {
  BOT_ID: '8badf00d-aaaa-4bbb-8ccc-ddddeeeeffff',
  BOT_PASSWORD: 'not-a-real-secret',
  BOT_TENANT_ID: TENANT,
  ALLOWED_TENANT_IDS: TENANT,
  ADMIN_USER_IDS: '00000000-0000-4000-8000-00000000000a',
  HOST: '127.0.0.1',
  PORT: '0',
};

const RECORDER = path.resolve(__dirname, '../app-package/fixtures/record-modules.js');

export function runEntry(
  entry: string,
  env: Record<string, string>,
  o: { until?: RegExp; recordModules?: boolean; cwd?: string } = {},
): Promise<EntryRun> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ra-bot-entry-')), 'modules.json');
  const args = ['--disable-warning=DEP0111', ...(o.recordModules ? ['-r', RECORDER] : []), entry];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: o.cwd ?? path.dirname(entry),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', MODULES_OUT: out, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      if (o.until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const graph = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as Graph) : {};
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
      resolve({ code, stdout, stderr, graph });
    });
  });
}
