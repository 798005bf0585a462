/**
 * Microsoft Graph reachable, and what can be seen of the consent without a user.
 *
 * - Reachable: GET /v1.0/me without a token. Graph answers 401 with its own error JSON
 *   ({"error":{"code":"InvalidAuthenticationToken",...}}): that proves Graph (not a proxy page) answers.
 * - The bot's app-only Graph token (client credentials, https://graph.microsoft.com/.default) from each
 *   allowed tenant: proves the app and its service principal exist there. Its `roles` claim lists the
 *   admin-consented application permissions; each one aad.manifest.json asks for must be there.
 * - The bot acts with DELEGATED permissions (on-behalf-of each user). Microsoft documents the delegated grants
 *   as oAuth2PermissionGrant objects, readable with Directory.Read.All
 *   (https://learn.microsoft.com/graph/api/serviceprincipal-list-oauth2permissiongrants), which this bot
 *   does not have and should not get for a check: so the delegated grant is NOT verified, and the line says so
 *   and gives the admin-consent URL.
 */
import { graphScopes } from '../core/ports';
import { askedAppPermissions, rolesOf } from './app-permissions';
import { GRAPH_APP_SCOPE, appCredential } from './bot-credential';
import { adviseEntra } from './entra-advice';
import { httpGet, jsonOf, networkReason } from './http-get';
import { fail, pass, skip, type Check, type CheckResult, type DoctorContext } from './types';

const MAX_TENANTS = 5;

function consentUrl(ctx: DoctorContext, tenant: string): string {
  return `${ctx.config.entra.authorityHost}/${encodeURIComponent(tenant)}/adminconsent?client_id=${encodeURIComponent(ctx.config.bot.id)}`;
}

function delegatedScopes(ctx: DoctorContext): string {
  // Every group the bot checks membership of: admins, readers and approvers (src/core/authorization.ts).
  const { access, approval } = ctx.config;
  const groups = access.adminGroupIds.length + access.readerGroupIds.length + approval.approverGroupIds.length > 0;
  return graphScopes(groups)
    .map((s) => s.replace('https://graph.microsoft.com/', ''))
    .join(', ');
}

async function reachable(ctx: DoctorContext): Promise<CheckResult | string> {
  const base = ctx.config.graph.baseUrl;
  let answer;
  try {
    answer = await httpGet(`${base}/v1.0/me`, { ca: ctx.config.trustedCaPem, timeoutMs: ctx.timeoutMs });
  } catch (e) {
    return fail(
      'graph',
      'graph.unreachable',
      `cannot reach Microsoft Graph at ${base} (${networkReason(e)})`,
      `check outbound HTTPS from this host to ${base} (proxy, firewall) and GRAPH_BASE_URL`,
    );
  }
  const code = (jsonOf(answer)?.error as { code?: unknown } | undefined)?.code;
  if (answer.status !== 401 || typeof code !== 'string') {
    return fail(
      'graph',
      'graph.notGraph',
      `${base} answered a request without a token with HTTP ${answer.status}, not Graph's 401 error JSON`,
      "GRAPH_BASE_URL must be Microsoft Graph (https://graph.microsoft.com, or your national cloud's); a proxy may be answering instead",
    );
  }
  return `reachable (401 ${code} without a token)`;
}

async function appOnly(
  ctx: DoctorContext,
  tenant: string,
): Promise<CheckResult | { tenant: string; roles?: string[] } | { tenant: string; unavailable: string }> {
  const choice = appCredential(ctx.config, tenant, ctx.env);
  if ('unavailable' in choice) return { tenant, unavailable: choice.unavailable };
  try {
    const token = await choice.credential.getToken(GRAPH_APP_SCOPE);
    return { tenant, roles: token?.token ? rolesOf(token.token) : undefined };
  } catch (e) {
    const refusal = adviseEntra(e, ctx.config, tenant);
    return fail(
      'graph',
      'graph.noAppToken',
      `no app-only Graph token for app ${ctx.config.bot.id} in tenant ${tenant}: ${refusal.said}`,
      refusal.advice,
    );
  }
}

export const graphCheck: Check = {
  id: 'graph',
  timeoutAdvice: (ctx) =>
    `check outbound HTTPS from this host to ${ctx.config.graph.baseUrl} and ${ctx.config.entra.authorityHost}`,
  async run(ctx) {
    const tenants = ctx.config.access.allowedTenantIds.slice(0, MAX_TENANTS);
    const [reach, ...tokens] = await Promise.all([reachable(ctx), ...tenants.map((t) => appOnly(ctx, t))]);
    if (typeof reach !== 'string') return reach;
    const asked = askedAppPermissions(ctx.root);
    const seen: string[] = [];
    for (const t of tokens) {
      if ('status' in t) return t;
      if ('unavailable' in t) {
        seen.push(`app-only token in ${t.tenant} not tried (${t.unavailable})`);
        continue;
      }
      const missing = t.roles
        ? asked.names.filter((n) => !t.roles!.some((r) => r.toLowerCase() === n.toLowerCase()))
        : asked.names;
      if (missing.length) {
        return fail(
          'graph',
          'graph.permissionMissing',
          `the app-only token from tenant ${t.tenant} lacks ${missing.join(', ')}, which aad.manifest.json asks for: admin consent has not been granted there`,
          `an admin of ${t.tenant} opens ${consentUrl(ctx, t.tenant)} (or Entra admin center > App registrations > ${ctx.config.bot.id} > API permissions > Grant admin consent)`,
        );
      }
      const roles =
        t.roles === undefined
          ? 'its roles are not readable'
          : t.roles.length
            ? `application permissions consented: ${t.roles.join(', ')}`
            : 'no application permissions';
      seen.push(`app-only token from tenant ${t.tenant} (${roles})`);
    }
    if (!tenants.length) return skip('graph', `${reach}; skipped the token: ALLOWED_TENANT_IDS names no tenant`);
    const unnamed = asked.unnamed.length ? `; not compared: app role id(s) ${asked.unnamed.join(', ')}` : '';
    const first = tenants[0];
    return pass(
      'graph',
      `${reach}; ${seen.join('; ')}${unnamed}. NOT verified: the delegated grant (${delegatedScopes(ctx)}), which no app can see without a user or Directory.Read.All` +
        ` - if users get a consent card, an admin opens ${consentUrl(ctx, first)}`,
    );
  },
};
