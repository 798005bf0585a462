/**
 * The partner's GDAP relationships with its customers (issue 19, `customers`): read in the PARTNER (home) tenant with
 * the technician's delegated token, GET /v1.0/tenantRelationships/delegatedAdminRelationships
 * (https://learn.microsoft.com/graph/api/tenantrelationship-list-delegatedadminrelationships). Delegated permission
 * DelegatedAdminRelationship.Read.All
 * (https://learn.microsoft.com/graph/permissions-reference#delegatedadminrelationshipreadall).
 * A relationship that expired looks like "no access" (AADSTS50020) in the customer: only this list tells them apart.
 */
import type { UserSession } from './model';

/** Asked of Entra on its own, only when the relationships are read (graph/gateway.ts relationshipScopes). */
export const SCOPE_DELEGATED_ADMIN_READ = 'https://graph.microsoft.com/DelegatedAdminRelationship.Read.All';

/**
 * Graph's relationship statuses (delegatedAdminRelationship resource): activating, active, approvalPending,
 * approved, created, expired, expiring, terminated, terminating, terminationRequested, unknownFutureValue.
 */
export type GdapStatus = string;

export interface GdapRelationship {
  id: string;
  customerTenantId: string;
  customerDisplayName: string;
  status: GdapStatus;
  /** When it ends (ISO); null while it is not active yet. */
  endDateTime: string | null;
}

/** graph/: the partner's relationships, every page; the session is read at home (its target is ignored). */
export interface PartnerRelationships {
  relationships(session: UserSession): Promise<GdapRelationship[]>;
}

/** A relationship that no longer grants anything (its end passed, or it was ended). */
export function hasEnded(r: Pick<GdapRelationship, 'status'>): boolean {
  return ['expired', 'expiring', 'terminated', 'terminating', 'terminationRequested'].includes(r.status);
}
