/**
 * What an operator sees when the bot is deployed to App Service without DATABASE_URL: the real entry point
 * (`node dist/index.js`, as App Service starts it) with App Service's WEBSITE_INSTANCE_ID and its
 * DATA_DIR under /home stops at once with exit code 1 and ONE line on stderr that names DATABASE_URL.
 * Nothing is created under /home: the refusal comes before the data folder is made.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { ENTRY, ROOT, ensureBuilt } from '../support/build';

const TENANT = 'c5a1e0d2-7b3f-4e8a-9d6c-1f2e3a4b5c6d';

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=DEP0111', ENTRY], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the bot on App Service without DATABASE_URL', () => {
  beforeAll(() => ensureBuilt(), 150_000);

  it('refuses to start, with one line that names DATABASE_URL', async () => {
    const dataDir = `/home/ra-bot-test-${process.pid}/data`;
    const { code, stderr } = await run({
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      WEBSITE_INSTANCE_ID: 'e2b9f0c1a7d34c1b9a1d0f5e6c7b8a9d',
      BOT_ID: '8badf00d-aaaa-4bbb-8ccc-ddddeeeeffff',
      BOT_PASSWORD: 'not-a-real-secret',
      BOT_TENANT_ID: TENANT,
      BOT_TYPE: 'SingleTenant',
      ALLOWED_TENANT_IDS: TENANT,
      ADMIN_USER_IDS: '00000000-0000-4000-8000-00000000000a',
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'error',
    });
    expect(code).toBe(1);
    const lines = stderr.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^startup failed: /);
    expect(lines[0]).toContain(
      `The data folder ${dataDir} is under /home, which Azure App Service mounts from a network share (SMB)`,
    );
    expect(lines[0]).toContain('Set DATABASE_URL to a PostgreSQL database');
    expect(lines[0]).not.toContain('not-a-real-secret');
    expect(fs.existsSync(`/home/ra-bot-test-${process.pid}`)).toBe(false);
  });
});
