/**
 * Runs the doctor: the config first (everything else needs it), then the independent checks in parallel,
 * each within its own time limit. Results come back in a fixed order, whatever finished first.
 */
import path from 'node:path';
import { sharedBotFrameworkToken } from './bot-token';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { checkConfig } from './check-config';
import { credentialCheck } from './check-credential';
import { deploymentCheck } from './check-deployment';
import { entraCheck } from './check-entra';
import { graphCheck } from './check-graph';
import { manifestCheck } from './check-manifest';
import { storeCheck } from './check-store';
import { tokenServiceCheck } from './check-token-service';
import { PROJECT_ROOT, processEnvironment, toolkitEnvironment, type LoadedEnvironment } from './environment';
import { formatReport } from './report';
import { fail, skip, type BuildInfo, type Check, type CheckResult, type DoctorContext } from './types';

export interface DoctorOptions {
  /** A Toolkit environment (env/.env.<name> + .user); without it, the process environment. */
  envName?: string;
  /** Default <root>/env. */
  envDir?: string;
  /** The project folder. Default the one this file is in. */
  root?: string;
  /** Default <root>/appPackage. */
  appDir?: string;
  /** Default process.env. */
  processEnv?: Record<string, string | undefined>;
  /** Per check. Default 20 s. */
  timeoutMs?: number;
  /** What the deployed bot should report. Default: <root>/package.json's version and `git rev-parse HEAD` in root. */
  build?: BuildInfo;
  /** --url: where the deployed bot answers (default BOT_ENDPOINT, https://BOT_DOMAIN or WEBSITE_HOSTNAME). */
  deployedUrl?: string;
}

export interface DoctorReport {
  results: CheckResult[];
  /** The printable lines: one per check, then the summary. */
  lines: string[];
  /** 1 when any check failed. */
  exitCode: 0 | 1;
}

const CHECKS: Check[] = [
  credentialCheck,
  entraCheck,
  tokenServiceCheck,
  graphCheck,
  storeCheck,
  manifestCheck,
  deploymentCheck,
];
/** Checks that talk to Azure (or of the Azure credential): meaningless in local mode. */
const AZURE_ONLY = new Set(['credential', 'entra', 'token-service', 'graph', 'deployment']);

/** This build: package.json's version, and the commit when the project folder is a git checkout. */
export function buildInfo(root: string): BuildInfo {
  let version = '';
  try {
    version = String((JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version?: unknown }).version ?? '');
  } catch {
    // no package.json here: the deployment check says the build is unknown
  }
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
    return { version, commit: /^[0-9a-f]{7,40}$/.test(commit) ? commit : undefined };
  } catch {
    return { version }; // no git here (e.g. on App Service): the version alone is compared
  }
}

async function within(check: Check, ctx: DoctorContext): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve(
          fail(
            check.id,
            'check.timeout',
            `no answer within ${Math.round(ctx.timeoutMs / 1000)} s`,
            check.timeoutAdvice(ctx),
          ),
        ),
      ctx.timeoutMs,
    );
    timer.unref();
  });
  try {
    return await Promise.race([check.run(ctx), timeout]);
  } catch (e) {
    return fail(
      check.id,
      'check.crashed',
      `the check itself failed (${e instanceof Error ? e.message : String(e)})`,
      'this is a bug in the doctor: please report it with this line',
    );
  } finally {
    clearTimeout(timer);
  }
}

function secretsOf(loaded: LoadedEnvironment | undefined): string[] {
  const env = loaded?.env ?? {};
  const secrets = [env.BOT_PASSWORD, env.SECRET_BOT_PASSWORD].filter((s): s is string => Boolean(s));
  for (const url of [env.DATABASE_URL]) {
    try {
      const password = url ? decodeURIComponent(new URL(url).password) : '';
      if (password) secrets.push(password);
    } catch {
      // not a URL: the config check says so
    }
  }
  return secrets;
}

export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const root = options.root ?? PROJECT_ROOT;
  const processEnv = options.processEnv ?? process.env;
  let loaded: LoadedEnvironment | undefined;
  let results: CheckResult[];
  let unreadable = '';
  try {
    loaded = options.envName
      ? toolkitEnvironment({ root, envName: options.envName, envDir: options.envDir, fallback: processEnv })
      : processEnvironment(processEnv);
  } catch (e) {
    unreadable = e instanceof Error ? e.message : String(e);
  }
  if (!loaded) {
    results = [
      fail(
        'config',
        'config.invalid',
        unreadable,
        `check --env and --env-dir: env/.env.${options.envName ?? '<name>'} must exist`,
      ),
    ];
    results.push(...CHECKS.map((c) => skip(c.id, 'skipped: the configuration is not valid')));
  } else {
    const { config, result } = checkConfig(loaded);
    results = [result];
    if (!config) {
      results.push(...CHECKS.map((c) => skip(c.id, 'skipped: the configuration is not valid')));
    } else {
      const ctx: DoctorContext = {
        config,
        env: loaded.env,
        source: loaded.source,
        root,
        appDir: options.appDir ?? path.join(root, 'appPackage'),
        timeoutMs: options.timeoutMs ?? 20_000,
        botFrameworkToken: sharedBotFrameworkToken(config, loaded.env),
        build: options.build ?? buildInfo(root),
        deployedUrl: options.deployedUrl,
      };
      const ran = await Promise.all(
        CHECKS.map((c) =>
          config.mode === 'local' && AZURE_ONLY.has(c.id)
            ? Promise.resolve(
                skip(
                  c.id,
                  'skipped: local mode (BOT_ID is empty), nothing in Azure to check: set BOT_ID, or use --env <name>',
                ),
              )
            : within(c, ctx),
        ),
      );
      results.push(...ran);
    }
  }
  const exitCode = results.some((r) => r.status === 'fail') ? 1 : 0;
  return { results, lines: formatReport(results, secretsOf(loaded)), exitCode };
}
