/**
 * The deployed bot: GET https://{BOT_DOMAIN}/healthz and /readyz answer 200, and the version and commit that
 * /healthz reports (fields `version`, `commit`) are the ones built here (package.json's version, the git commit
 * of the project folder). Where: BOT_ENDPOINT (https://{BOT_DOMAIN}, written by provisioning to env/.env.<name>),
 * else https://{BOT_DOMAIN}; on App Service itself the platform's WEBSITE_HOSTNAME; `--url` overrides them all. Skipped when none is known.
 */
import { httpGet, jsonOf, networkReason, type GetAnswer } from './http-get';
import { fail, pass, skip, warn, type Check, type CheckResult, type DoctorContext } from './types';

/** https://host of the deployed bot, or undefined when nothing names it. */
function deployedBase(ctx: DoctorContext): string | undefined {
  const { env } = ctx;
  const endpoint = (ctx.deployedUrl ?? env.BOT_ENDPOINT ?? '')
    .trim()
    .replace(/\/api\/messages$/, '')
    .replace(/\/+$/, '');
  if (/^https:\/\/[^/]+$/.test(endpoint)) return endpoint;
  const host = (env.BOT_DOMAIN || env.WEBSITE_HOSTNAME || '').trim();
  return host ? `https://${host}` : undefined;
}

function deployAdvice(ctx: DoctorContext): string {
  const name = ctx.source.kind === 'toolkit' ? ctx.source.envName : '<name>';
  return `deploy this build: \`teamsapp deploy --env ${name}\` (docs/deploy.md), then the doctor again`;
}

function sameCommit(deployed: string, built: string): boolean {
  const a = deployed.toLowerCase();
  const b = built.toLowerCase();
  return a.length >= 7 && b.length >= 7 && (a.startsWith(b) || b.startsWith(a));
}

function versionResult(ctx: DoctorContext, base: string, healthz: GetAnswer): CheckResult {
  const body = jsonOf(healthz) ?? {};
  const version = typeof body.version === 'string' ? body.version : undefined;
  const commit = typeof body.commit === 'string' && body.commit ? body.commit : undefined;
  const { build } = ctx;
  if (!build.version) {
    return warn(
      'deployment',
      'deployment.noVersion',
      `${base} answers /healthz and /readyz (200) and reports ${version ?? 'no version'}, but this build's version is unknown (no package.json in ${ctx.root})`,
      'run the doctor from the project folder',
    );
  }
  if (!version) {
    return warn(
      'deployment',
      'deployment.noVersion',
      `${base} answers /healthz and /readyz (200), but /healthz reports no version or commit: cannot tell whether it runs this build (${build.version})`,
      deployAdvice(ctx),
    );
  }
  const deployed = `${version}${commit ? ` (commit ${commit.slice(0, 12)})` : ''}`;
  const built = `${build.version}${build.commit ? ` (commit ${build.commit.slice(0, 12)})` : ''}`;
  const commitDiffers = Boolean(commit && build.commit && !sameCommit(commit, build.commit));
  if (version !== build.version || commitDiffers) {
    return fail(
      'deployment',
      'deployment.versionMismatch',
      `${base} runs ${deployed}, but this build is ${built}`,
      deployAdvice(ctx),
    );
  }
  const unknown = !commit
    ? ' (/healthz reports no commit)'
    : !build.commit
      ? ' (the commit built here is unknown: no git)'
      : '';
  return pass('deployment', `${base} answers /healthz and /readyz (200) and runs this build: ${deployed}${unknown}`);
}

export const deploymentCheck: Check = {
  id: 'deployment',
  timeoutAdvice: (ctx) =>
    `the App Service at ${deployedBase(ctx) ?? '(none)'} did not answer: is it running (Azure portal, the web app's Overview and Log stream)?`,
  async run(ctx): Promise<CheckResult> {
    const base = deployedBase(ctx);
    if (!base)
      return skip(
        'deployment',
        'skipped: BOT_DOMAIN is empty, nothing deployed to check (provision first, or set BOT_DOMAIN)',
      );
    const get = (path: string) => httpGet(`${base}${path}`, { ca: ctx.config.trustedCaPem, timeoutMs: ctx.timeoutMs });
    let healthz: GetAnswer;
    let readyz: GetAnswer;
    try {
      healthz = await get('/healthz');
      readyz = await get('/readyz');
    } catch (e) {
      return fail(
        'deployment',
        'deployment.unreachable',
        `cannot reach the deployed bot at ${base} (${networkReason(e)})`,
        `check that BOT_DOMAIN is the web app's host name and that the App Service runs (Azure portal: the web app's Overview); ${deployAdvice(ctx)}`,
      );
    }
    if (healthz.status !== 200) {
      return fail(
        'deployment',
        'deployment.unhealthy',
        `${base}/healthz answered HTTP ${healthz.status}`,
        "the bot process is not serving: read the App Service's Log stream (a configuration error is named there), fix it, restart the web app",
      );
    }
    if (readyz.status !== 200) {
      return fail(
        'deployment',
        'deployment.notReady',
        `${base}/readyz answered HTTP ${readyz.status}: the bot runs but is not ready (its store does not answer)`,
        "check DATABASE_URL and the PostgreSQL server (the store line above, the App Service's Log stream: 'readiness check failed')",
      );
    }
    return versionResult(ctx, base, healthz);
  },
};
