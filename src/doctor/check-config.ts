/**
 * The first check: the configuration is what the bot would accept (loadConfig, the bot's own validation),
 * plus, for --env, the Toolkit files' access words. Every later check needs its result.
 */
import { ConfigError, loadConfig, type Config } from '../config';
import { describeSource, type LoadedEnvironment } from './environment';
import { fail, pass, type CheckResult } from './types';

export function checkConfig(loaded: LoadedEnvironment): { config?: Config; result: CheckResult } {
  const from = describeSource(loaded.source);
  if (loaded.source.kind === 'toolkit' && !(loaded.env.BOT_ID ?? '').trim()) {
    const name = loaded.source.envName;
    return {
      result: fail(
        'config',
        'config.notProvisioned',
        `BOT_ID is empty in ${from}: this environment is not provisioned yet`,
        `run \`teamsapp provision --env ${name}\` (docs/deploy.md), then the doctor again`,
      ),
    };
  }
  let config: Config | undefined;
  const problems = [...loaded.problems];
  try {
    config = loadConfig(loaded.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(...e.problems);
  }
  if (problems.length || !config) {
    return {
      result: fail(
        'config',
        'config.invalid',
        `${problems.length} problem(s) in ${from}: ${problems.join('; ')}`,
        'fix the variables named (README.md, Configuration; env/sample.env)',
      ),
    };
  }
  if (config.mode === 'local') {
    return {
      config,
      result: pass(
        'config',
        `valid (local mode: BOT_ID is empty, so the bot runs against its built-in simulated tenant; from ${from})`,
      ),
    };
  }
  const credential = config.bot.password ? 'secret' : config.bot.certificatePem ? 'certificate' : 'managed identity';
  const store = config.store.databaseUrl ? 'PostgreSQL' : 'SQLite';
  return {
    config,
    result: pass('config', `valid (azure mode, ${config.bot.type}, ${credential}, ${store}; from ${from})`),
  };
}
