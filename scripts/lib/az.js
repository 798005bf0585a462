// @ts-check
'use strict';
/**
 * The Azure CLI (`az`), for the provisioning and rotation scripts: one command at a time, JSON out, errors that
 * say what failed and what to do. A secret never goes on a command line (other users of the machine can read
 * those): it travels in a file only its owner can read (`secretFile`), removed right after.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

class AzError extends Error {}

/**
 * Runs `az <args> -o json` and returns the parsed output (undefined when empty).
 * @param {string[]} args
 * @returns {any}
 */
function az(args) {
  const command = process.platform === 'win32' ? 'az.cmd' : 'az';
  const result = spawnSync(command, [...args, '--only-show-errors', '-o', 'json'], {
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  const what = `az ${args
    .filter((a) => !a.startsWith('@') && !a.startsWith('{'))
    .slice(0, 4)
    .join(' ')}`;
  if (result.error) {
    throw new AzError(
      `${what}: the Azure CLI is not available (${result.error.message}): install it (https://aka.ms/azure-cli) and run \`az login\``,
    );
  }
  if (result.status !== 0) {
    const reason = (result.stderr || '').trim().split('\n').slice(-3).join(' ') || `exit code ${result.status}`;
    throw new AzError(
      `${what} failed: ${reason}${/az login|credentials|expired/i.test(reason) ? ' (run `az login` with an account that owns the app, then again)' : ''}`,
    );
  }
  const out = (result.stdout || '').trim();
  return out ? JSON.parse(out) : undefined;
}

/**
 * Writes `content` to a file only this user can read, hands its path to `use`, and removes it afterwards.
 * @template T
 * @param {string} content
 * @param {(file: string) => T} use
 * @returns {T}
 */
function secretFile(content, use) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intune-bot-'));
  const file = path.join(dir, 'body.json');
  try {
    fs.writeFileSync(file, content, { mode: 0o600 });
    return use(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { az, AzError, secretFile };
