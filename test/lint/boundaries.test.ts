/**
 * The house's import boundaries (eslint.config.js) hold: each forbidden import, placed where the rules
 * forbid it, is refused by ESLint with the repository's own config; the same text where a room may have it
 * passes. (`npm test` also lints the whole tree before jest runs.)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

type Message = { ruleId: string | null; message: string };

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');

const cases: [fixture: string, filePath: string, expected: RegExp | null][] = [
  ['core-imports-teams-ai.ts', 'src/core/fixture.ts', /core\/ is host-agnostic/],
  ['core-imports-graph-room.ts', 'src/core/fixture.ts', /core\/ is host-agnostic/],
  ['store-imports-simulator.ts', 'src/store/fixture.ts', /simulated tenant and local mode/],
  ['store-imports-simulator.ts', 'src/graph/fixture.ts', /simulated tenant and local mode/],
  ['server-imports-botbuilder.ts', 'src/server-fixture.ts', /Only src\/bot\//],
  // The production entry and its rooms never load local mode or the simulated tenant (local mode has its own entry).
  ['entry-imports-local.ts', 'src/index.ts', /simulated tenant and local mode/],
  ['entry-imports-local.ts', 'src/wiring.ts', /simulated tenant and local mode/],
  ['entry-imports-local.ts', 'src/config.ts', /simulated tenant and local mode/],
  ['entry-imports-local.ts', 'src/server.ts', /simulated tenant and local mode/],
  ['entry-imports-local.ts', 'src/lifecycle.ts', /simulated tenant and local mode/],
  // ... and any other top-level file, named in the rule or not (the launcher, src/start.ts, is the exception).
  ['entry-imports-local.ts', 'src/config-credential.ts', /simulated tenant and local mode/],
  ['entry-imports-local.ts', 'src/instrumentation.ts', /simulated tenant and local mode/],
  ['entry-imports-local.ts', 'src/new-top-level-file.ts', /simulated tenant and local mode/],
  ['room-imports-local.ts', 'src/doctor/fixture.ts', /simulated tenant and local mode/],
  ['room-imports-local.ts', 'src/bot/fixture.ts', /simulated tenant and local mode/],
  ['room-imports-local.ts', 'src/telemetry/fixture.ts', /simulated tenant and local mode/],
  ['server-imports-botbuilder.ts', 'src/identity/fixture.ts', /Only src\/bot\//],
  ['graph-imports-telemetry-sdk.ts', 'src/graph/fixture.ts', /Only src\/telemetry\//],
  ['graph-imports-telemetry-sdk.ts', 'src/bot/fixture.ts', /Only src\/telemetry\//],
  ['core-imports-otel-api.ts', 'src/core/fixture.ts', /core\/ is host-agnostic/],
  // bot/ takes Graph and tokens from core's ports or from wiring.ts, never from graph/ or identity/ (at any depth).
  ['bot-imports-identity.ts', 'src/bot/fixture.ts', /bot\/ reaches graph\/ and identity\/ only through core ports/],
  ['bot-imports-graph.ts', 'src/bot/routes/fixture.ts', /bot\/ reaches graph\/ and identity\/ only through core ports/],
  // core/ may have subfolders: leaving src/core is forbidden at any depth, `../` inside it is not.
  ['core-subfolder-imports-graph-room.ts', 'src/core/kinds/fixture.ts', /core\/ is host-agnostic/],
  ['core-subfolder-imports-graph-room.ts', 'src/core/a/b/fixture.ts', null],
  ['core-imports-graph-room.ts', 'src/core/a/b/c/fixture.ts', null],
  ['core-subfolder-imports-graph-room.ts', 'src/core/a/b/c/d/e/fixture.ts', null],
  ['core-imports-teams-ai.ts', 'src/core/kinds/fixture.ts', /core\/ is host-agnostic/],
  ['core-imports-teams-ai.ts', 'src/core/a/b/c/d/e/fixture.ts', /core\/ is host-agnostic/],
  ['core-subfolder-imports-core.ts', 'src/core/kinds/fixture.ts', null],
  ['core-depth2-imports-graph-room.ts', 'src/core/a/b/fixture.ts', /core\/ is host-agnostic/],
  ['core-depth2-imports-graph-room.ts', 'src/core/a/b/c/fixture.ts', null],
  ['core-depth5-imports-graph-room.ts', 'src/core/a/b/c/d/e/fixture.ts', /core\/ is host-agnostic/],
  // The commands room: handlers use the core's ports; core knows the commands by type only.
  ['commands-imports-graph-room.ts', 'src/commands/status/fixture.ts', /commands\/ holds use cases/],
  ['core-imports-teams-ai.ts', 'src/commands/fixture.ts', /Only src\/bot\//],
  ['room-imports-local.ts', 'src/commands/fixture.ts', /simulated tenant and local mode/],
  ['core-imports-commands-value.ts', 'src/core/fixture.ts', /core\/ knows src\/commands\/ by type only/],
  // What the rooms may do.
  ['bot-imports-core-port.ts', 'src/bot/fixture.ts', null],
  ['root-imports-identity.ts', 'src/wiring.ts', null],
  ['entry-imports-local.ts', 'src/start.ts', null],
  ['core-imports-commands-type.ts', 'src/core/fixture.ts', null],
  ['core-imports-otel-api.ts', 'src/graph/fixture.ts', null],
  ['graph-imports-telemetry-sdk.ts', 'src/telemetry/fixture.ts', null],
  ['core-imports-teams-ai.ts', 'src/bot/fixture.ts', null],
  ['store-imports-simulator.ts', 'src/local/fixture.ts', null],
  ['room-imports-local.ts', 'src/local/fixture.ts', null],
];

describe('import boundaries', () => {
  let results: Message[][];
  beforeAll(() => {
    const input = JSON.stringify(cases.map(([name, filePath]) => ({ source: fixture(name), filePath })));
    results = JSON.parse(
      execFileSync(process.execPath, [path.join(__dirname, 'lint-as.js')], { input, encoding: 'utf8' }),
    );
  });

  it.each(cases.map((c, i) => [...c, i] as const))('%s at %s: %s', (_name, _path, expected, i) => {
    const restricted = results[i]
      .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports')
      .map((m) => m.message);
    if (expected === null) expect(restricted).toEqual([]);
    else {
      expect(restricted).toHaveLength(1);
      expect(restricted[0]).toMatch(expected);
    }
  });
});
