// Lint and the house's import boundaries (docs/architecture.md, "Rooms"), run by `npm test` (test/lint).
// ESLint's own no-restricted-imports carries the boundaries: no plugin to keep in step with ESLint majors.
const tseslint = require('typescript-eslint');

const SDKS = ['botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/teams-ai', '@microsoft/teams-ai/*'];
const sdkRule = {
  group: SDKS,
  message: 'Only src/bot/ talks to botbuilder / teams-ai (the HTTP server and the rest stay replaceable).',
};
const localRooms = {
  group: ['**/simulator', '**/simulator/*', '**/local', '**/local/*'],
  message: 'The simulated tenant and local mode are configuration for tests and local use; production rooms never import them.',
};
// The OpenTelemetry SDK and exporters are set up in one room, started by wiring.ts; the rooms record through
// @opentelemetry/api only (docs/architecture.md, "Telemetry").
const telemetryRoom = {
  group: ['../telemetry', '../telemetry/*', '@opentelemetry/sdk-*', '@opentelemetry/exporter-*', '@opentelemetry/resources', '@azure/monitor-opentelemetry-exporter'],
  message: 'Only src/telemetry/ sets up the OpenTelemetry SDK and its exporters (wiring.ts starts it); the rooms record through @opentelemetry/api only.',
};
// bot/ reaches Graph and the tokens through core's ports, or through what wiring.ts hands it: never graph/ or identity/
// themselves (the day botbuilder is replaced, only bot/ changes; the day Graph's client is, bot/ does not).
const botInward = {
  group: [
    '../graph', '../graph/*', '../../graph', '../../graph/*',
    '../identity', '../identity/*', '../../identity', '../../identity/*',
  ],
  message: 'bot/ reaches graph/ and identity/ only through core ports or what wiring.ts injects '
    + '(e.g. createAdapter\'s botTokens).',
};
// core/ may have subfolders (core/kinds/): what is forbidden is LEAVING src/core, a relative path that climbs above
// it, so the pattern depends on how deep the importing file is ('../*' from src/core/x.ts, '../../*' from
// src/core/kinds/x.ts, ...). The patterns are gitignore-like: '../../*' also matches anything deeper up.
const CORE_DEPTHS = [0, 1, 2, 3];
const outOfCore = (depth) => {
  const up = '../'.repeat(depth + 1);
  return [up.slice(0, -1), `${up}*`];
};
const outward = (depth) => ({
  group: [...outOfCore(depth), '@opentelemetry/*', 'node:http', 'node:https', 'http', 'https', 'node:net', 'restify', 'pg', 'better-sqlite3', 'kysely', 'jsonwebtoken', '@azure/*', '@microsoft/*', 'botbuilder*', 'botframework-*', 'i18next', 'undici'],
  message: 'core/ is host-agnostic: it imports only core/ files; Graph, tokens, storage and Teams come in through its ports.',
});

module.exports = tseslint.config(
  // What git ignores (.gitignore) is not the project's code either: built output, CI's tools (a Node 22 and
  // better-sqlite3 built for it under .ci/tools), logs and data.
  { ignores: ['dist/**', 'dist-bench/**', 'dist-bundle/**', 'node_modules/**', 'coverage/**', 'appPackage/build/**', 'test/lint/fixtures/**', '.ci/tools/**', 'artifacts/**', 'data/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-imports': ['error', { patterns: [sdkRule] }],
    },
  },
  // bot/ may talk to the SDKs, but it is a production room: no simulator, no local mode, no telemetry SDK; and it
  // takes Graph and tokens from core's ports or wiring.ts, not from graph/ or identity/.
  {
    files: ['src/bot/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [localRooms, telemetryRoom, botInward] }] },
  },
  ...CORE_DEPTHS.map((depth) => ({
    files: [`src/core/${'*/'.repeat(depth)}*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [outward(depth)] }] },
  })),
  // Deeper than that: the patterns of the deepest level (stricter than needed there, never looser).
  { files: [`src/core/${'*/'.repeat(CORE_DEPTHS.length)}**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns: [outward(CORE_DEPTHS.length)] }] } },
  // The production rooms: what `node dist/index.js` loads (test/app-package/entries.test.ts checks the built
  // graph too). Local mode has its own entry (src/local/main.ts); src/start.ts, `npm start`'s launcher, picks one.
  // Every top-level file but the launcher (index, wiring, config, server, lifecycle, logging, ... and any new one).
  {
    files: [
      'src/*.ts', 'src/doctor/**/*.ts', 'src/graph/**/*.ts', 'src/identity/**/*.ts', 'src/store/**/*.ts',
      'src/cards/**/*.ts', 'src/i18n/**/*.ts', 'src/telemetry/**/*.ts',
    ],
    ignores: ['src/start.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [sdkRule, localRooms] }] },
  },
  {
    // The telemetry SDK and its exporters stay in src/telemetry (the rooms record through @opentelemetry/api).
    files: ['src/graph/**/*.ts', 'src/identity/**/*.ts', 'src/store/**/*.ts', 'src/cards/**/*.ts', 'src/i18n/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [sdkRule, localRooms, telemetryRoom] }] },
  },
  // Exporters are required only when chosen, so that with telemetry off the SDK is not loaded.
  { files: ['src/telemetry/**/*.ts'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Tests, the benchmark and the simulator may drive the SDKs directly (a fake connector, the token client).
  { files: ['test/**/*.ts', 'bench/**/*.ts', 'src/simulator/**/*.ts', 'src/local/**/*.ts'], rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
