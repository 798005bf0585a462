#!/usr/bin/env node
// The build: tsc -p tsconfig.build.json into dist/, then scripts/build-info.js (the commit). `npm start` runs it
// first and it says so at once (tsc itself is silent until it is done, about 20 s the first time); `npm run build`
// runs it with --quiet. A node script rather than shell so it works the same on Windows.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const quiet = process.argv.includes('--quiet');
const say = (line) => quiet || process.stdout.write(`${line}\n`);

say('Compiling TypeScript into dist/ (tsc, about 20 s the first time) ...');
const started = Date.now();
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  process.stderr.write(
    `Compiling failed (tsc exit ${tsc.status ?? tsc.signal}): fix the errors above; npm run typecheck lists them too.\n`,
  );
  process.exit(tsc.status || 1);
}
const info = spawnSync(process.execPath, [path.join(__dirname, 'build-info.js')], { cwd: root, stdio: 'inherit' });
if (info.status !== 0) process.exit(info.status || 1);
say(`Compiled in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
