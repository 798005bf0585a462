/**
 * The bot's OWN tokens (no user): client credentials for `{resource}/.default`, e.g. https://api.botframework.com
 * to call the Bot Connector and the token service. Built on @azure/identity, like the users' OBO tokens, so one
 * identity library, one authority host, one trusted CA and one certificate signer serve both.
 *
 * - Credential: a client secret (ClientSecretCredential), a certificate (ClientAssertionCredential with the
 *   assertion signed here, see certificate-assertion.ts), the bot's app with a user-assigned managed identity's
 *   federated token as its client assertion (ClientAssertionCredential, managed-identity-assertion.ts: no secret
 *   that expires), or - when the bot IS a user-assigned managed identity (BOT_TYPE=UserAssignedMsi) -
 *   ManagedIdentityCredential.
 * - `disableInstanceDiscovery` and `tlsOptions { ca }` as for OBO (works against the simulator, offline).
 * - Cached per resource until 5 minutes before expiry, and concurrent callers share one request: a reply does
 *   not cost a token request. (The SDK's own AppCredentials cache is a process-wide static keyed by app id and
 *   scope only, shared by every adapter in the process; this one belongs to its provider.)
 */
import { readFileSync } from 'node:fs';
import {
  ClientAssertionCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type AccessToken,
  type TokenCredential,
} from '@azure/identity';
import { AppError } from '../core/errors';
import { createCertificateAssertionSigner, isPemText } from './certificate-assertion';
import { managedIdentityAssertion } from './managed-identity-assertion';
import { toAuthError } from './errors';
import { tokenRequest } from './telemetry';

export interface AppTokenProviderOptions {
  /** The app id the token is for (the bot's Entra app id, or the managed identity's client id). */
  clientId: string;
  /** The tenant to ask: the bot's tenant id, or 'botframework.com' for a multi-tenant bot. */
  tenantId: string;
  clientSecret?: string;
  /** A PEM with the certificate and its private key: the text itself or the path of such a file. */
  certificate?: string;
  /** The bot is this user-assigned managed identity: its tokens come from the managed identity endpoint. */
  managedIdentityClientId?: string;
  /** The app (clientId) trusts this user-assigned managed identity (federated credential): its token is the client assertion. */
  federatedManagedIdentityClientId?: string;
  /** A client assertion source for the app (clientId); federatedManagedIdentityClientId is the usual one. */
  getAssertion?: () => Promise<string>;
  /** Default https://login.microsoftonline.com. */
  authorityHost?: string;
  /** PEM of a CA to trust for the authority (e.g. the simulator's). */
  ca?: string;
  /** Upper bound of one token acquisition. Default 15 s. */
  timeoutMs?: number;
}

export interface AppTokenProvider {
  /** A token for `{resource}/.default` (resource e.g. https://api.botframework.com). */
  getToken(resource: string): Promise<string>;
  /** Drops the cached token for `resource` (it was refused: e.g. issued before an admin granted a permission). */
  forget(resource: string): void;
}

const RENEW_BEFORE_MS = 5 * 60 * 1000;

function createCredential(o: AppTokenProviderOptions): TokenCredential {
  const authorityHost = (o.authorityHost ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const common = {
    authorityHost,
    // Not in every option type, but honoured: without it MSAL asks the public cloud about the authority first.
    disableInstanceDiscovery: true,
    retryOptions: { maxRetries: 2, retryDelayInMs: 300, maxRetryDelayInMs: 2000 },
    ...(o.ca ? { tlsOptions: { ca: o.ca } } : {}),
  };
  if (o.managedIdentityClientId) return new ManagedIdentityCredential({ clientId: o.managedIdentityClientId });
  const getAssertion =
    o.getAssertion ??
    (o.federatedManagedIdentityClientId ? managedIdentityAssertion(o.federatedManagedIdentityClientId) : undefined);
  if (getAssertion) return new ClientAssertionCredential(o.tenantId, o.clientId, getAssertion, common);
  if (o.clientSecret) return new ClientSecretCredential(o.tenantId, o.clientId, o.clientSecret, common);
  if (o.certificate) {
    const pem = isPemText(o.certificate) ? o.certificate : readFileSync(o.certificate, 'utf8');
    const sign = createCertificateAssertionSigner(pem, o.clientId);
    const tokenEndpoint = `${authorityHost}/${o.tenantId}/oauth2/v2.0/token`;
    return new ClientAssertionCredential(o.tenantId, o.clientId, async () => sign(tokenEndpoint), common);
  }
  throw new AppError(
    'auth.failed',
    "No credential for the bot's own token (client secret, certificate or managed identity)",
  );
}

export function createAppTokenProvider(options: AppTokenProviderOptions): AppTokenProvider {
  // Replaced by forget(): @azure/identity keeps tokens in the credential's own (MSAL) cache as well.
  let credential = createCredential(options);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const tokens = new Map<string, AccessToken>();
  const inflight = new Map<string, Promise<AccessToken>>();

  const acquire = async (scope: string): Promise<AccessToken> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new AppError('auth.tokenEndpointUnreachable', `The bot's token request timed out after ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      timer.unref();
    });
    try {
      const token = await Promise.race([credential.getToken(scope), timeout]);
      if (!token) throw new AppError('auth.failed', "The bot's token request returned no token");
      tokens.set(scope, token);
      return token;
    } catch (e) {
      const err = toAuthError(e);
      // toAuthError speaks of on-behalf-of; say whose token it was.
      throw new AppError(
        err.kind === 'auth.tokenEndpointUnreachable' ? err.kind : 'auth.failed',
        err.message.replace('On-behalf-of token request', "The bot's own token request"),
        { code: err.code, status: err.status, cause: e },
      );
    } finally {
      clearTimeout(timer);
    }
  };

  const scopeOf = (resource: string) =>
    resource.endsWith('/.default') ? resource : `${resource.replace(/\/+$/, '')}/.default`;
  return {
    forget(resource: string): void {
      tokens.delete(scopeOf(resource));
      credential = createCredential(options);
    },
    async getToken(resource: string): Promise<string> {
      const scope = scopeOf(resource);
      const cached = tokens.get(scope);
      if (
        cached &&
        cached.expiresOnTimestamp - Date.now() > RENEW_BEFORE_MS &&
        (cached.refreshAfterTimestamp ?? Infinity) > Date.now()
      )
        return cached.token;
      let pending = inflight.get(scope);
      if (!pending) {
        pending = tokenRequest('entra.app_token', options.tenantId, () => acquire(scope)).finally(() =>
          inflight.delete(scope),
        );
        inflight.set(scope, pending);
      }
      return (await pending).token;
    },
  };
}
