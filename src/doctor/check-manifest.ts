/**
 * The Teams app manifest matches the environment (only with --env: its ${{VAR}} placeholders come from the
 * Toolkit's env files, resolved by the project's own reader as `npm run package` does):
 * - no unresolved placeholder;
 * - bots[0].botId and webApplicationInfo.id are BOT_ID, webApplicationInfo.resource is api://botid-{BOT_ID}
 *   (Teams SSO: the resource must be the app's Application ID URI);
 * - validDomains holds BOT_DOMAIN (the host of BOT_ENDPOINT) and token.botframework.com (the sign-in pages);
 * - aad.manifest.json's identifierUris holds api://botid-{BOT_ID};
 * - the built package (appPackage/build/appPackage.<env>.zip), when there is one, says the same: a package
 *   built before a re-provision carries another bot id and would be uploaded by mistake.
 */
import fs from 'node:fs';
import path from 'node:path';
import type AdmZipType from 'adm-zip';
import { envFilesModule } from './environment';
import { fail, pass, skip, type Check, type CheckResult, type DoctorContext } from './types';

interface TeamsManifest {
  id?: string;
  bots?: { botId?: string }[];
  validDomains?: string[];
  webApplicationInfo?: { id?: string; resource?: string };
}

const SIGN_IN_DOMAIN = 'token.botframework.com';

function rel(ctx: DoctorContext, file: string): string {
  return path.relative(process.cwd(), file) || file;
}

function resolvedJson<T>(
  ctx: DoctorContext,
  file: string,
  vars: Map<string, string>,
): { value?: T; unresolved: string[]; error?: string } {
  try {
    const resolved = envFilesModule(ctx.root).resolvePlaceholders(fs.readFileSync(file, 'utf8'), vars, { json: true });
    return { value: JSON.parse(resolved.text) as T, unresolved: resolved.unresolved };
  } catch (e) {
    return { unresolved: [], error: e instanceof Error ? e.message : String(e) };
  }
}

/** What must hold of a manifest for this environment; the problems, empty when it matches. */
function mismatches(m: TeamsManifest, botId: string, domain: string): string[] {
  const problems: string[] = [];
  const resource = `api://botid-${botId}`;
  if (m.bots?.[0]?.botId !== botId)
    problems.push(`bots[0].botId is ${m.bots?.[0]?.botId ?? '(none)'}, not BOT_ID ${botId}`);
  if (m.webApplicationInfo?.id !== botId)
    problems.push(`webApplicationInfo.id is ${m.webApplicationInfo?.id ?? '(none)'}, not BOT_ID ${botId}`);
  if (m.webApplicationInfo?.resource !== resource)
    problems.push(`webApplicationInfo.resource is ${m.webApplicationInfo?.resource ?? '(none)'}, not ${resource}`);
  const domains = (m.validDomains ?? []).map((d) => d.toLowerCase());
  if (domain && !domains.includes(domain.toLowerCase())) problems.push(`validDomains lacks BOT_DOMAIN ${domain}`);
  if (!domains.includes(SIGN_IN_DOMAIN)) problems.push(`validDomains lacks ${SIGN_IN_DOMAIN} (the sign-in pages)`);
  return problems;
}

function builtPackage(ctx: DoctorContext, envName: string, botId: string, domain: string): CheckResult | string {
  const zipPath = path.join(ctx.appDir, 'build', `appPackage.${envName}.zip`);
  if (!fs.existsSync(zipPath)) return `no built package yet (${rel(ctx, zipPath)})`;
  let built: TeamsManifest;
  try {
    // adm-zip is a dev dependency: loaded only here (with --env, on a workstation), never on the App Service host.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const AdmZip = require('adm-zip') as typeof AdmZipType;
    const entry = new AdmZip(zipPath).getEntry('manifest.json');
    if (!entry) throw new Error('it has no manifest.json');
    built = JSON.parse(entry.getData().toString('utf8')) as TeamsManifest;
  } catch (e) {
    return fail(
      'manifest',
      'manifest.unreadable',
      `${rel(ctx, zipPath)} cannot be read (${e instanceof Error ? e.message : String(e)})`,
      `rebuild it: npm run package -- --env ${envName}`,
    );
  }
  const problems = mismatches(built, botId, domain);
  if (problems.length) {
    return fail(
      'manifest',
      'manifest.stalePackage',
      `${rel(ctx, zipPath)} was built for another configuration: ${problems.join('; ')}`,
      `rebuild it (npm run package -- --env ${envName}, or teamsapp provision --env ${envName}) and upload the new package`,
    );
  }
  return `${rel(ctx, zipPath)} matches`;
}

export const manifestCheck: Check = {
  id: 'manifest',
  timeoutAdvice: () => 'the manifest check reads local files only: check the disk',
  async run(ctx) {
    const template = path.join(ctx.appDir, 'manifest.json');
    if (ctx.source.kind !== 'toolkit') {
      if (!fs.existsSync(template))
        return skip(
          'manifest',
          'skipped: appPackage/ is not here (it is not deployed to App Service): run `npm run doctor -- --env <name>` in the project',
        );
      return skip(
        'manifest',
        'skipped: the manifest is compared with a Toolkit environment: add --env <name> (e.g. --env dev)',
      );
    }
    const { envName, vars } = ctx.source;
    const read = resolvedJson<TeamsManifest>(ctx, template, vars);
    if (!read.value)
      return fail(
        'manifest',
        'manifest.unreadable',
        `${rel(ctx, template)} cannot be read (${read.error})`,
        'restore appPackage/manifest.json from the repository',
      );
    if (read.unresolved.length) {
      return fail(
        'manifest',
        'manifest.unresolved',
        `${rel(ctx, template)} has unresolved placeholder(s) for "${envName}": ${read.unresolved.join(', ')}`,
        `\`teamsapp provision --env ${envName}\` writes most of them; set the others in env/.env.${envName}`,
      );
    }
    const botId = vars.get('BOT_ID') ?? '';
    const domain = vars.get('BOT_DOMAIN') ?? '';
    const problems = mismatches(read.value, botId, domain);
    const endpoint = vars.get('BOT_ENDPOINT');
    if (endpoint) {
      let host = '';
      try {
        host = new URL(endpoint).host;
      } catch {
        host = '(not a URL)';
      }
      if (domain && host.toLowerCase() !== domain.toLowerCase())
        problems.push(`BOT_ENDPOINT's host ${host} is not BOT_DOMAIN ${domain}`);
    }
    const aad = resolvedJson<{ identifierUris?: string[] }>(ctx, path.join(ctx.root, 'aad.manifest.json'), vars);
    if (aad.value && !(aad.value.identifierUris ?? []).includes(`api://botid-${botId}`))
      problems.push(`aad.manifest.json's identifierUris lack api://botid-${botId}`);
    if (problems.length) {
      return fail(
        'manifest',
        'manifest.mismatch',
        `${rel(ctx, template)} does not match "${envName}": ${problems.join('; ')}`,
        `put the \${{BOT_ID}} / \${{BOT_DOMAIN}} placeholders back (see the repository's appPackage/manifest.json), re-run \`teamsapp provision --env ${envName}\``,
      );
    }
    const built = builtPackage(ctx, envName, botId, domain);
    if (typeof built !== 'string') return built;
    return pass(
      'manifest',
      `ids and domains match "${envName}" (bot ${botId}, SSO api://botid-${botId}, domains ${domain}, ${SIGN_IN_DOMAIN}); ${built}`,
    );
  },
};
