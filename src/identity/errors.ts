/**
 * What OnBehalfOfCredential throws, turned into AppError kinds.
 *
 * Measured in @azure/identity 4.13.1 + @azure/msal-node 5.6: every server or network failure of the OBO
 * request reaches us as an `AuthenticationRequiredError` whose ONLY information is its message, built by MSAL
 * as "<error>: <error_description>" (e.g. "invalid_grant: AADSTS65001: The user or administrator has not
 * consented...", "invalid_client: Error(s): 7000215 - ... Description: AADSTS7000215: ...",
 * "network_error: Network request failed"). The suberror, the HTTP status and the original error are dropped
 * by identity's handleMsalError. So the mapping reads the OAuth error code and the AADSTS numbers from the
 * message. A failed OpenID discovery surfaces as a ClientAuthError/CredentialUnavailableError with
 * "openid_config_error" or "endpoints_resolution_error". The messages hold no token or secret.
 *
 * A token asked for in a CUSTOMER tenant (an MSP's customer through GDAP) has answers of its own
 * (reference-error-codes, https://learn.microsoft.com/entra/identity-platform/reference-error-codes; the fixtures in
 * test/contracts/fixtures/entra-obo-cross-tenant.json): the app not authorized or consented there (90099, 65001,
 * 700016, 7000229) is `auth.customerNotConsented`, the user without access there (50020, 90072, 50034, 530034) is
 * `auth.customerNoAccess`. A GDAP relationship that ended has no code of its own (it is the no-access answer): only
 * Graph's delegatedAdminRelationships tells it apart. Codes, not texts, decide (the page warns texts change).
 */
import { AppError, isAppError, type ErrorKind } from '../core/errors';

/** AADSTS codes that mean "the user must sign in again / satisfy a policy". */
const INTERACTION_CODES = new Set([
  50076, 50079, 50078, 50072, 50074, 50158, 50173, 50133, 50132, 500133, 50013, 50027, 700082, 70043, 70044,
]);
/** In a customer tenant: the app is not authorized there, or a permission was not consented there. */
const CUSTOMER_CONSENT_CODES = new Set([90099, 65001, 700016, 7000229]);
/** In a customer tenant: the partner's user has no access there (no GDAP role, relationship ended, blocked). */
const CUSTOMER_ACCESS_CODES = new Set([50020, 90072, 50034, 530034]);
const NETWORK_PATTERN =
  /network_error|openid_config_error|endpoints_resolution_error|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|socket hang up|timed out/i;

interface IdentityLikeError {
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  errorResponse?: { error?: string; errorCodes?: number[] };
}

function kindOf(
  codes: number[],
  oauthError: string | undefined,
  message: string,
  errCode: string | undefined,
  customer: boolean,
): ErrorKind {
  if (customer && codes.some((c) => CUSTOMER_CONSENT_CODES.has(c))) return 'auth.customerNotConsented';
  if (customer && codes.some((c) => CUSTOMER_ACCESS_CODES.has(c))) return 'auth.customerNoAccess';
  if (codes.includes(65001) || /consent_required/i.test(message)) return 'auth.consentRequired';
  if (
    codes.some((c) => INTERACTION_CODES.has(c)) ||
    oauthError === 'interaction_required' ||
    oauthError === 'login_required' ||
    oauthError === 'invalid_grant'
  )
    return 'auth.interactionRequired';
  if (NETWORK_PATTERN.test(message) || NETWORK_PATTERN.test(errCode ?? '')) return 'auth.tokenEndpointUnreachable';
  return 'auth.failed';
}

/** `customer`: the token was asked for in a customer tenant, not the user's home tenant. */
export function toAuthError(e: unknown, options: { customer?: boolean } = {}): AppError {
  if (isAppError(e)) return e;
  const err = (typeof e === 'object' && e !== null ? e : {}) as IdentityLikeError;
  const message = String(err.message ?? e);
  const aadsts = [...message.matchAll(/AADSTS(\d+)/g)].map((m) => Number(m[1]));
  aadsts.push(...(err.errorResponse?.errorCodes ?? []));
  const oauthError = err.errorResponse?.error ?? /^\s*([a-z_]+):/.exec(message)?.[1];
  const codes = [...new Set(aadsts)];
  const summary = `${oauthError ?? err.name ?? 'error'}${codes.length ? ` (AADSTS${codes.join(', AADSTS')})` : ''}`;

  const kind = kindOf(codes, oauthError, message, err.code, options.customer === true);
  return new AppError(kind, `On-behalf-of token request failed: ${summary}`, {
    code: oauthError,
    status: err.statusCode,
    cause: e,
  });
}
