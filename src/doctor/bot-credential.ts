/**
 * The bot's own credential, as @azure/identity TokenCredentials, for the client-credentials grant:
 * - secret: ClientSecretCredential; certificate: ClientAssertionCredential with the same PS256 assertion the
 *   OBO provider signs (identity/certificate-assertion.ts);
 * - SingleTenant with BOT_MSI_CLIENT_ID: the bot's app with the identity's federated token as client assertion;
 * - UserAssignedMsi: the managed identity itself for the Bot Framework (botbuilder's UserAssignedMSI app type
 *   uses the identity's client id as the app id), and for Graph the bot's app with the identity's federated
 *   token as client assertion (what the OBO provider does).
 * authorityHost, disableInstanceDiscovery and the extra CA as the OBO provider sets them; no pipeline retries,
 * so a refusal is reported at once.
 */
import {
  ClientAssertionCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import type { Config } from '../config';
import { createCertificateAssertionSigner } from '../identity/certificate-assertion';

export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';
export const GRAPH_APP_SCOPE = 'https://graph.microsoft.com/.default';
/** The tenant a multi-tenant bot asks its Bot Framework token from (botframework-connector's DefaultChannelAuthTenant). */
export const BOT_FRAMEWORK_TENANT = 'botframework.com';

export type CredentialChoice = { credential: TokenCredential; describe: string } | { unavailable: string };

/** Whether a managed identity endpoint exists here (App Service / Azure sets IDENTITY_ENDPOINT). */
export function managedIdentityAvailable(env: Record<string, string | undefined>): boolean {
  return Boolean(env.IDENTITY_ENDPOINT || env.MSI_ENDPOINT);
}

function options(config: Config): Record<string, unknown> {
  return {
    authorityHost: config.entra.authorityHost,
    // Not in every option type, honoured: without it MSAL asks the public cloud about the authority first.
    disableInstanceDiscovery: true,
    retryOptions: { maxRetries: 0 },
    ...(config.trustedCaPem ? { tlsOptions: { ca: config.trustedCaPem } } : {}),
  };
}

/** The tenant of the bot's Bot Framework token: its own (SingleTenant, MSI), or botframework.com (MultiTenant). */
export function botFrameworkTenant(config: Config): string {
  return config.bot.type === 'MultiTenant' ? BOT_FRAMEWORK_TENANT : config.bot.tenantId;
}

/** The bot's Entra app (BOT_ID) in `tenantId`, by secret, certificate or federated managed identity. */
export function appCredential(
  config: Config,
  tenantId: string,
  env: Record<string, string | undefined>,
): CredentialChoice {
  const opts = options(config);
  if (config.bot.password) {
    return {
      credential: new ClientSecretCredential(tenantId, config.bot.id, config.bot.password, opts),
      describe: 'secret',
    };
  }
  if (config.bot.certificatePem) {
    let signer: ReturnType<typeof createCertificateAssertionSigner>;
    try {
      signer = createCertificateAssertionSigner(config.bot.certificatePem, config.bot.id);
    } catch (e) {
      return { unavailable: `BOT_CERTIFICATE_FILE is not usable: ${e instanceof Error ? e.message : String(e)}` };
    }
    const tokenEndpoint = `${config.entra.authorityHost}/${tenantId}/oauth2/v2.0/token`;
    return {
      credential: new ClientAssertionCredential(tenantId, config.bot.id, async () => signer(tokenEndpoint), opts),
      describe: 'certificate',
    };
  }
  if (config.bot.managedIdentityClientId) {
    if (!managedIdentityAvailable(env)) return { unavailable: 'a managed identity answers only on its Azure host' };
    const identity = new ManagedIdentityCredential({ clientId: config.bot.managedIdentityClientId });
    const assertion = async () => (await identity.getToken('api://AzureADTokenExchange/.default')).token;
    return {
      credential: new ClientAssertionCredential(tenantId, config.bot.id, assertion, opts),
      describe: 'managed identity (federated)',
    };
  }
  return {
    unavailable: 'no client credential is configured (BOT_PASSWORD, BOT_CERTIFICATE_FILE or BOT_MSI_CLIENT_ID)',
  };
}

/** What the bot authenticates to the Bot Framework with (the Bot Connector and the token service). */
export function botFrameworkCredential(config: Config, env: Record<string, string | undefined>): CredentialChoice {
  if (config.bot.type === 'UserAssignedMsi') {
    if (!config.bot.managedIdentityClientId) return { unavailable: 'BOT_MSI_CLIENT_ID is empty' };
    if (!managedIdentityAvailable(env)) return { unavailable: 'a managed identity answers only on its Azure host' };
    return {
      credential: new ManagedIdentityCredential({ clientId: config.bot.managedIdentityClientId }),
      describe: 'managed identity',
    };
  }
  return appCredential(config, botFrameworkTenant(config), env);
}

/** The app id the Bot Framework knows the bot by (the managed identity's client id for UserAssignedMsi). */
export function botFrameworkAppId(config: Config): string {
  return config.bot.type === 'UserAssignedMsi' ? (config.bot.managedIdentityClientId ?? config.bot.id) : config.bot.id;
}
