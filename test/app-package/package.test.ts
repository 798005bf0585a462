/**
 * `npm run package`: the zip it builds, and how it fails. Runs the real script in a child process
 * against a temporary copy of env/.env.local with stand-in values for what provisioning would write.
 */
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { appPackage, at, envFiles, icons, readJson, readText, ROOT, sampleEnvironment } from './helpers';

/** The process environment without any variable the app package uses (so only the files count). */
function cleanEnv(): NodeJS.ProcessEnv {
  const used = new Set([
    ...envFiles.placeholdersIn(readText('appPackage', 'manifest.json')),
    ...envFiles.placeholdersIn(readText('appPackage', 'zh-CN.json')),
  ]);
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !used.has(k)));
}

function writeEnvFile(dir: string, name: string, vars: Map<string, string>): void {
  writeFileSync(path.join(dir, name), [...vars].map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
}

function runPackage(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): SpawnSyncReturns<string> {
  return spawnSync('npm', ['run', '--silent', 'package', '--', ...args], { cwd: ROOT, env, encoding: 'utf8' });
}

function runScript(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [at('scripts', 'package-app.js'), ...args], { cwd: ROOT, env, encoding: 'utf8' });
}

describe('npm run package', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'app-package-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds appPackage.<env>.zip with exactly the manifest, zh-CN.json and the two icons', () => {
    writeEnvFile(dir, '.env.local', sampleEnvironment('local'));
    const run = runPackage(['--env', 'local', '--env-dir', dir, '--out-dir', dir]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const zipPath = path.join(dir, 'appPackage.local.zip');
    expect(run.stdout).toContain('appPackage.local.zip');

    const zip = new AdmZip(zipPath);
    const names = zip
      .getEntries()
      .map((e) => e.entryName)
      .sort();
    expect(names).toEqual(['color.png', 'manifest.json', 'outline.png', 'zh-CN.json']);

    const manifestText = zip.readAsText('manifest.json');
    expect(manifestText).not.toContain('${{');
    const manifest = JSON.parse(manifestText);
    expect(manifest.bots[0].botId).toBe(sampleEnvironment('local').get('BOT_ID'));
    expect(manifest.validDomains[0]).toBe(sampleEnvironment('local').get('BOT_DOMAIN'));
    expect(zip.readAsText('zh-CN.json')).not.toContain('${{');
    expect(JSON.parse(zip.readAsText('zh-CN.json'))['name.short']).toBe(
      readJson('appPackage', 'zh-CN.json')['name.short'],
    );

    const color = PNG.sync.read(zip.readFile('color.png') as Buffer);
    const outline = PNG.sync.read(zip.readFile('outline.png') as Buffer);
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let opaqueWhite = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const [r, g, b, a] = outline.data.subarray(i, i + 4);
      if (a === 0) continue;
      expect([r, g, b]).toEqual([255, 255, 255]);
      opaqueWhite++;
    }
    expect(opaqueWhite).toBeGreaterThan(100); // a glyph, not an empty square
  });

  it('defaults to the local environment and writes into appPackage/build', () => {
    // Only the parsing of arguments is exercised here: the committed env/.env.local has no ids yet.
    const run = runScript([]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/environment "local"/);
  });

  it('fails naming every unresolved variable, and writes nothing', () => {
    const vars = sampleEnvironment('local');
    vars.delete('BOT_DOMAIN');
    vars.set('BOT_ID', '');
    vars.set('TEAMS_APP_ID', '');
    writeEnvFile(dir, '.env.local', vars);
    const run = runScript(['--env', 'local', '--env-dir', dir, '--out-dir', dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /Unresolved variable\(s\) in the app package for environment "local": BOT_DOMAIN, BOT_ID, TEAMS_APP_ID\./,
    );
    expect(existsSync(path.join(dir, 'appPackage.local.zip'))).toBe(false);
  });

  // The remaining cases call the same code in-process (compiling the schema once is much faster).
  it('reads secrets and overrides from .env.<env>.user, then empty names from the process environment', async () => {
    const vars = sampleEnvironment('local');
    vars.set('BOT_ID', '');
    vars.set('TEAMS_APP_ID', '');
    writeEnvFile(dir, '.env.local', vars);
    writeEnvFile(dir, '.env.local.user', new Map([['BOT_ID', '11111111-2222-4333-8444-555555555555']]));
    const result = await appPackage.buildAppPackage({
      envName: 'local',
      envDir: dir,
      outDir: dir,
      fallback: { TEAMS_APP_ID: '99999999-2222-4333-8444-555555555555', BOT_ID: 'ignored: the files define it' },
    });
    expect(result.envFiles.map((f) => path.basename(f))).toEqual(['.env.local', '.env.local.user']);
    const manifest = JSON.parse(new AdmZip(result.zipPath).readAsText('manifest.json'));
    expect(manifest.bots[0].botId).toBe('11111111-2222-4333-8444-555555555555');
    expect(manifest.id).toBe('99999999-2222-4333-8444-555555555555');
  });

  it('builds any environment by name (--env dev) and refuses unknown ones clearly', async () => {
    writeEnvFile(dir, '.env.dev', sampleEnvironment('dev'));
    const result = await appPackage.buildAppPackage({ envName: 'dev', envDir: dir, outDir: dir, fallback: {} });
    expect(path.basename(result.zipPath)).toBe('appPackage.dev.zip');
    expect(existsSync(result.zipPath)).toBe(true);
    const unknown = runScript(['--env', 'staging', '--env-dir', dir, '--out-dir', dir]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/No environment file .*\.env\.staging\. Known environments: dev\./);
  });

  it('refuses a package the schema rejects, saying which field', async () => {
    const vars = sampleEnvironment('local');
    vars.set('APP_DEVELOPER_NAME', 'A developer name that is far too long for the manifest');
    writeEnvFile(dir, '.env.local', vars);
    await expect(
      appPackage.buildAppPackage({ envName: 'local', envDir: dir, outDir: dir, fallback: {} }),
    ).rejects.toThrow(/not valid:\n {2}- \/developer\/name must NOT have more than 32 characters/);
    expect(existsSync(path.join(dir, 'appPackage.local.zip'))).toBe(false);
  });

  it("agrees with @microsoft/app-manifest's own AppManifestUtils.validateAgainstSchema, offline", () => {
    // The library cannot be loaded inside Jest (an ES-module dependency), so it runs in plain node,
    // with fetch disabled, and resolves the schema from its $schema URL (its bundled copy).
    const { text } = envFiles.resolvePlaceholders(readText('appPackage', 'manifest.json'), sampleEnvironment('local'), {
      json: true,
    });
    const script = `
      globalThis.fetch = () => { throw new Error('network access attempted'); };
      const { AppManifestUtils } = require('@microsoft/app-manifest');
      const manifest = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
      const broken = { ...manifest, accentColor: 'blue' };
      Promise.all([AppManifestUtils.validateAgainstSchema(manifest), AppManifestUtils.validateAgainstSchema(broken)])
        .then((r) => process.stdout.write(JSON.stringify(r)), (e) => { process.stderr.write(String(e)); process.exit(2); });`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, input: text, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const [valid, broken] = JSON.parse(run.stdout) as [string[], string[]];
    expect(valid).toEqual([]);
    expect(broken.join('\n')).toMatch(/accentColor/);
  });
});

describe('icons', () => {
  it('are the output of scripts/make-icons.js (committed PNGs are up to date)', () => {
    const drawn = icons.renderIcons();
    for (const [file, png] of [
      ['color.png', drawn.color],
      ['outline.png', drawn.outline],
    ] as const) {
      const committed = PNG.sync.read(readFileSync(at('appPackage', file)));
      expect([committed.width, committed.height]).toEqual([png.width, png.height]);
      expect(Buffer.compare(committed.data, png.data)).toBe(0);
    }
  });

  it('pass the Teams rules, and the rules catch a bad outline icon', () => {
    expect(
      appPackage.checkIcon(readFileSync(at('appPackage', 'color.png')), {
        name: 'color.png',
        size: 192,
        outline: false,
      }),
    ).toEqual([]);
    expect(
      appPackage.checkIcon(readFileSync(at('appPackage', 'outline.png')), {
        name: 'outline.png',
        size: 32,
        outline: true,
      }),
    ).toEqual([]);
    const bad = new PNG({ width: 32, height: 32 });
    bad.data.fill(255);
    bad.data[0] = 0; // one opaque black-ish pixel
    expect(appPackage.checkIcon(PNG.sync.write(bad), { name: 'outline.png', size: 32, outline: true })).toEqual([
      'outline.png has 1 pixel(s) that are neither white nor fully transparent',
    ]);
    expect(
      appPackage.checkIcon(readFileSync(at('appPackage', 'color.png')), {
        name: 'color.png',
        size: 32,
        outline: false,
      }),
    ).toEqual(['color.png is 192x192; it must be 32x32']);
  });
});
