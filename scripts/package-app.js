#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * npm run package [-- --env <name>]
 *
 * Builds the Teams app package for an environment (default: local) into
 * appPackage/build/appPackage.<env>.zip: ${{VAR}} placeholders are filled from env/.env.<env> and
 * env/.env.<env>.user (names they leave empty may come from the process environment), the manifest and
 * zh-CN.json are validated against the schemas bundled in @microsoft/app-manifest (offline), and the
 * icons are checked. Exits 1 with a message naming every unresolved variable or invalid field.
 *
 * Options: --env <name>  --env-dir <dir>  --app-dir <dir>  --out-dir <dir>
 */
const path = require('node:path');
const { buildAppPackage, PackageError } = require('./lib/app-package');

/**
 * @param {string[]} argv
 * @returns {Record<string, string>}
 */
function parseArgs(argv) {
  /** @type {Record<string, string>} */
  const out = {};
  const known = new Set(['env', 'env-dir', 'app-dir', 'out-dir']);
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !known.has(m[1]))
      throw new PackageError(`Unknown argument "${argv[i]}". Options: --env <name>, --env-dir, --app-dir, --out-dir.`);
    const value = m[2] !== undefined ? m[2] : argv[++i];
    if (value === undefined || value.startsWith('--')) throw new PackageError(`--${m[1]} needs a value.`);
    out[m[1]] = value;
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const abs = (/** @type {string | undefined} */ p) => (p ? path.resolve(p) : undefined);
  const result = await buildAppPackage({
    envName: args.env || 'local',
    envDir: abs(args['env-dir']),
    appDir: abs(args['app-dir']),
    outDir: abs(args['out-dir']),
    fallback: process.env,
  });
  process.stdout.write(
    `Built ${path.relative(process.cwd(), result.zipPath) || result.zipPath} ` +
      `(${result.entries.join(', ')}) from ${result.envFiles.map((f) => path.relative(process.cwd(), f)).join(' + ')}.\n`,
  );
}

main().catch((e) => {
  const message = e instanceof PackageError ? e.message : e instanceof Error ? e.stack || e.message : String(e);
  process.stderr.write(`package: ${message}\n`);
  process.exitCode = 1;
});
