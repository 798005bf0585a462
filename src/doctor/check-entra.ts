/**
 * Entra accepts the bot's app id and credential: a client-credentials token for the Bot Framework
 * (https://api.botframework.com/.default), asked from the bot's tenant (SingleTenant, UserAssignedMsi) or
 * botframework.com (MultiTenant), as botframework-connector asks it before every reply. First the tenant's
 * OpenID document, so that "cannot reach Entra" and "no such tenant" are told apart from a refused credential
 * (MSAL reports both as endpoints_resolution_error).
 */
import { adviseEntra } from './entra-advice';
import { botFrameworkTenant } from './bot-credential';
import { httpGet, jsonOf, networkReason } from './http-get';
import { CredentialUnavailableError } from './bot-token';
import { fail, pass, skip, type Check, type CheckResult, type DoctorContext } from './types';

async function tenantProblem(ctx: DoctorContext, tenant: string): Promise<CheckResult | undefined> {
  const { config } = ctx;
  const url = `${config.entra.authorityHost}/${encodeURIComponent(tenant)}/v2.0/.well-known/openid-configuration`;
  let answer;
  try {
    answer = await httpGet(url, { ca: config.trustedCaPem, timeoutMs: ctx.timeoutMs });
  } catch (e) {
    return fail(
      'entra',
      'entra.unreachable',
      `cannot reach Entra at ${config.entra.authorityHost} (${networkReason(e)})`,
      `check outbound HTTPS from this host to ${config.entra.authorityHost} (proxy, firewall) and AUTHORITY_HOST`,
    );
  }
  if (answer.status === 200) return undefined;
  const body = jsonOf(answer);
  const description = typeof body?.error_description === 'string' ? body.error_description : `HTTP ${answer.status}`;
  const refusal = adviseEntra(new Error(description), config, tenant);
  return fail('entra', refusal.kind, `Entra does not know tenant ${tenant}: ${refusal.said}`, refusal.advice);
}

export const entraCheck: Check = {
  id: 'entra',
  timeoutAdvice: (ctx) => `check outbound HTTPS from this host to ${ctx.config.entra.authorityHost}`,
  async run(ctx) {
    const { config } = ctx;
    const tenant = botFrameworkTenant(config);
    const problem = await tenantProblem(ctx, tenant);
    if (problem) return problem;
    try {
      await ctx.botFrameworkToken();
    } catch (e) {
      if (e instanceof CredentialUnavailableError) {
        if (e.onlyOnHost)
          return skip(
            'entra',
            `skipped: ${e.message}; run the doctor on the App Service (SSH: node dist/doctor/main.js)`,
          );
        return fail(
          'entra',
          'entra.badCertificate',
          e.message,
          'fix BOT_CERTIFICATE_FILE: one PEM file with the certificate and its private key',
        );
      }
      const refusal = adviseEntra(e, config, tenant);
      return fail(
        'entra',
        refusal.kind,
        `Entra refused app ${config.bot.id} in tenant ${tenant}: ${refusal.said}`,
        refusal.advice,
      );
    }
    const credential = config.bot.password ? 'secret' : config.bot.certificatePem ? 'certificate' : 'managed identity';
    return pass(
      'entra',
      `app ${config.bot.id} and its ${credential} accepted by Entra (tenant ${tenant}): a Bot Framework token was issued`,
    );
  },
};
