/**
 * `npm run bundle`: the folder `teamsapp deploy` uploads, made for real from the built dist/ and the npm cache
 * (about 10 s). It holds dist/ without local mode or the simulated tenant, package.json, package-lock.json and
 * production node_modules only: no devDependency, no better-sqlite3 (the cloud store is PostgreSQL). The bot
 * starts from the folder alone.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshSchema } from '../support/bot-process';
import { ROOT, ensureBuilt } from '../support/build';
import { AZURE, runEntry } from '../support/run-entry';

jest.setTimeout(60_000);

const project = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
};
let out: string;

beforeAll(async () => {
  await ensureBuilt();
  out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ra-bot-bundle-')), 'bundle');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/bundle.js'), '--out', out, '--no-build'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}, 240_000);
afterAll(() => out && fs.rmSync(path.dirname(out), { recursive: true, force: true }));

const installed = (name: string) => fs.existsSync(path.join(out, 'node_modules', name, 'package.json'));

describe('npm run bundle', () => {
  it('makes dist/, package.json, package-lock.json and node_modules; dist/ without local mode, the simulator or the launcher', () => {
    expect(fs.readdirSync(out).sort()).toEqual(['dist', 'node_modules', 'package-lock.json', 'package.json']);
    const dist = fs.readdirSync(path.join(out, 'dist'));
    expect(dist).toEqual(expect.arrayContaining(['index.js', 'wiring.js', 'bot', 'store', 'doctor']));
    for (const gone of ['local', 'simulator', 'start.js', '.e2e-build-stamp']) expect(dist).not.toContain(gone);
    const pkg = JSON.parse(fs.readFileSync(path.join(out, 'package.json'), 'utf8'));
    expect(pkg.scripts).toEqual({ start: 'node dist/index.js' });
    expect(pkg.dependencies).toEqual(project.dependencies);
  });

  it('installs every production dependency and nothing only development needs: no jest, eslint, playwright-core, typescript', () => {
    expect(Object.keys(project.dependencies).filter((d) => !installed(d))).toEqual([]);
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; optional?: boolean }>;
    };
    // What the lockfile marks dev-only (needed by devDependencies alone) or optional, found in the bundle.
    const devOrOptional = Object.entries(lock.packages)
      .filter(([key, p]) => key && (p.dev || p.optional) && fs.existsSync(path.join(out, key, 'package.json')))
      .map(([key]) => key);
    expect(devOrOptional).toEqual([]);
    const named = [
      'jest',
      'eslint',
      'playwright-core',
      'typescript',
      'ts-jest',
      'selfsigned',
      '@microsoft/m365agentsplayground',
      'better-sqlite3',
      'rimraf',
    ];
    expect(named.filter(installed)).toEqual([]);
    // A devDependency is there only when a production package needs it too (@types/node, by the SDKs' typings).
    for (const d of Object.keys(project.devDependencies).filter(installed))
      expect([d, lock.packages[`node_modules/${d}`]?.dev]).toEqual([d, undefined]);
  });

  it('starts the bot from the bundle alone against PostgreSQL, and explains a missing DATABASE_URL', async () => {
    const entry = path.join(out, 'dist', 'index.js');
    const schema = await freshSchema('bundle');
    try {
      const databaseUrl = schema?.url ?? 'postgres://postgres@127.0.0.1:1/none';
      const r = await runEntry(
        entry,
        { ...AZURE, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' },
        { until: /"msg":"ready"/, cwd: out },
      );
      if (schema) expect(r.stdout).toMatch(/"msg":"ready".*"store":"postgres:/);
      else expect(r.stderr).toContain('Cannot open the postgres database');
    } finally {
      await schema?.drop();
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ra-bot-bundle-data-'));
    const noUrl = await runEntry(entry, { ...AZURE, DATA_DIR: dataDir, LOG_LEVEL: 'error' }, { cwd: out }).finally(() =>
      fs.rmSync(dataDir, { recursive: true, force: true }),
    );
    expect(noUrl.code).toBe(1);
    expect(noUrl.stderr.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^startup failed: .*the better-sqlite3 module is not installed here/),
    ]);
    expect(noUrl.stderr).toContain('Set DATABASE_URL to a PostgreSQL database');
  });
});
