/**
 * The bot's outbound credentials: every request to the Bot Connector (replies, card updates) and to the token
 * service carries `Authorization: Bearer <token>`, a token the bot got for itself from Entra by client
 * credentials for `https://api.botframework.com/.default` (Bot Framework REST API, "Authentication":
 * "Authenticate requests from your bot to the Bot Connector service").
 *
 * A botframework-connector ServiceClientCredentialsFactory backed by identity/'s AppTokenProvider, which wiring.ts
 * hands in as BotTokens (@azure/identity with the configured authority host and CA, cached): the SDK's own
 * factories go through their own MSAL client, which can neither trust a private CA nor use the authority host the
 * rest of the bot uses, and they cache tokens in a process-wide static map.
 */
import {
  ServiceClientCredentialsFactory,
  TokenCredentials,
  type ServiceClientCredentials,
} from 'botframework-connector';

/** The bot's own token for `{resource}/.default` (client credentials); identity/'s AppTokenProvider is one. */
export interface BotTokens {
  getToken(resource: string): Promise<string>;
}

type Signable = Parameters<ServiceClientCredentials['signRequest']>[0];

export class AppTokenCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string,
    private readonly tokens: BotTokens,
  ) {
    super();
  }

  /** Inbound: the token's audience must be this bot. */
  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  /** `audience` is the resource the connector expects (https://api.botframework.com for a channel). */
  async createCredentials(
    appId: string,
    audience: string | undefined,
  ): Promise<ServiceClientCredentials & { getToken(): Promise<string> }> {
    if (appId !== this.appId) throw new Error(`No credentials for app id '${appId}' (this bot is '${this.appId}')`);
    const resource = audience || 'https://api.botframework.com';
    const getToken = () => this.tokens.getToken(resource);
    return {
      getToken,
      signRequest: async (request: Signable) => new TokenCredentials(await getToken()).signRequest(request),
    };
  }
}
