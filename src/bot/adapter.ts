/**
 * The Bot Framework adapter: inbound authentication (a signed JWT from the Bot Connector whenever inbound auth
 * is on), outbound credentials, and the token service (OAuthUrl) the sign-in uses.
 *
 * With inbound auth on, every endpoint is given explicitly (botframework-connector takes all of them as given
 * once one is set): the channel's OpenID metadata and issuer from the config (the real Bot Framework by
 * default, a simulated issuer in tests), the bot's own credentials for the connector (connector-credentials.ts)
 * and the token service. With it off (local mode) the adapter has no app id: it accepts unsigned activities and
 * posts anonymously.
 */
import type { TurnContext } from 'botbuilder';
import { AuthenticationConstants, type BotFrameworkAuthentication, type UserTokenClient } from 'botframework-connector';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Config } from '../config';
import { describeError } from '../core/errors';
import type { Logger } from '../core/logger';
import { AppTokenCredentialsFactory, type BotTokens } from './connector-credentials';
import { RefusingBotFrameworkAuthentication } from './inbound-auth';
import { connectorTelemetry, tracedTokenClient } from './telemetry';
import type { UserTokenCache } from './user-token-cache';

/**
 * The bot's own tokens as the app `appId` in `tenantId` (client credentials): identity/'s app token provider, handed
 * in by wiring.ts (bot/ does not import identity/ or graph/: eslint.config.js).
 */
export type BotTokensFor = (account: { appId: string; tenantId: string }) => BotTokens;

export interface AdapterParts {
  /** The users' tokens from the token service, kept between turns (user-token-cache.ts). */
  userTokens?: UserTokenCache;
  /** Needed with inbound auth on: the replies and the token service calls are signed with these tokens. */
  botTokens?: BotTokensFor;
}

/** The callerId botbuilder stamps on activities from Azure's public channels (CallerIdConstants.PublicAzureChannel). */
const PUBLIC_AZURE_CHANNEL = 'urn:botframework:azure';

export function createAdapter(config: Config, log: Logger, { userTokens, botTokens }: AdapterParts = {}): TeamsAdapter {
  const adapter = config.bot.inboundAuth ? authenticatedAdapter(config, log, botTokens) : anonymousAdapter(config);

  // The turn's token client, before anything else in the turn reads it:
  // - with inbound auth off it has no app id, and getSignInResource then fails validation (stack-notes):
  //   give it the bot's id so the sign-in card can be built;
  // - the user's token is kept between turns (user-token-cache.ts): the cache goes in front of it.
  adapter.use(async (context: TurnContext, next: () => Promise<void>) => {
    const client = context.turnState.get(adapter.UserTokenClientKey) as
      (UserTokenClient & { appId?: string }) | undefined;
    if (client && !client.appId) client.appId = config.bot.id;
    // Each call that reaches the token service in its span (inside the cache: a cached answer is no call).
    if (client)
      context.turnState.set(
        adapter.UserTokenClientKey,
        userTokens ? userTokens.wrap(tracedTokenClient(client)) : tracedTokenClient(client),
      );
    await next();
  });

  // Every post and update to the Bot Connector, in a turn or proactive, in its span.
  adapter.use(connectorTelemetry());

  adapter.onTurnError = async (context, error) => {
    log.error('unhandled error in a turn', {
      error: describeError(error),
      activityType: context.activity.type,
      name: context.activity.name,
    });
  };
  return adapter;
}

/**
 * The app id the adapter sends as, for proactive messages (continueConversationAsync): the bot's, or the managed
 * identity's for a UserAssignedMsi bot; none with inbound auth off (the anonymous adapter posts without a token).
 */
export function outboundAppId(config: Config): string {
  if (!config.bot.inboundAuth) return '';
  return config.bot.type === 'UserAssignedMsi' ? (config.bot.managedIdentityClientId ?? '') : config.bot.id;
}

function anonymousAdapter(config: Config): TeamsAdapter {
  const auth: Record<string, string> = { MicrosoftAppId: '', MicrosoftAppType: 'MultiTenant' };
  if (config.bot.tokenServiceUrl) auth.OAuthUrl = config.bot.tokenServiceUrl;
  return new TeamsAdapter(auth);
}

function authenticatedAdapter(config: Config, log: Logger, botTokens: BotTokensFor | undefined): TeamsAdapter {
  if (!botTokens) {
    throw new Error('createAdapter: with inbound auth on, the bot needs its own tokens (botTokens, from wiring.ts)');
  }
  // A UserAssignedMsi bot IS the managed identity: its app id is the identity's client id.
  const msi = config.bot.type === 'UserAssignedMsi';
  const appId = msi ? (config.bot.managedIdentityClientId ?? '') : config.bot.id;
  const tenant =
    config.bot.type === 'MultiTenant' ? AuthenticationConstants.DefaultChannelAuthTenant : config.bot.tenantId;
  const tokens = botTokens({ appId, tenantId: tenant });
  const auth: Record<string, string> = {
    MicrosoftAppId: appId,
    MicrosoftAppType: msi ? 'UserAssignedMSI' : config.bot.type,
    MicrosoftAppTenantId: config.bot.tenantId,
    ValidateAuthority: 'true',
    ToChannelFromBotLoginUrl: `${config.entra.authorityHost}/${tenant}`,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: config.bot.channelAuth.issuer,
    ToBotFromChannelOpenIdMetadataUrl: config.bot.channelAuth.openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    OAuthUrl: config.bot.tokenServiceUrl ?? AuthenticationConstants.OAuthUrl,
    CallerId: PUBLIC_AZURE_CHANNEL,
  };
  return new AuthenticatedTeamsAdapter(
    auth,
    new AppTokenCredentialsFactory(appId, tokens),
    log,
    config.bot.channelAuth.issuer,
  );
}

/** TeamsAdapter whose inbound authentication answers every bad token with 401 and logs why (inbound-auth.ts). */
class AuthenticatedTeamsAdapter extends TeamsAdapter {
  constructor(auth: Record<string, string>, factory: AppTokenCredentialsFactory, log: Logger, channelIssuer: string) {
    super(auth, factory);
    const self = this as unknown as { botFrameworkAuthentication: BotFrameworkAuthentication };
    self.botFrameworkAuthentication = new RefusingBotFrameworkAuthentication(
      this.botFrameworkAuthentication,
      log,
      channelIssuer,
    );
  }
}
