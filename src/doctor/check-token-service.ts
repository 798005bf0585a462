/**
 * The Azure Bot's OAuth connection answers GetSignInResource (what the bot asks before every sign-in card),
 * with the bot's own token, and its token-exchange resource is the bot's SSO app (api://botid-{BOT_ID}):
 * without it Teams cannot do SSO, with another URI the exchange fails (`signin/failure`).
 * The token service's "no such connection" answer is `ServiceError` "Could not find Connection Setting with
 * name '...'" (msteams-docs, Teams troubleshooting of bot errors; MicrosoftDocs/msteams-docs issue 7407).
 */
import { describeTokenServiceFailure, probeSignInResource } from '../bot/token-service-probe';
import { botFrameworkAppId } from './bot-credential';
import { CredentialUnavailableError } from './bot-token';
import { fail, pass, skip, type Check, type DoctorContext } from './types';

const NETWORK =
  /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|socket hang up|REQUEST_SEND_ERROR/i;

function connectionAdvice(ctx: DoctorContext): string {
  const id = ctx.config.bot.id;
  return (
    `create the OAuth connection "${ctx.config.bot.oauthConnectionName}" on the Azure Bot (Configuration > Add OAuth Connection Settings: ` +
    `Azure Active Directory v2, Token Exchange URL api://botid-${id}, scopes api://botid-${id}/access_as_user), or set OAUTH_CONNECTION_NAME to the existing one's name`
  );
}

export const tokenServiceCheck: Check = {
  id: 'token-service',
  timeoutAdvice: (ctx) =>
    `check outbound HTTPS from this host to ${ctx.config.bot.tokenServiceUrl ?? 'https://api.botframework.com'}`,
  async run(ctx) {
    const { config } = ctx;
    const name = config.bot.oauthConnectionName;
    try {
      await ctx.botFrameworkToken();
    } catch (e) {
      const why = e instanceof CredentialUnavailableError ? e.message : 'Entra gave the bot no token';
      return skip(
        'token-service',
        `skipped: the bot has no Bot Framework token to ask with (${why}; see the entra line)`,
      );
    }
    let answer;
    try {
      answer = await probeSignInResource({
        appId: botFrameworkAppId(config),
        connectionName: name,
        tokenServiceUrl: config.bot.tokenServiceUrl,
        getBotToken: ctx.botFrameworkToken,
      });
    } catch (e) {
      const f = describeTokenServiceFailure(e);
      const where = config.bot.tokenServiceUrl ?? 'the Bot Framework token service';
      if (f.status === undefined && NETWORK.test(`${f.code ?? ''} ${f.message}`)) {
        return fail(
          'token-service',
          'tokenService.unreachable',
          `cannot reach ${where} (${f.code ?? f.message})`,
          'check outbound HTTPS from this host to the token service, and TOKEN_SERVICE_URL (leave it empty for the public cloud)',
        );
      }
      if (f.status === 401 || f.status === 403) {
        return fail(
          'token-service',
          'tokenService.botRefused',
          `${where} refused the bot's token (HTTP ${f.status}: ${f.message})`,
          `the Azure Bot's Microsoft App ID must be ${botFrameworkAppId(config)}, with app type ${config.bot.type} and tenant ${config.bot.tenantId || '(any)'} as configured here`,
        );
      }
      if (/connection setting|connection name|connection.*not.*found/i.test(f.message) || f.status === 404) {
        return fail(
          'token-service',
          'tokenService.noConnection',
          `no OAuth connection "${name}" (HTTP ${f.status ?? '?'}: ${f.message})`,
          connectionAdvice(ctx),
        );
      }
      return fail(
        'token-service',
        'tokenService.error',
        `GetSignInResource failed (HTTP ${f.status ?? '?'} ${f.code ?? ''}: ${f.message})`,
        connectionAdvice(ctx),
      );
    }
    const expected = `api://botid-${config.bot.id}`;
    const uri = answer.tokenExchangeResource?.uri;
    if (!uri) {
      return fail(
        'token-service',
        'tokenService.noTokenExchange',
        `connection "${name}" answered GetSignInResource without a token-exchange resource: Teams cannot sign users in silently (SSO)`,
        `set the connection's Token Exchange URL to ${expected} (Azure Bot > Configuration > OAuth Connection Settings > ${name})`,
      );
    }
    if (uri.replace(/\/+$/, '').toLowerCase() !== expected.toLowerCase()) {
      return fail(
        'token-service',
        'tokenService.wrongTokenExchangeUri',
        `connection "${name}" exchanges tokens for ${uri}, not the bot's SSO app ${expected}: Teams would answer signin/failure`,
        `set the connection's Token Exchange URL to ${expected}, and the app's Application ID URI (Expose an API) to the same`,
      );
    }
    return pass(
      'token-service',
      `connection "${name}" answered GetSignInResource at ${answer.tokenServiceUrl}; token exchange with ${uri}`,
    );
  },
};
