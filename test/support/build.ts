/**
 * dist/ as `npm start` builds it (tsc -p tsconfig.build.json), rebuilt only when a source is newer than the
 * last build. For the tests that run the bot as a real process (test/support/bot-process.ts, the local-mode
 * process tests); a lock folder in the temp directory keeps parallel jest workers from building at once.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
/** The production entry (what App Service runs). */
export const ENTRY = path.join(ROOT, 'dist/index.js');
/** What `npm start` runs after the build: local mode with no BOT_ID, the production entry with it. */
export const START = path.join(ROOT, 'dist/start.js');
/** Local mode's own entry. */
export const LOCAL_ENTRY = path.join(ROOT, 'dist/local/main.js');
const STAMP = path.join(ROOT, 'dist/.e2e-build-stamp');
const LOCK = path.join(os.tmpdir(), `ra-bot-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function fresh(): boolean {
  if (!fs.existsSync(ENTRY) || !fs.existsSync(STAMP)) return false;
  const sources = Math.max(
    newest(path.join(ROOT, 'src')),
    ...['tsconfig.json', 'tsconfig.build.json'].map((f) => fs.statSync(path.join(ROOT, f)).mtimeMs),
  );
  return fs.statSync(STAMP).mtimeMs >= sources;
}

export async function ensureBuilt(): Promise<void> {
  if (fresh()) return;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      const since = fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 120_000) fs.rmSync(LOCK, { recursive: true, force: true }); // left by a killed run
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${LOCK}`);
      await sleep(100);
    }
  }
  try {
    if (fresh()) return;
    const started = new Date();
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT }, (e, stdout) =>
        e ? reject(new Error(`build failed:\n${stdout}`)) : resolve(),
      ),
    );
    fs.writeFileSync(STAMP, '');
    fs.utimesSync(STAMP, started, started);
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}
