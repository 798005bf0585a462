/**
 * The ports of the core: what it needs from the outside world, as interfaces. Adapters live in
 * graph/, identity/ and store/; the core imports none of them.
 */
import type { OperationRecord, OperationState, Partner, UserSession } from './model';
import type { RolePermission } from './resource-actions';

/** The Graph scope of the central action. */
export const SCOPE_REMOTE_ASSISTANCE = 'https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All';
/**
 * The user's effective Intune permissions (GET /deviceManagement/getEffectivePermissions), so that a button
 * Intune would refuse is not offered. Delegated DeviceManagementRBAC.Read.All (api-reference/beta/api/
 * intune-rbac-devicemanagement-geteffectivepermissions.md; the v1.0 page lists it as least privileged).
 */
export const SCOPE_INTUNE_RBAC_READ = 'https://graph.microsoft.com/DeviceManagementRBAC.Read.All';
/** Needed only when admin groups are configured (POST /me/checkMemberGroups), together with the next one. */
export const SCOPE_GROUP_MEMBERSHIP = 'https://graph.microsoft.com/GroupMember.Read.All';
/** checkMemberGroups of a user also needs a user permission (its least privileged one). */
export const SCOPE_USERS_BASIC = 'https://graph.microsoft.com/User.ReadBasic.All';
/**
 * What POST /me/checkMemberGroups needs, delegated: "User.ReadBasic.All and GroupMember.Read.All" is the least
 * privileged of the sets Microsoft documents (api-reference/v1.0/api/directoryobject-checkmembergroups.md,
 * "Group memberships for a user"; test/contracts/fixtures/graph-check-member-groups.json).
 */
export const SCOPES_GROUP_CHECK: readonly string[] = [SCOPE_USERS_BASIC, SCOPE_GROUP_MEMBERSHIP];

/** The one scope set the bot asks Entra for, so that one token per user serves every call it makes. */
export function graphScopes(usesGroups: boolean): string[] {
  return [SCOPE_REMOTE_ASSISTANCE, SCOPE_INTUNE_RBAC_READ, ...(usesGroups ? SCOPES_GROUP_CHECK : [])];
}

/** identity/: a delegated Graph access token for the session's user, obtained on-behalf-of them. */
export interface GraphTokenProvider {
  /**
   * Resolves to an access token for `scopes`. Tokens are cached per user; repeated calls within the
   * token's lifetime do not reach the token endpoint. Rejects with AppError kinds auth.*.
   */
  getToken(session: UserSession, scopes: string[]): Promise<string>;
}

/** What Graph said about a call that has no body (204). */
export interface GraphCallInfo {
  requestId?: string;
  clientRequestId: string;
}

/** graph/: the remote-assistance partner endpoints (beta). Rejects with AppError kinds graph.*. */
export interface RemoteAssistanceGateway {
  list(session: UserSession): Promise<Partner[]>;
  get(session: UserSession, partnerId: string): Promise<Partner>;
  /** POST .../{id}/disconnect, expects 204. */
  disconnect(session: UserSession, partnerId: string): Promise<GraphCallInfo>;
  /** POST .../{id}/beginOnboarding, expects 204. */
  beginOnboarding(session: UserSession, partnerId: string): Promise<GraphCallInfo>;
}

/** graph/: group membership of the signed-in user (POST /me/checkMemberGroups). */
export interface DirectoryGateway {
  /** Of `groupIds`, the ones the session's user is a member of (transitively). */
  memberOf(session: UserSession, groupIds: string[]): Promise<string[]>;
}

/** graph/: what the signed-in user may do in Intune (their roles' permissions, all scope tags). */
export interface IntuneRbacGateway {
  effectivePermissions(session: UserSession): Promise<RolePermission[]>;
}

export interface HistoryQuery {
  tenantId: string;
  partnerId?: string;
  states?: OperationState[];
  /** Newest first; at most this many. */
  limit: number;
}

/** What a transition may change besides the state. `errorKind: null` clears an earlier error. */
export type OperationPatch = Partial<Pick<OperationRecord, 'executor' | 'graphRequestId' | 'completedAt' | 'updatedAt' | 'settledBy'>> & {
  errorKind?: string | null;
};

/** store/: the operations and their audit. */
export interface OperationStore {
  /**
   * Saves a new record. Rejects if the id exists, or if the record is open (pending or running) while its
   * tenant's partner already has an open one (one open operation per partner, also across instances).
   */
  insert(record: OperationRecord): Promise<void>;
  /**
   * Saves a new open record unless its tenant's partner already has an open one; atomic across instances
   * (of any number of concurrent callers for one partner exactly one inserts). Resolves to the partner's open
   * record: this one (same id) or the one that was there.
   */
  insertOpen(record: OperationRecord): Promise<OperationRecord>;
  get(id: string): Promise<OperationRecord | undefined>;
  /**
   * The only way a record changes state. Atomically (one statement, safe across processes) moves the record
   * to `to` and applies `patch`, if and only if its state is one of `from` and, when `notExpiredAt` is set,
   * its expiresAt is later than that instant. Resolves to the updated record, or undefined when the
   * condition did not hold (somebody else got there first, or it expired).
   */
  transition(
    id: string,
    from: readonly OperationState[],
    to: OperationState,
    patch: OperationPatch,
    options?: { notExpiredAt?: string },
  ): Promise<OperationRecord | undefined>;
  /** Newest first. */
  history(query: HistoryQuery): Promise<OperationRecord[]>;
  close(): Promise<void>;
}

export interface Clock {
  now(): Date;
}
