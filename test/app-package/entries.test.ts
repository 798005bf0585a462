/**
 * The two entries, as built (dist/): what each one loads, recorded by Node itself. The production entry
 * (`node dist/index.js`, what App Service runs), started against PostgreSQL (DATABASE_URL set), never loads
 * the simulated tenant, local mode, selfsigned or better-sqlite3; jsonwebtoken only as the production code's
 * own need (botframework-connector verifying inbound tokens, MSAL, the certificate assertion), never the
 * simulator's. Local mode's entry does load them all, so the check can fail. Without BOT_ID the production
 * entry says how to start local mode.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshSchema } from '../support/bot-process';
import { ENTRY, LOCAL_ENTRY, ROOT, ensureBuilt } from '../support/build';
import { AZURE, runEntry, type Graph } from '../support/run-entry';

jest.setTimeout(60_000);

const DIST = path.join(ROOT, 'dist') + path.sep;
/** A file as the test names it: `dist/...` for ours, `<package>/...` for a dependency. */
function label(file: string): string {
  if (file.startsWith(DIST)) return `dist/${file.slice(DIST.length)}`;
  const i = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  return i >= 0 ? file.slice(i + '/node_modules/'.length) : file;
}

const FORBIDDEN: [what: string, test: RegExp][] = [
  ['the simulated tenant (dist/simulator/)', /^dist\/simulator\//],
  ['local mode (dist/local/)', /^dist\/local\//],
  ['selfsigned', /^selfsigned\//],
  ['better-sqlite3', /^better-sqlite3\//],
];

/** What the graph holds of each forbidden part (files, by label). */
function forbiddenIn(graph: Graph): Record<string, string[]> {
  const files = Object.keys(graph).map(label);
  return Object.fromEntries(FORBIDDEN.map(([what, test]) => [what, files.filter((f) => test.test(f))]));
}

/** Who required jsonwebtoken's entry, by label. */
function jsonwebtokenRequirers(graph: Graph): string[] {
  const by = Object.entries(graph).filter(([, children]) => children.some((c) => label(c) === 'jsonwebtoken/index.js'));
  return by.map(([file]) => label(file)).sort();
}

/** Production needs of jsonwebtoken: inbound token checks, MSAL's client assertion, ours (identity/certificate-assertion.ts). */
const PRODUCTION_JWT_USERS =
  /^(botframework-connector\/lib\/auth\/|(botframework-connector\/node_modules\/|@microsoft\/teams-ai\/node_modules\/)?@azure\/msal-node\/|dist\/identity\/certificate-assertion\.js$)/;

beforeAll(() => ensureBuilt(), 150_000);

describe('the production entry (node dist/index.js)', () => {
  it('with no BOT_ID says in one line how to start local mode, starts nothing and exits 2', async () => {
    const { code, stdout, stderr, graph } = await runEntry(ENTRY, { PORT: '0' }, { recordModules: true, cwd: ROOT });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n').filter(Boolean)).toEqual([expect.stringContaining('BOT_ID is not set')]);
    expect(stderr).toContain('For local mode (the simulated tenant and the Agents Playground) run npm start');
    expect(Object.values(forbiddenIn(graph)).flat()).toEqual([]);
  });

  it('started against PostgreSQL loads no simulator, local mode, selfsigned or better-sqlite3; jsonwebtoken only for production', async () => {
    // With a PostgreSQL server, the bot starts for real (migrations, listening) before it is stopped; without
    // one, it stops where the store cannot be reached: either way past the point where SQLite would be loaded.
    const schema = await freshSchema('graph');
    try {
      const databaseUrl = schema?.url ?? 'postgres://postgres@127.0.0.1:1/none';
      const r = await runEntry(
        ENTRY,
        { ...AZURE, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' },
        { until: /"msg":"ready"/, recordModules: true, cwd: ROOT },
      );
      if (schema) expect(r.stdout).toMatch(/"msg":"ready".*"store":"postgres:/);
      else expect(r.stderr).toContain('Cannot open the postgres database');
      expect(Object.keys(r.graph).map(label)).toEqual(
        expect.arrayContaining(['dist/wiring.js', 'dist/store/db.js', 'pg/lib/index.js']),
      );
      expect(forbiddenIn(r.graph)).toEqual(Object.fromEntries(FORBIDDEN.map(([what]) => [what, []])));
      const jwtUsers = jsonwebtokenRequirers(r.graph);
      expect(jwtUsers).toContain('dist/identity/certificate-assertion.js');
      expect(jwtUsers.filter((f) => !PRODUCTION_JWT_USERS.test(f))).toEqual([]);
    } finally {
      await schema?.drop();
    }
  });
});

describe("local mode's entry (node dist/local/main.js)", () => {
  it('does load the simulated tenant, local mode, selfsigned, better-sqlite3, and jsonwebtoken for the simulator', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ra-bot-graph-local-'));
    try {
      const r = await runEntry(
        LOCAL_ENTRY,
        {
          DATA_DIR: dataDir,
          LOCAL_PLAYGROUND: 'false',
          SIMULATOR_PORT: '0',
          SIMULATOR_TOKEN_SERVICE_PORT: '0',
          LOG_LEVEL: 'error',
        },
        { until: /^Ready in /m, recordModules: true, cwd: ROOT },
      );
      expect(r.stdout).toMatch(/^Ready in .*local mode, no playground/m);
      for (const [what, files] of Object.entries(forbiddenIn(r.graph)))
        expect([what, files.length > 0]).toEqual([what, true]);
      expect(jsonwebtokenRequirers(r.graph).filter((f) => f.startsWith('dist/simulator/'))).not.toEqual([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
