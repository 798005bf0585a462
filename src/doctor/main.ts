/**
 * npm run doctor [-- --env <name>] [--env-dir <dir>] [--app-dir <dir>] [--timeout <seconds>] [--url <https://host>]
 *
 * Checks a real configuration, one line per check, and exits 1 when any check fails. Without --env it reads
 * the process environment, as the bot does (on App Service: SSH, cd /home/site/wwwroot,
 * `node dist/doctor/main.js`); with --env <name> the Teams Toolkit files env/.env.<name>(.user).
 */
import path from 'node:path';
import { runDoctor, type DoctorOptions } from './run';

const USAGE =
  'Usage: npm run doctor [-- --env <name>] [--env-dir <dir>] [--app-dir <dir>] [--timeout <seconds>] [--url <https://host of the deployed bot>]';

export class UsageError extends Error {}

export function parseDoctorArgs(argv: string[]): DoctorOptions {
  const out: DoctorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (m?.[1] === 'help') throw new UsageError(USAGE);
    if (!m || !['env', 'env-dir', 'app-dir', 'timeout', 'url'].includes(m[1]))
      throw new UsageError(`Unknown argument "${argv[i]}". ${USAGE}`);
    const value = m[2] !== undefined ? m[2] : argv[++i];
    if (value === undefined || value.startsWith('--') || value === '')
      throw new UsageError(`--${m[1]} needs a value. ${USAGE}`);
    if (m[1] === 'env') out.envName = value;
    else if (m[1] === 'env-dir') out.envDir = path.resolve(value);
    else if (m[1] === 'app-dir') out.appDir = path.resolve(value);
    else if (m[1] === 'url') {
      if (!/^https:\/\/[^/\s]+\/?$/.test(value))
        throw new UsageError(`--url must be https://<host of the deployed bot> (got "${value}"). ${USAGE}`);
      out.deployedUrl = value;
    } else {
      const seconds = Number(value);
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600)
        throw new UsageError(`--timeout must be a number of seconds from 1 to 600. ${USAGE}`);
      out.timeoutMs = seconds * 1000;
    }
  }
  return out;
}

async function main(): Promise<void> {
  let options: DoctorOptions;
  try {
    options = parseDoctorArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
  const report = await runDoctor(options);
  // Exit once written: a check that timed out may still hold a socket or a pool open.
  process.stdout.write(`${report.lines.join('\n')}\n`, () => process.exit(report.exitCode));
}

if (require.main === module) void main();
