/**
 * Where the doctor's configuration comes from.
 * - Without --env: the process environment, exactly as the bot reads it (e.g. on App Service, where the app
 *   settings are the environment).
 * - With --env <name>: Teams Toolkit's env/.env.<name> and env/.env.<name>.user, read by the project's own
 *   reader (scripts/lib/env-files.js, as `npm run package` does), then mapped to the runtime variables the
 *   way provisioning maps them (teamsapp.local.yml's .localConfigs step and infra/azure.bicep's app settings):
 *   SECRET_BOT_PASSWORD -> BOT_PASSWORD (unless BOT_MSI_CLIENT_ID is set), BOT_TYPE SingleTenant, and the access lists' "none" / "self" words
 *   resolved by scripts/access-settings.js. A runtime name written in the files (AUTHORITY_HOST,
 *   DATABASE_URL, ...) passes through; the process environment fills names the files leave empty.
 *
 * scripts/ is not deployed to App Service (infra/.webappignore): it is loaded only for --env.
 */
import path from 'node:path';
import type { ConfigSource } from './types';

type Env = Record<string, string | undefined>;

interface EnvFilesModule {
  loadEnvironment(options: { envName: string; envDir: string; fallback?: Env }): {
    vars: Map<string, string>;
    files: string[];
  };
  resolvePlaceholders(
    text: string,
    vars: Map<string, string>,
    options?: { json?: boolean },
  ): { text: string; unresolved: string[] };
}

interface AccessSettingsModule {
  accessSettings(env: Env): { settings: Record<string, string>; problems: string[] };
}

/** The project folder: src/doctor and dist/doctor both sit two levels below it. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export function envFilesModule(root: string): EnvFilesModule {
  // The project's own env-file reader (plain JS, shared with npm run package), found from the project root at run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(root, 'scripts', 'lib', 'env-files.js')) as EnvFilesModule;
}

function accessSettingsModule(root: string): AccessSettingsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(root, 'scripts', 'access-settings.js')) as AccessSettingsModule;
}

export interface LoadedEnvironment {
  env: Env;
  source: ConfigSource;
  /** Problems found before the config is even read (access words the Toolkit files use wrongly). */
  problems: string[];
}

export function processEnvironment(env: Env = process.env): LoadedEnvironment {
  return { env, source: { kind: 'process' }, problems: [] };
}

/** Reads a Toolkit environment. Throws (with a message naming the files) when env/.env.<name> is missing. */
export function toolkitEnvironment(options: {
  root: string;
  envName: string;
  envDir?: string;
  fallback?: Env;
}): LoadedEnvironment {
  const envDir = options.envDir ?? path.join(options.root, 'env');
  const { vars, files } = envFilesModule(options.root).loadEnvironment({
    envName: options.envName,
    envDir,
    fallback: options.fallback ?? {},
  });
  const plain: Env = Object.fromEntries(vars);
  const access = accessSettingsModule(options.root).accessSettings(plain);
  const env: Env = {
    ...plain,
    // With the managed identity (infra/azure.bicep's default) the bot gets no secret: SECRET_BOT_PASSWORD stays
    // the OAuth connection's alone, as in the app settings.
    BOT_PASSWORD: plain.BOT_PASSWORD || (plain.BOT_MSI_CLIENT_ID ? undefined : plain.SECRET_BOT_PASSWORD),
    BOT_TYPE: plain.BOT_TYPE || 'SingleTenant',
    ...access.settings,
  };
  const where = files.map((f) => path.relative(process.cwd(), f) || f).join(' + ');
  return {
    env,
    source: { kind: 'toolkit', envName: options.envName, files, vars },
    problems: access.problems.map((p) => `${p} (${where})`),
  };
}

/** Short, for the output: "env/.env.dev + env/.env.dev.user" or "the process environment". */
export function describeSource(source: ConfigSource): string {
  if (source.kind === 'process') return 'the process environment';
  return source.files.map((f) => path.relative(process.cwd(), f) || f).join(' + ');
}
