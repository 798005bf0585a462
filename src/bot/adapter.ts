/**
 * The Bot Framework adapter: inbound authentication (a signed JWT from the Bot Connector whenever an app id
 * is configured), outbound credentials, and the token service (OAuthUrl) the sign-in uses.
 */
import type { TurnContext } from 'botbuilder';
import { CertificateServiceClientCredentialsFactory } from 'botframework-connector';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Config } from '../config';
import { describeError } from '../core/errors';
import type { Logger } from '../core/logger';

export function createAdapter(config: Config, log: Logger): TeamsAdapter {
  // With inbound auth off the adapter has no app id: it accepts unsigned activities and posts anonymously.
  const appId = !config.bot.inboundAuth ? '' : config.bot.type === 'UserAssignedMsi' ? config.bot.managedIdentityClientId ?? '' : config.bot.id;
  const auth: Record<string, string> = appId
    ? {
        MicrosoftAppId: appId,
        MicrosoftAppType: config.bot.type === 'UserAssignedMsi' ? 'UserAssignedMSI' : config.bot.type,
        MicrosoftAppTenantId: config.bot.tenantId,
      }
    : { MicrosoftAppId: '', MicrosoftAppType: 'MultiTenant' };
  if (config.bot.password && appId) auth.MicrosoftAppPassword = config.bot.password;
  if (config.bot.tokenServiceUrl) auth.OAuthUrl = config.bot.tokenServiceUrl;
  const factory = config.bot.certificatePem && appId ? certificateFactory(appId, config.bot.certificatePem, config.bot.tenantId) : undefined;
  const adapter = new TeamsAdapter(auth, factory);

  // With inbound auth off the token client has no app id, and getSignInResource then fails validation
  // (stack-notes): give it the bot's id so the sign-in card can be built.
  adapter.use(async (context: TurnContext, next: () => Promise<void>) => {
    const client = context.turnState.get(adapter.UserTokenClientKey) as { appId?: string } | undefined;
    if (client && !client.appId) client.appId = config.bot.id;
    await next();
  });

  adapter.onTurnError = async (context, error) => {
    log.error('unhandled error in a turn', { error: describeError(error), activityType: context.activity.type, name: context.activity.name });
  };
  return adapter;
}

function certificateFactory(appId: string, pem: string, tenantId: string): CertificateServiceClientCredentialsFactory {
  const key = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(pem)?.[0];
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!key || !cert) throw new Error('BOT_CERTIFICATE_FILE must hold both the certificate and its private key (PEM)');
  return new CertificateServiceClientCredentialsFactory(appId, cert, key, tenantId || undefined);
}
