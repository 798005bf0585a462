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
  message:
    'The simulated tenant and local mode are configuration for tests and local use; production rooms never import them.',
};
// The OpenTelemetry SDK and exporters are set up in one room, started by wiring.ts; the rooms record through
// @opentelemetry/api only (docs/architecture.md, "Telemetry").
const telemetryRoom = {
  group: [
    '../telemetry',
    '../telemetry/*',
    '@opentelemetry/sdk-*',
    '@opentelemetry/exporter-*',
    '@opentelemetry/resources',
    '@azure/monitor-opentelemetry-exporter',
  ],
  message:
    'Only src/telemetry/ sets up the OpenTelemetry SDK and its exporters (wiring.ts starts it); the rooms record through @opentelemetry/api only.',
};
// bot/ reaches Graph and the tokens through core's ports, or through what wiring.ts hands it: never graph/ or identity/
// themselves (the day botbuilder is replaced, only bot/ changes; the day Graph's client is, bot/ does not).
const botInward = {
  group: [
    '../graph',
    '../graph/*',
    '../../graph',
    '../../graph/*',
    '../identity',
    '../identity/*',
    '../../identity',
    '../../identity/*',
  ],
  message:
    'bot/ reaches graph/ and identity/ only through core ports or what wiring.ts injects ' +
    "(e.g. createAdapter's botTokens).",
};
// core/ may have subfolders (core/kinds/): what is forbidden is LEAVING src/core, a relative path that climbs above
// it, so the pattern depends on how deep the importing file is ('../*' from src/core/x.ts, '../../*' from
// src/core/kinds/x.ts, ...). The patterns are gitignore-like: '../../*' also matches anything deeper up.
// src/commands/ is the exception: by type only (below); the registry is handed to the service, so core never loads it.
const CORE_DEPTHS = [0, 1, 2, 3];
const upFrom = (depth) => '../'.repeat(depth + 1);
const CORE_MESSAGE =
  'core/ is host-agnostic: it imports only core/ files; Graph, tokens, storage and Teams come in through its ports.';
// A relative path that climbs out of src/core from a file `depth` folders below it: '..' `depth` + 1 times, then
// anything but commands/ (which the type-only rule below takes).
const outOfCore = (depth) => ({
  regex: `^(\\.\\./){${depth}}\\.\\.(/(?!commands(/|$)).*)?$`,
  message: CORE_MESSAGE,
});
const outward = (depth) => [
  outOfCore(depth),
  {
    group: [
      '@opentelemetry/*',
      'node:http',
      'node:https',
      'http',
      'https',
      'node:net',
      'restify',
      'pg',
      'better-sqlite3',
      'kysely',
      'jsonwebtoken',
      '@azure/*',
      '@microsoft/*',
      'botbuilder*',
      'botframework-*',
      'i18next',
      'undici',
    ],
    message: CORE_MESSAGE,
  },
];
// core/ names the commands (CommandName) and their replies (Reply) by type: erased by the compiler, no module cycle.
const commandsByTypeOnly = (depth) => ({
  group: [`${upFrom(depth)}commands`, `${upFrom(depth)}commands/*`],
  allowTypeImports: true,
  message:
    'core/ knows src/commands/ by type only (import type): the registry is handed to the service (wiring.ts), so core never loads it.',
});
// The commands room: each command's row, handler, texts and card (docs/architecture.md, "Rooms"). A handler is a use
// case: the core's ports only, like core/; cards and texts from cards/ and i18n/. Only bot/ and wiring.ts import it.
const commandsRoom = {
  group: [
    '**/bot',
    '**/bot/*',
    '**/graph',
    '**/graph/*',
    '**/identity',
    '**/identity/*',
    '**/store',
    '**/store/*',
    '**/wiring',
    '**/config',
    '**/server',
    '**/doctor',
    '**/doctor/*',
    '**/telemetry',
    '**/telemetry/*',
    'node:http',
    'node:https',
    'http',
    'https',
    'node:net',
    'restify',
    'pg',
    'better-sqlite3',
    'kysely',
    'jsonwebtoken',
    '@azure/*',
    '@microsoft/microsoft-graph-client',
    'i18next',
    'undici',
    '@opentelemetry/api',
  ],
  message:
    "commands/ holds use cases: a handler uses the core's ports only (no bot/, graph/, identity/, store/, SDK or HTTP client).",
};

module.exports = tseslint.config(
  // What git ignores (.gitignore) is not the project's code either: built output, CI's tools (a Node 22 and
  // better-sqlite3 built for it under .ci/tools), logs and data.
  {
    ignores: [
      'dist/**',
      'dist-bench/**',
      'dist-bundle/**',
      'node_modules/**',
      'coverage/**',
      'appPackage/build/**',
      'test/lint/fixtures/**',
      '.ci/tools/**',
      'artifacts/**',
      'data/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
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
  ...[...CORE_DEPTHS, CORE_DEPTHS.length].map((depth) => ({
    // Deeper than the last depth: the patterns of the deepest level (stricter than needed there, never looser).
    files:
      depth < CORE_DEPTHS.length ? [`src/core/${'*/'.repeat(depth)}*.ts`] : [`src/core/${'*/'.repeat(depth)}**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { patterns: outward(depth) }],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [commandsByTypeOnly(depth)] }],
    },
  })),
  {
    files: ['src/commands/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [sdkRule, localRooms, telemetryRoom, commandsRoom] }] },
  },
  // The production rooms: what `node dist/index.js` loads (test/app-package/entries.test.ts checks the built
  // graph too). Local mode has its own entry (src/local/main.ts); src/start.ts, `npm start`'s launcher, picks one.
  // Every top-level file but the launcher (index, wiring, config, server, lifecycle, logging, ... and any new one).
  {
    files: [
      'src/*.ts',
      'src/doctor/**/*.ts',
      'src/graph/**/*.ts',
      'src/identity/**/*.ts',
      'src/store/**/*.ts',
      'src/cards/**/*.ts',
      'src/i18n/**/*.ts',
      'src/telemetry/**/*.ts',
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
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/simulator/**/*.ts', 'src/local/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
