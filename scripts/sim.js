#!/usr/bin/env node
// `npm run sim -- <command>`: look at, reset and break the simulated tenant of a running local mode.
// The command lives in src/local/sim-cli.ts; this runs its build (npm start builds it).
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'local', 'sim-cli.js');
if (!fs.existsSync(entry)) {
  console.error('sim: dist/ is not built yet. Run npm start (it builds and starts local mode) or npm run build.');
  process.exit(1);
}
require(entry)
  .runSimCli(process.argv.slice(2))
  .then((code) => (process.exitCode = code))
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
