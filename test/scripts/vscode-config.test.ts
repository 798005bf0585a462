/**
 * F5 in VS Code: .vscode/launch.json runs local mode's entry under the debugger after the "Build" task, with
 * breakpoints in src/ through source maps; the attach configuration meets `npm run dev -- --inspect` on its port.
 * What VS Code would only find out when someone presses F5 is checked here: names, scripts, files, port.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { LOCAL_ENTRY, ROOT } from '../support/build';

/** VS Code's JSON with comments: whole-line // comments only (the files use no other kind). */
const readJsonc = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/^\s*\/\/.*$/gm, ''));

interface Launch {
  name: string;
  request: 'launch' | 'attach';
  program?: string;
  port?: number;
  preLaunchTask?: string;
  postDebugTask?: string;
  sourceMaps?: boolean;
  outFiles?: string[];
}
interface Task {
  label: string;
  type: string;
  script?: string;
  command?: string;
}

const launch: { configurations: Launch[] } = readJsonc('.vscode/launch.json');
const tasks: { tasks: Task[] } = readJsonc('.vscode/tasks.json');
const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
const resolve = (p: string) => path.resolve(p.replace('${workspaceFolder}', ROOT));

it('the first configuration (F5) launches local mode’s entry after building it, with source maps', () => {
  const f5 = launch.configurations[0];
  expect(f5.request).toBe('launch');
  expect(resolve(f5.program!)).toBe(LOCAL_ENTRY);
  expect(tasks.tasks.find((t) => t.label === f5.preLaunchTask)).toMatchObject({ type: 'npm', script: 'build' });
  expect(f5.sourceMaps).toBe(true);
  expect(resolve(f5.outFiles![0])).toBe(path.join(ROOT, 'dist/**/*.js'));
});

it('the build the debugger relies on emits source maps into dist/', () => {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.build.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  expect(parsed?.options.sourceMap).toBe(true);
  expect(parsed?.options.outDir).toBe(path.join(ROOT, 'dist'));
});

it('every task a configuration names exists, and every npm task names a script in package.json', () => {
  const labels = new Set(tasks.tasks.map((t) => t.label));
  for (const c of launch.configurations)
    for (const task of [c.preLaunchTask, c.postDebugTask].filter(Boolean)) expect(labels).toContain(task);
  for (const t of tasks.tasks.filter((t) => t.type === 'npm')) expect(Object.keys(scripts)).toContain(t.script);
});

it('the attach configuration meets npm run dev -- --inspect on its port', () => {
  const attach = launch.configurations.find((c) => c.request === 'attach')!;
  const task = tasks.tasks.find((t) => t.label === attach.preLaunchTask)!;
  expect(task.command).toBe('npm run dev -- --inspect');
  expect(fs.readFileSync(path.join(ROOT, 'scripts/dev.js'), 'utf8')).toContain(`--inspect=127.0.0.1:${attach.port}`);
});
