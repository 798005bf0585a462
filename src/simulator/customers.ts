/**
 * The simulated MSP world: the home tenant is the PARTNER tenant (the bot and the technicians live there), and
 * customer tenants are reached through GDAP relationships (Graph v1.0 delegatedAdminRelationship: a time-bound
 * relationship from the partner to one customer whose access assignments give partner-tenant security groups
 * Entra roles in the customer) and the bot's multi-tenant app consented in each customer (its service principal,
 * with delegated scopes and application permissions).
 * Sources (see docs/msp.md and test/contracts/fixtures/gdap-*.json):
 * https://learn.microsoft.com/graph/api/resources/delegatedadminrelationship ,
 * https://learn.microsoft.com/graph/api/resources/delegatedadminaccessassignment ,
 * https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference (role template ids).
 */
import type { Partner } from '../core/model';

/** Entra built-in role template ids (permissions-reference). */
export const INTUNE_ADMINISTRATOR_ROLE_ID = '3a2c62db-5318-420d-8d74-23affee5d9d5';
export const GLOBAL_ADMINISTRATOR_ROLE_ID = '62e90394-69f5-4237-9190-012177145e10';
/** Roles that make Intune answer as to an Intune Administrator (Intune's own RBAC gives them full access). */
export const INTUNE_FULL_ACCESS_ROLES = [INTUNE_ADMINISTRATOR_ROLE_ID, GLOBAL_ADMINISTRATOR_ROLE_ID];

/** The bot's multi-tenant app in a customer tenant: its service principal and what was consented there. */
export interface SimAppConsent {
  /** Delegated Graph scopes (short names) granted to the app (oauth2PermissionGrant). */
  delegatedScopes: string[];
  /** Graph application permissions (app roles) granted to the app: the `roles` of its app-only tokens there. */
  applicationPermissions: string[];
}

export interface SimCustomer {
  tenantId: string;
  /** Short name, as an MSP would write it after `@` (contoso). */
  name: string;
  /** The organisation's name (Graph's customer.displayName). */
  displayName: string;
  /** The tenant's initial domain; Entra accepts it in place of the id in an authority. */
  domain: string;
  /** The customer's remote-assistance partners, as its Intune has them. */
  partners: Partner[];
  /** undefined: the app was never consented there (no service principal). */
  consent?: SimAppConsent;
}

/** GDAP relationship status values (delegatedAdminRelationshipStatus, v1.0) the simulator uses. */
export type SimRelationshipStatus = 'active' | 'expired' | 'terminated' | 'approvalPending';

export interface SimAccessAssignment {
  id: string;
  /** A security group of the PARTNER tenant (accessContainer.accessContainerId). */
  securityGroupId: string;
  roleDefinitionIds: string[];
}

export interface SimRelationship {
  /** "{guid}-{guid}", as Graph's examples show them. */
  id: string;
  displayName: string;
  customerTenantId: string;
  status: SimRelationshipStatus;
  createdDateTime: string;
  activatedDateTime: string | null;
  endDateTime: string | null;
  /** ISO 8601 duration, P1D..P2Y (P730D). */
  duration: string;
  /** P180D (auto-extend) or PT0S (none). */
  autoExtendDuration: string;
  /** The roles the customer approved (accessDetails.unifiedRoles). */
  roleDefinitionIds: string[];
  accessAssignments: SimAccessAssignment[];
}
