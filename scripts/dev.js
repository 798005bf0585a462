#!/usr/bin/env node
// `npm run dev`: local mode that rebuilds and restarts on every change. Two children, no new dependency:
//   tsc -p tsconfig.build.json --watch   recompiles src/ into dist/ on each save
//   node --watch dist/local/main.js      restarts local mode when a file it loaded changes in dist/
// (Node's own --watch, stable since 20.13 and 22.0, does what nodemon would; nodemon would be one more
// dependency tree to audit and pin for a loop Node already has.) Local mode starts after tsc's first pass.
// Ctrl-C (or SIGTERM) stops both; if either ends on its own, the other is stopped and its exit code is ours.
// `npm run dev -- --inspect`: local mode listens for a debugger on 127.0.0.1:9239 (VS Code's "Attach to local mode",
// .vscode/launch.json, reattaches after each restart).
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const children = new Set();
let stopping = false;

function stopAll(code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 10_000).unref(); // a child that will not stop does not hold the terminal
}

function run(args, stdio) {
  const child = spawn(process.execPath, args, { cwd: root, stdio });
  children.add(child);
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (!stopping)
      process.stderr.write(
        `dev: ${path.basename(args[args.length - 1])} ended (${signal ?? `exit ${code}`}); stopping.\n`,
      );
    stopAll(stopping ? process.exitCode : (code ?? 1));
    if (children.size === 0) process.exit(process.exitCode);
  });
  return child;
}

let local;
function startLocalMode() {
  spawnSync(process.execPath, [path.join(__dirname, 'build-info.js')], { cwd: root, stdio: 'inherit' });
  process.stdout.write('dev: starting local mode; it restarts whenever tsc writes a change.\n');
  const inspect = process.argv.includes('--inspect') ? ['--inspect=127.0.0.1:9239'] : [];
  local = run(
    ['--watch', '--watch-preserve-output', ...inspect, '--disable-warning=DEP0111', 'dist/local/main.js'],
    'inherit',
  );
}

process.stdout.write('dev: compiling TypeScript into dist/ (tsc --watch, about 20 s the first time) ...\n');
const tsc = run(
  [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'],
  ['ignore', 'pipe', 'inherit'],
);
let buffered = '';
tsc.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (local || stopping) return;
  buffered += chunk.toString('utf8');
  // "Found 0 errors. Watching for file changes." ends each pass; with errors tsc still writes dist/ (noEmitOnError is off).
  if (/Found \d+ errors?\. Watching for file changes\./.test(buffered)) startLocalMode();
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal === 'SIGINT' ? 130 : 143));
