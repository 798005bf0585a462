/**
 * GraphTokenProvider on @azure/identity's OnBehalfOfCredential.
 *
 * - One credential per user (tenant + oid), kept while the user's assertion stays the same: the credential
 *   owns MSAL's token cache, so a new credential per command would mean a token request per command. A new
 *   assertion replaces the credential. The map is an LRU bounded by `maxUsers`; idle users are evicted.
 * - On top, a small cache of the AccessToken per user and scope set, and single-flight: concurrent calls for
 *   the same user and scopes share one credential.getToken (one token-endpoint request).
 * - The credential's tenant is the user's tenant, or the tenant the request names (`options.tenantId`: an MSP's
 *   customer, reached through GDAP): the authority is always that tenant's own, never /common, /organizations or
 *   /consumers (Entra refuses the grant on /common, AADSTS9001023; /organizations would be the user's home tenant).
 *   The cache key holds the tenant asked. Errors of a customer tenant map to their own kinds (errors.ts).
 *   `disableInstanceDiscovery: true` (missing from the option
 *   type) keeps MSAL from asking login.microsoftonline.com about the authority, so it works offline.
 * - `ca` goes to the credential's `tlsOptions`; ONE tlsOptions object is shared by all credentials because
 *   the Azure pipeline caches its keep-alive https.Agent per tlsOptions object identity.
 * - Client credential: a secret, or a client assertion through the credential's `getAssertion` (a certificate
 *   as PEM text or file, see certificate-assertion.ts; a managed identity's federated token).
 * - The credential's pipeline retries 5xx/network errors itself (default 3 retries, exponential from 1 s);
 *   `retry` bounds that, and `timeoutMs` bounds the whole call (MSAL's request cannot be aborted).
 */
import { readFileSync } from 'node:fs';
import { OnBehalfOfCredential, type AccessToken, type TokenCredential } from '@azure/identity';
import { AppError } from '../core/errors';
import type { UserSession } from '../core/model';
import type { GraphTokenProvider } from '../core/ports';
import { ownsSession } from '../core/session-owner';
import { createCertificateAssertionSigner, isPemText, type AssertionSigner } from './certificate-assertion';
import { assertionOwner } from './assertion-owner';
import { managedIdentityAssertion } from './managed-identity-assertion';
import { toAuthError } from './errors';
import { tokenRequest } from './telemetry';

export interface OboTokenProviderOptions {
  /** The bot's Entra app id. */
  clientId: string;
  clientSecret?: string;
  /** A PEM with the certificate and its private key: the PEM text itself, or the path of such a file. */
  certificate?: string;
  /** Send the certificate chain (x5c) for subject-name/issuer authentication. */
  sendCertificateChain?: boolean;
  /** A client assertion source, e.g. a managed identity's token for api://AzureADTokenExchange. */
  getAssertion?: () => Promise<string>;
  /** Shortcut for getAssertion: a user-assigned managed identity (federated identity credential). */
  managedIdentityClientId?: string;
  /** Default https://login.microsoftonline.com. Must be https. */
  authorityHost?: string;
  /** PEM of a CA to trust for the authority (e.g. the simulator's). Replaces the default trust store. */
  ca?: string;
  /** Users whose credential is kept. Default 5000. */
  maxUsers?: number;
  /** A user's credential is dropped after this long unused. Default 2 hours. */
  idleMs?: number;
  /** Upper bound of one token acquisition. Default 15 s. */
  timeoutMs?: number;
  /** The credential pipeline's own retries of 5xx / network errors. Default 2 retries from 300 ms. */
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
}

/** What a token request may say besides the session and the scopes. */
export interface OboTokenRequest {
  /**
   * The tenant to ask (a customer's tenant id or domain): the credential's authority. Default the user's home tenant
   * (the session's). Never `common`, `organizations` or `consumers`.
   */
  tenantId?: string;
}

export interface OboTokenProvider extends GraphTokenProvider {
  /** As GraphTokenProvider.getToken; `request.tenantId` asks a customer tenant instead of the user's own. */
  getToken(session: UserSession, scopes: string[], request?: OboTokenRequest): Promise<string>;
  /** Users (per tenant asked) with a credential now. */
  readonly size: number;
  clear(): void;
}

interface Entry {
  assertion: string;
  credential: TokenCredential;
  tokens: Map<string, AccessToken>;
  inflight: Map<string, Promise<AccessToken>>;
  lastUsed: number;
  /** The tenant asked is not the user's home tenant. */
  customer: boolean;
}

/** A cached token is used while it has more than this left (MSAL renews 5 minutes before expiry too). */
const RENEW_BEFORE_MS = 5 * 60 * 1000;
/** Authorities that are not one tenant: never used for a token (the tenant must be named). */
const MULTI_TENANT_AUTHORITIES = new Set(['common', 'organizations', 'consumers']);
/** A tenant id (GUID) or a domain name (contoso.onmicrosoft.com), as Entra takes in an authority. */
const TENANT =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+)$/i;

type ClientCredential = { clientSecret: string } | { getAssertion: () => Promise<string> };
type ClientCredentialSource = (tenantId: string) => ClientCredential | undefined;

/** The bot's client credential for a tenant's token endpoint: a secret, a certificate, or an assertion source. */
function clientCredentials(options: OboTokenProviderOptions, authorityHost: string): ClientCredentialSource {
  let signer: AssertionSigner | undefined;
  let managedIdentity: (() => Promise<string>) | undefined;
  return (tenantId) => {
    if (options.clientSecret) return { clientSecret: options.clientSecret };
    if (options.certificate) {
      const certificate = options.certificate;
      const tokenEndpoint = `${authorityHost}/${tenantId}/oauth2/v2.0/token`;
      return {
        getAssertion: async () => {
          // A path is read once. (Passing it as certificatePath would make the credential re-read the file on
          // every getToken, and MSAL fails when the certificate block comes before the key in the file.)
          signer ??= createCertificateAssertionSigner(
            isPemText(certificate) ? certificate : readFileSync(certificate, 'utf8'),
            options.clientId,
            options.sendCertificateChain,
          );
          return signer(tokenEndpoint);
        },
      };
    }
    if (options.getAssertion) return { getAssertion: options.getAssertion };
    if (options.managedIdentityClientId) {
      managedIdentity ??= managedIdentityAssertion(options.managedIdentityClientId);
      return { getAssertion: managedIdentity };
    }
    return undefined;
  };
}

/** An OnBehalfOfCredential whose authority is `tenantId`'s own. */
function credentialFactory(options: OboTokenProviderOptions, authorityHost: string, client: ClientCredentialSource) {
  const tlsOptions = options.ca ? { ca: options.ca } : undefined;
  const retryOptions = { maxRetries: 2, retryDelayInMs: 300, maxRetryDelayInMs: 2000, ...options.retry };
  return (tenantId: string, assertion: string): TokenCredential => {
    const credentialOptions = {
      tenantId,
      clientId: options.clientId,
      userAssertionToken: assertion,
      ...client(tenantId),
      authorityHost,
      // Not in the option type (AuthorityValidationOptions is not part of OnBehalfOfCredentialOptions' surface
      // in every overload), but honoured: without it MSAL asks the public cloud about the authority first.
      disableInstanceDiscovery: true,
      retryOptions,
      ...(tlsOptions ? { tlsOptions } : {}),
    };
    return new OnBehalfOfCredential(credentialOptions as ConstructorParameters<typeof OnBehalfOfCredential>[0]);
  };
}

/** The checks before any request: an assertion that is the session user's own, scopes, a tenant to ask. */
function tenantToAsk(session: UserSession, scopes: string[], request: OboTokenRequest): string {
  const { tenantId, aadObjectId } = session.actor;
  if (!session.assertion) throw new AppError('auth.signInRequired', 'No SSO assertion for the user yet');
  if (!tenantId || !aadObjectId) throw new AppError('auth.failed', 'The session has no tenant id or user object id');
  if (scopes.length === 0) throw new AppError('auth.failed', 'No scopes requested');
  // The last line of the rule the core checks first (core/session-owner.ts): never exchange somebody else's token.
  if (!ownsSession(assertionOwner, session))
    throw new AppError('auth.failed', "The assertion is not the session user's own token (oid/tid differ)");
  // The tenant named by the request, else the session's customer (core/customers.ts inCustomer), else the user's own.
  const named = request.tenantId ?? session.target?.tenantId;
  const tenant = (named ?? tenantId).trim();
  if (MULTI_TENANT_AUTHORITIES.has(tenant.toLowerCase()) || (named !== undefined && !TENANT.test(tenant))) {
    throw new AppError(
      'auth.failed',
      `Not a tenant to ask for a token: '${tenant.slice(0, 64)}' (a tenant id or domain is required)`,
    );
  }
  return tenant;
}

/** One token request through the entry's credential, bounded by `timeoutMs`; a failed credential is dropped. */
async function acquire(
  entries: Map<string, Entry>,
  key: string,
  entry: Entry,
  scopes: string[],
  timeoutMs: number,
): Promise<AccessToken> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new AppError('auth.tokenEndpointUnreachable', `On-behalf-of token request timed out after ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    timer.unref();
  });
  try {
    const token = await Promise.race([entry.credential.getToken(scopes), timeout]);
    if (!token) throw new AppError('auth.failed', 'On-behalf-of token request returned no token');
    return token;
  } catch (e) {
    // A failed credential is not reused: MSAL keeps throttling state (after a 429/5xx it refuses identical
    // requests for up to 60 s) and the user may have consented or signed in again meanwhile.
    if (entries.get(key) === entry && entry.inflight.size <= 1) entries.delete(key);
    throw toAuthError(e, { customer: entry.customer });
  } finally {
    clearTimeout(timer);
  }
}

function evict(entries: Map<string, Entry>, now: number, maxUsers: number, idleMs: number): void {
  for (const [key, entry] of entries) {
    if (entries.size <= maxUsers && now - entry.lastUsed < idleMs) break;
    if (entry.inflight.size > 0 && entries.size <= maxUsers) break;
    entries.delete(key);
  }
}

export function createOboTokenProvider(options: OboTokenProviderOptions): OboTokenProvider {
  const authorityHost = (options.authorityHost ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  const maxUsers = options.maxUsers ?? 5000;
  const idleMs = options.idleMs ?? 2 * 60 * 60 * 1000;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const client = clientCredentials(options, authorityHost);
  const createCredential = credentialFactory(options, authorityHost, client);
  const entries = new Map<string, Entry>();

  /** The user's entry for the tenant, (re)created for a new assertion, moved to the LRU's end. */
  const entryFor = (session: UserSession, tenant: string, now: number): { key: string; entry: Entry } => {
    const home = session.actor.tenantId.toLowerCase();
    const key = `${tenant.toLowerCase()}|${home}|${session.actor.aadObjectId.toLowerCase()}`;
    let entry = entries.get(key);
    if (entry) entries.delete(key); // re-inserted below: Map order is the LRU order
    if (!entry || entry.assertion !== session.assertion) {
      if (!client(tenant))
        throw new AppError(
          'auth.failed',
          'No client credential configured (client secret, certificate or managed identity)',
        );
      const credential = createCredential(tenant, session.assertion);
      entry = {
        assertion: session.assertion,
        credential,
        tokens: new Map(),
        inflight: new Map(),
        lastUsed: now,
        customer: tenant.toLowerCase() !== home,
      };
    }
    entry.lastUsed = now;
    entries.set(key, entry);
    evict(entries, now, maxUsers, idleMs);
    return { key, entry };
  };

  return {
    get size() {
      return entries.size;
    },
    clear: () => entries.clear(),
    async getToken(session: UserSession, scopes: string[], request: OboTokenRequest = {}): Promise<string> {
      const tenant = tenantToAsk(session, scopes, request);
      const now = Date.now();
      const { key, entry } = entryFor(session, tenant, now);
      const scopeKey = [...scopes].sort().join(' ');
      const cached = entry.tokens.get(scopeKey);
      if (
        cached &&
        cached.expiresOnTimestamp - now > RENEW_BEFORE_MS &&
        (cached.refreshAfterTimestamp ?? Infinity) > now
      ) {
        return cached.token;
      }
      let pending = entry.inflight.get(scopeKey);
      if (!pending) {
        const owner = entry;
        pending = tokenRequest('entra.obo', tenant, async () => {
          const token = await acquire(entries, key, owner, scopes, timeoutMs);
          owner.tokens.set(scopeKey, token);
          return token;
        }).finally(() => owner.inflight.delete(scopeKey));
        owner.inflight.set(scopeKey, pending);
      }
      return (await pending).token;
    },
  };
}
