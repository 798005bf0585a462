#!/usr/bin/env node
// Run by `npm run build` after tsc: writes dist/build-info.json with the commit the build is made from, so the
// deployed bundle (no .git on App Service) knows it: the start line, GET /healthz and the telemetry resource read
// it (src/telemetry/build-info.ts). BUILD_COMMIT or SOURCE_VERSION win over git; no git: no file ("unknown").
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const out = path.join(root, process.argv[2] || 'dist', 'build-info.json');
let commit = (process.env.BUILD_COMMIT || process.env.SOURCE_VERSION || '').trim();
if (!commit) {
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    commit = '';
  }
}
if (!/^[0-9a-f]{7,40}$/i.test(commit)) {
  fs.rmSync(out, { force: true });
  console.error('build-info: no commit known (no git, no BUILD_COMMIT): the bot reports commit "unknown".');
  process.exit(0);
}
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(
  out,
  JSON.stringify({ version, commit: commit.toLowerCase(), builtAt: new Date().toISOString() }, null, 2) + '\n',
);
