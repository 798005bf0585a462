#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * npm run bundle [-- --out <dir>] [--no-build]
 *
 * Makes the folder `teamsapp deploy` uploads to App Service (default dist-bundle/), built once here; the
 * host builds nothing (SCM_DO_BUILD_DURING_DEPLOYMENT=false) and runs `node dist/index.js`:
 *   dist/              the build (npm run build), without local mode, the simulated tenant and npm start's
 *                      launcher: the production entry never loads them (test/app-package/entries.test.ts)
 *   package.json       the project's, with one script: start = node dist/index.js
 *   package-lock.json  the project's
 *   node_modules/      production dependencies only: npm ci --omit=dev --omit=optional --ignore-scripts
 * better-sqlite3 (optional, a native addon) stays out: the cloud store is PostgreSQL, and a binary built on
 * this machine would not match App Service's Linux Node 22. No install script runs: none of the production
 * dependencies needs one (botbuilder-dialogs' only removes duplicate folders with npx rimraf).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_OUT = path.join(ROOT, 'dist-bundle');

/** What of dist/ the production entry never loads. */
const LEFT_OUT_OF_DIST = ['local', 'simulator', 'start.js', 'start.js.map', '.e2e-build-stamp'];

/** The install in the bundle folder: production dependencies, no optional native addon, no scripts, from the cache first. */
const NPM_CI_ARGS = [
  'ci',
  '--omit=dev',
  '--omit=optional',
  '--ignore-scripts',
  '--no-audit',
  '--no-fund',
  '--prefer-offline',
];

const BUILD_ARGS = ['run', 'build', '--silent'];

/** The bundle's package.json: the project's, with only the script App Service would run. */
function bundlePackageJson(/** @type {Record<string, unknown>} */ pkg) {
  return { ...pkg, scripts: { start: 'node dist/index.js' } };
}

/**
 * @param {string[]} argv
 * @returns {{ out: string, build: boolean }}
 */
function parseArgs(argv) {
  let out = DEFAULT_OUT;
  let build = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-build') build = false;
    else if (a === '--out' && argv[i + 1] && !argv[i + 1].startsWith('--')) out = path.resolve(argv[++i]);
    else if (a.startsWith('--out=')) out = path.resolve(a.slice('--out='.length));
    else throw new Error(`bundle: unknown argument "${a}". Options: --out <dir>, --no-build.`);
  }
  return { out, build };
}

const npm = (/** @type {string[]} */ args, /** @type {string} */ cwd) =>
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
    cwd,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });

/** @param {{ out: string, build: boolean, root?: string }} options */
function makeBundle({ out, build, root = ROOT }) {
  if (path.resolve(out) === path.resolve(root)) throw new Error('bundle: --out must not be the project folder');
  if (build) npm(BUILD_ARGS, root);
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.js')))
    throw new Error('bundle: dist/index.js is missing: run npm run build (or leave out --no-build)');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  fs.cpSync(dist, path.join(out, 'dist'), {
    recursive: true,
    filter: (src) => !LEFT_OUT_OF_DIST.includes(path.relative(dist, src).split(path.sep).join('/')),
  });
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(out, 'package.json'), JSON.stringify(bundlePackageJson(pkg), null, 2) + '\n');
  fs.copyFileSync(path.join(root, 'package-lock.json'), path.join(out, 'package-lock.json'));
  npm(NPM_CI_ARGS, out);
  return out;
}

module.exports = { makeBundle, parseArgs, bundlePackageJson, LEFT_OUT_OF_DIST, NPM_CI_ARGS, BUILD_ARGS, DEFAULT_OUT };

if (require.main === module) {
  try {
    const out = makeBundle(parseArgs(process.argv.slice(2)));
    process.stdout.write(
      `bundle: ${path.relative(process.cwd(), out) || out} is ready (dist/, package.json, package-lock.json, production node_modules)\n`,
    );
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
