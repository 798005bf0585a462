/**
 * What the process writes outside the logger (src/index.ts, src/lifecycle.ts: a bad configuration, a failed start, a promise
 * nobody awaited) is masked as a log line is: no token, no Authorization header, no secret field.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeStderrLine } from '../src/logging';
import { ENTRY, ROOT, ensureBuilt } from './support/build';

// Looks like a JWT (three base64url parts, the first starting with eyJ): what the masking must catch.
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.c2lnbmF0dXJlLWJ5dGVz';

function lines(prefix: string, detail: unknown): string {
  let out = '';
  writeStderrLine(prefix, detail, (l) => (out += l));
  return out;
}

describe('writeStderrLine', () => {
  it('masks tokens in text, bearer values and secret fields, on one line', () => {
    expect(
      lines('startup failed: ', { name: 'Error', message: `token ${JWT} refused; Authorization: Bearer abc.def` }),
    ).toBe('startup failed: {"name":"Error","message":"token [jwt] refused; Authorization: Bearer [redacted]"}\n');
    expect(
      lines('unhandled rejection: ', { message: 'x', clientSecret: 'hunter2', nested: { accessToken: 'opaque' } }),
    ).toBe('unhandled rejection: {"message":"x","clientSecret":"[redacted]","nested":{"accessToken":"[redacted]"}}\n');
    expect(lines('', `GRAPH_BASE_URL must be an https URL (got "http://${JWT}@graph.example")`)).toBe(
      'GRAPH_BASE_URL must be an https URL (got "http://[jwt]@graph.example")\n',
    );
  });
});

function run(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=DEP0111', ENTRY], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('node dist/index.js', () => {
  beforeAll(() => ensureBuilt(), 150_000);
  const TENANT = 'c5a1e0d2-7b3f-4e8a-9d6c-1f2e3a4b5c6d';
  const azure = {
    BOT_ID: '8badf00d-aaaa-4bbb-8ccc-ddddeeeeffff',
    BOT_PASSWORD: 'not-a-real-secret',
    BOT_TENANT_ID: TENANT,
    ALLOWED_TENANT_IDS: TENANT,
    ADMIN_USER_IDS: '00000000-0000-4000-8000-00000000000a',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'error',
  };

  it('a configuration error that quotes a token-like value prints it masked', async () => {
    const { code, stderr } = await run({ ...azure, GRAPH_BASE_URL: `http://${JWT}@graph.example` });
    expect(code).toBe(2);
    expect(stderr).toContain('GRAPH_BASE_URL must be an https URL');
    expect(stderr).toContain('[jwt]');
    expect(stderr).not.toContain(JWT.split('.')[1]);
  });

  it('a failed start whose error quotes a token-like value prints it masked', async () => {
    // The data folder cannot be made (its parent is a file): the error names the path, which carries the "token".
    const dir = mkdtempSync(join(tmpdir(), 'ra-bot-stderr-'));
    const file = join(dir, `ra-bot-${JWT}`);
    writeFileSync(file, '');
    const { code, stderr } = await run({ ...azure, DATA_DIR: join(file, 'data') }).finally(() =>
      rmSync(dir, { recursive: true, force: true }),
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/^startup failed: /);
    expect(stderr).toContain('[jwt]');
    expect(stderr).not.toContain(JWT.split('.')[1]);
    expect(stderr).not.toContain('not-a-real-secret');
  });
});
