/** What loadConfig says is wrong with an environment (one line per problem), or [] when it accepts it. */
import { ConfigError, loadConfig } from '../../src/config';

export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}
