/**
 * Local mode's environment, in layers: built-in defaults (simulated-tenant.ts) < env/local-mode.env <
 * process.env. And the settings only local mode reads (playground, simulator ports, startup faults),
 * validated like the rest of the configuration: every problem is named in one ConfigError.
 */
import { resolve } from 'node:path';
import { ConfigError } from '../config';
import { localModeDefaults } from './simulated-tenant';
import { readEnvFile } from './env-file';
import { FaultSpecError, parseFaultSpec, type FaultsBody } from './fault-spec';
import { findPlaygroundUser, selectableUsers, type PlaygroundUser } from './playground-config';

type Env = Record<string, string | undefined>;

/** The documented file local mode reads (next to env/sample.env). */
export const LOCAL_ENV_FILE = resolve(__dirname, '../../env/local-mode.env');

/** Ports tried first, so the control URL stays the same from run to run; taken ports fall back to free ones. */
export const PREFERRED_SIMULATOR_PORT = 56160;
export const PREFERRED_SIMULATOR_TOKEN_SERVICE_PORT = 56161;
export const PREFERRED_PLAYGROUND_PORT = 56150;

export { isLocalMode } from '../lifecycle';

export interface LocalEnv {
  env: Env;
  /** The env file, if there was one. */
  file?: string;
}

/**
 * defaults < env file < process.env. PORT defaults to 0 (a free port): something on some machines sends
 * stray traffic to 3978, and the playground is told the real port anyway.
 */
export function localModeEnv(processEnv: Env, envFile: string | undefined = LOCAL_ENV_FILE): LocalEnv {
  const read = envFile ? readEnvFile(envFile) : { vars: {}, problems: [], found: false };
  const problems = [...read.problems];
  if ((read.vars.BOT_ID ?? '').trim())
    problems.push(
      `${envFile}: BOT_ID does not belong in the local-mode file (set it in the environment to run against Azure)`,
    );
  if (problems.length) throw new ConfigError(problems);
  const { BOT_ID: _ignored, ...fromFile } = read.vars;
  const env: Env = { ...localModeDefaults(), PORT: '0', ...fromFile, ...processEnv };
  // A customers file of one's own replaces the simulated customers (CUSTOMERS and CUSTOMERS_FILE exclude each other).
  if (
    (fromFile.CUSTOMERS_FILE ?? processEnv.CUSTOMERS_FILE ?? '').trim() &&
    !(fromFile.CUSTOMERS ?? processEnv.CUSTOMERS)
  ) {
    delete env.CUSTOMERS;
  }
  return {
    env,
    file: read.found ? envFile : undefined,
  };
}

export interface LocalOptions {
  dataDir: string;
  playground: boolean;
  playgroundPort: number;
  /** The playground's current user (LOCAL_PLAYGROUND_USER); default Alex Wilber. */
  playgroundUser?: PlaygroundUser;
  /** A playground config file of your own (M365_AGENTS_PLAYGROUND_CONFIG_PATH); then LOCAL_PLAYGROUND_USER is ignored. */
  playgroundConfigPath?: string;
  /** Explicit ports (0 = any free one), or undefined: the preferred port if free, else any. */
  simulatorPort?: number;
  simulatorTokenServicePort?: number;
  /** SIMULATOR_FAULTS, parsed. */
  faults: FaultsBody[];
}

function port(env: Env, name: string, problems: string[]): number | undefined {
  const raw = (env[name] ?? '').trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    problems.push(`${name} must be a port number from 0 to 65535 (got "${raw}")`);
    return undefined;
  }
  return n;
}

export function readLocalOptions(env: Env): LocalOptions {
  const problems: string[] = [];
  const flag = (env.LOCAL_PLAYGROUND ?? '').trim().toLowerCase();
  if (flag && !['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off'].includes(flag))
    problems.push(`LOCAL_PLAYGROUND must be true or false (got "${flag}")`);
  const playground = !['0', 'false', 'no', 'off'].includes(flag);
  let playgroundUser: PlaygroundUser | undefined;
  const who = (env.LOCAL_PLAYGROUND_USER ?? '').trim();
  if (who) {
    playgroundUser = findPlaygroundUser(who);
    if (!playgroundUser)
      problems.push(
        `LOCAL_PLAYGROUND_USER must be one of ${selectableUsers()
          .map((u) => `"${u.name}"`)
          .join(', ')} (got "${who}")`,
      );
  }
  let faults: FaultsBody[] = [];
  try {
    faults = parseFaultSpec(env.SIMULATOR_FAULTS ?? '');
  } catch (e) {
    if (!(e instanceof FaultSpecError)) throw e;
    problems.push(`SIMULATOR_FAULTS: ${e.message}`);
  }
  const playgroundConfigPath = (env.M365_AGENTS_PLAYGROUND_CONFIG_PATH ?? '').trim() || undefined;
  const options: LocalOptions = {
    dataDir: (env.DATA_DIR ?? '').trim() || './data',
    playground,
    playgroundPort: port(env, 'LOCAL_PLAYGROUND_PORT', problems) ?? PREFERRED_PLAYGROUND_PORT,
    playgroundUser: playgroundConfigPath ? undefined : (playgroundUser ?? findPlaygroundUser('Alex Wilber')),
    playgroundConfigPath,
    simulatorPort: port(env, 'SIMULATOR_PORT', problems),
    simulatorTokenServicePort: port(env, 'SIMULATOR_TOKEN_SERVICE_PORT', problems),
    faults,
  };
  if (options.playgroundConfigPath && who)
    problems.push('Set LOCAL_PLAYGROUND_USER or M365_AGENTS_PLAYGROUND_CONFIG_PATH, not both');
  if (problems.length) throw new ConfigError(problems);
  return options;
}
