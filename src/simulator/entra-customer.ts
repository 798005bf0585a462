/**
 * The on-behalf-of grant of a PARTNER-tenant user (the technician) against a CUSTOMER tenant's authority
 * (POST /{customer}/oauth2/v2.0/token with the technician's assertion issued by the partner tenant for the bot).
 * Microsoft documents the partner path through the customer's authority (learn.microsoft.com/graph/
 * auth-cloudsolutionprovider) and the STS's answers for it (learn.microsoft.com/entra/identity-platform/
 * reference-error-codes); that OBO itself works this way is to be confirmed on a real partner tenant
 * (docs/msp.md, Sources). In order:
 * - the app not authorized (no service principal) in the customer: AADSTS90099, invalid_grant;
 * - the user without a GDAP role there (no access assignment of an ACTIVE relationship for any of their groups;
 *   an expired relationship grants nothing, and Entra has no code of its own for it): AADSTS50020, invalid_grant;
 * - then the scopes are checked against the customer's consent (AADSTS65001, as in the home tenant).
 * The token: tid = the customer; oid = the user's home object id and idp = the partner tenant's issuer (a partner
 * user has no object of its own in the customer; an inference, to be confirmed); wids = the GDAP roles.
 */
import type { SimEnv } from './env';
import { entraError } from './entra-error';
import type { RequestContext } from './http';
import type { Claims } from './jwt';
import type { CustomerState } from './customer-world';

/** The display name Entra puts next to the app id in its messages. */
export const SIM_APP_NAME = 'Intune Remote Assistance Bot';

/** Whose token the grant issues: its tenant, the scopes consented there, and claims to add. */
export interface OboTarget {
  tid: string;
  consented: string[];
  claims: Record<string, unknown>;
}

export function partnerIssuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

/** The target for a partner user in `state`'s tenant, or undefined when Entra refuses (answered). */
export function customerOboTarget(
  ctx: RequestContext,
  env: SimEnv,
  state: CustomerState,
  claims: Claims,
  clientId: string,
): OboTarget | undefined {
  const { customer } = state;
  if (!customer.consent) {
    entraError(
      ctx,
      env,
      400,
      'invalid_grant',
      90099,
      `The application '${clientId}' (${SIM_APP_NAME}) has not been authorized in the tenant '${customer.tenantId}'. Applications must be authorized to access the external tenant before partner delegated administrators can use them. Provide pre-consent or execute the appropriate Partner Center API to authorize the application.`,
    );
    return undefined;
  }
  const user = env.state.userByOid(String(claims.oid));
  const roles = env.state.customers.gdapRoles(user?.groups ?? [], customer.tenantId);
  if (roles.length === 0) {
    const account = user?.userPrincipalName ?? String(claims.preferred_username ?? claims.oid);
    entraError(
      ctx,
      env,
      400,
      'invalid_grant',
      50020,
      `User account '${account}' from identity provider '${partnerIssuer(String(claims.tid))}' does not exist in tenant '${customer.displayName}' and cannot access the application '${clientId}'(${SIM_APP_NAME}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Microsoft Entra user account.`,
    );
    return undefined;
  }
  return {
    tid: customer.tenantId,
    consented: customer.consent.delegatedScopes,
    claims: { idp: partnerIssuer(String(claims.tid)), wids: roles },
  };
}
