/**
 * A stand-in for the Azure CLI on PATH, for the provisioning and rotation scripts: records each call (its
 * arguments, and the content of every `@file` argument, read while the call runs) and answers from a table keyed
 * by the first words of the command (e.g. "ad app credential reset"). Nothing leaves the machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface AzCall {
  argv: string[];
  files: Record<string, string>;
}

export interface FakeAz {
  /** PATH with the fake first, AZ_FAKE_* telling it where to log and what to answer. */
  env: Record<string, string>;
  calls(): AzCall[];
  close(): void;
}

const SCRIPT = `#!/usr/bin/env node
const fs = require('node:fs');
const argv = process.argv.slice(2);
const files = {};
for (const a of argv) if (a.startsWith('@')) files[a.slice(1)] = fs.readFileSync(a.slice(1), 'utf8');
fs.appendFileSync(process.env.AZ_FAKE_LOG, JSON.stringify({ argv, files }) + '\\n');
const answers = JSON.parse(fs.readFileSync(process.env.AZ_FAKE_ANSWERS, 'utf8'));
const words = argv.filter((a) => !a.startsWith('-')).slice(0, 4).join(' ');
const key = Object.keys(answers).filter((k) => words.startsWith(k)).sort((a, b) => b.length - a.length)[0];
if (key === undefined) { process.stderr.write('ERROR: unexpected command ' + words + '\\n'); process.exit(2); }
const answer = answers[key];
if (answer && answer.__fail) { process.stderr.write(answer.__fail + '\\n'); process.exit(1); }
if (answer !== null) process.stdout.write(JSON.stringify(answer));
`;

export function startFakeAz(answers: Record<string, unknown>): FakeAz {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-az-'));
  fs.writeFileSync(path.join(dir, 'az'), SCRIPT, { mode: 0o755 });
  const log = path.join(dir, 'calls.jsonl');
  const answersFile = path.join(dir, 'answers.json');
  fs.writeFileSync(answersFile, JSON.stringify(answers));
  fs.writeFileSync(log, '');
  return {
    env: { PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}`, AZ_FAKE_LOG: log, AZ_FAKE_ANSWERS: answersFile },
    calls: () =>
      fs
        .readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AzCall),
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
