/**
 * The ports of the core: what it needs from the outside world, as interfaces. Adapters live in
 * graph/, identity/ and store/; the core imports none of them.
 */
import type { GraphAction } from './kinds';

export type { GraphAction };
import type { OperationRecord, OperationState, Partner, UserSession } from './model';
import type { RolePermission } from './resource-actions';
import type { ApprovalChannel } from './approval-model';
import type {
  PartnerSnapshot,
  WatchAll,
  WatchAllState,
  WatchDue,
  WatchEvent,
  WatchProgress,
  WatchSubscription,
} from './watch-model';
import type { FleetPatch, FleetRecord, FleetState } from './fleet-model';
import type { CustomerRef, PersonRef } from './model';

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

/**
 * The one scope set the bot asks Entra for, so that one token per user serves every call it makes; with customers
 * (issue 19) also the GDAP relationships' read (core/partner-relationships.ts).
 */
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

/**
 * The bot itself in a tenant, with no user: an app-only token (client credentials) that carries the
 * application permissions an admin consented (DeviceManagementServiceConfig.Read.All). Only reads are made so.
 */
export interface AppCaller {
  app: true;
  tenantId: string;
}

/** Whom a Graph read is made as: a signed-in user (delegated, on-behalf-of) or the bot (application permission). */
export type GraphCaller = UserSession | AppCaller;

export function isAppCaller(caller: GraphCaller): caller is AppCaller {
  return (caller as Partial<AppCaller>).app === true;
}

/** identity/: the bot's own Graph token in a tenant (client credentials for https://graph.microsoft.com/.default). */
export interface AppGraphTokenProvider {
  /** Cached per tenant until shortly before expiry. Rejects with AppError kinds auth.*. */
  getToken(tenantId: string): Promise<string>;
  /** Graph refused the token (401/403): the next call gets a new one, with the roles consented by then. */
  forget(tenantId: string): void;
}

/**
 * graph/: the remote-assistance partner endpoints (beta). Rejects with AppError kinds graph.*. Reads take either
 * caller; the actions only a signed-in user (the bot never changes the tenant with its own identity).
 */
export interface RemoteAssistanceGateway {
  list(caller: GraphCaller): Promise<Partner[]>;
  get(caller: GraphCaller, partnerId: string): Promise<Partner>;
  /**
   * POST .../{id}/{action} (an operation kind's Graph action, kinds/: OPERATION_KINDS[kind].graphAction), no body,
   * expects 204. Never sent twice when its answer may have been lost ('graph.outcomeUnknown').
   */
  act(session: UserSession, partnerId: string, action: GraphAction): Promise<GraphCallInfo>;
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
  /**
   * Which tenant the operations act in (issue 19): absent, the bot's own tenant only (records without a customer,
   * as before customers existed); a customer's tenant id (any case); or 'any' (own and every customer's).
   */
  customerTenantId?: string | 'any';
  /** Newest first; at most this many. */
  limit: number;
}

/** What a transition may change besides the state. `errorKind: null` clears an earlier error. */
export type OperationPatch = Partial<
  Pick<
    OperationRecord,
    'executor' | 'graphRequestId' | 'completedAt' | 'updatedAt' | 'settledBy' | 'approval' | 'expiresAt'
  >
> & {
  errorKind?: string | null;
  /** The partner as read right before the Graph call, written with the claim (migration 0008). */
  before?: OperationRecord['before'];
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

/** store/: the watch (subscriptions, what the poller last saw, the notices on their way, the poller's lease). */
export interface WatchStore {
  /** Keeps an existing subscription of the same conversation (created: false) rather than adding a second. */
  subscribe(subscription: WatchSubscription): Promise<{ subscription: WatchSubscription; created: boolean }>;
  /**
   * Ends the conversation's subscription and drops its undelivered notices. When it was the tenant's last, the
   * tenant's snapshots go too, so that a later watch starts from what it sees then. Resolves to whether there was one.
   */
  unsubscribe(tenantId: string, conversationId: string): Promise<boolean>;
  /** The tenant's conversations' subscriptions: its own, and those of its `watch @all` (for its customers). */
  subscriptions(tenantId: string): Promise<WatchSubscription[]>;
  /** Ends the conversation's `watch @all` (each customer's subscription, as unsubscribe). Resolves to how many. */
  unsubscribeCustomers(homeTenantId: string, conversationId: string): Promise<number>;
  /**
   * Records that the tenant's partners cannot be read (`failure`: what failed), with the event telling it, unless
   * this same failure was recorded already (then false: told once). clearReadFailure: it can be read again (true
   * if a failure was recorded), so that the next failure is told again.
   */
  recordReadFailure(tenantId: string, failure: string, event: WatchEvent, at: string): Promise<boolean>;
  clearReadFailure(tenantId: string): Promise<boolean>;
  /**
   * Remembers that the conversation watches every customer (`watch @all`), replacing what was remembered of it: its
   * known customers are those given, and none is told as new any more (migration 0013).
   */
  rememberWatchAll(watchAll: WatchAll): Promise<void>;
  /** Forgets the conversation's `watch @all` (`unwatch @all`, or the conversation refuses the bot). Whether it was. */
  forgetWatchAll(homeTenantId: string, conversationId: string): Promise<boolean>;
  /** Every remembered `watch @all`, each with the customer tenants it has a subscription for now. */
  watchAlls(): Promise<WatchAllState[]>;
  /**
   * Replaces the conversation's told customers with `told` if they are still `before` (one conditional statement:
   * of two pollers, one gets true and tells). False: changed meanwhile, or the `watch @all` was forgotten.
   */
  setToldCustomers(homeTenantId: string, conversationId: string, before: string[], told: string[]): Promise<boolean>;
  /** Tenants with at least one subscription. */
  watchedTenants(): Promise<string[]>;
  /** What the poller last saw of the tenant's partners, and its version; undefined before the first look. */
  snapshots(tenantId: string): Promise<{ version: number; partners: PartnerSnapshot[] } | undefined>;
  /** Records the first look at a tenant (nothing to announce). False when there was one already. */
  baseline(tenantId: string, partners: PartnerSnapshot[], at: string): Promise<boolean>;
  /**
   * In one transaction, and only if the tenant's snapshots are still at `version`: replaces them and records the
   * events, numbered after the tenant's last (as many statements whatever the number of subscriptions; each
   * subscription is told them from its cursor). False when another poller got there first or the watch ended
   * meanwhile (then nothing is written).
   */
  recordChanges(
    tenantId: string,
    version: number,
    partners: PartnerSnapshot[],
    events: WatchEvent[],
    at: string,
  ): Promise<boolean>;
  /**
   * Up to `limit` subscriptions with notices to tell now (not waiting for a retry, and not claimed, or claimed
   * before `staleBefore` by an instance that did not finish), each with at most `perSubscription` events after
   * its cursor, oldest first. A new subscription starts after the tenant's last event: it is not told older ones.
   */
  dueNotices(now: string, staleBefore: string, limit: number, perSubscription: number): Promise<WatchDue[]>;
  /**
   * Claims the subscriptions' notices read by dueNotices, if their cursors have not moved (one statement, once
   * across instances). Resolves to the ids of the subscriptions claimed.
   */
  claimNotices(
    claims: readonly { subscriptionId: string; cursor: number }[],
    now: string,
    staleBefore: string,
  ): Promise<string[]>;
  /** Ends a claim made at `claimedAt`: moves the cursor to the last event told, and keeps when to try the next. */
  recordProgress(subscriptionId: string, cursor: number, claimedAt: string, progress: WatchProgress): Promise<void>;
  /**
   * The poller's lease: taken or renewed by `holder` until `expiresAt` if it holds it or it expired by `now`
   * (one statement). `polledAt` is when the last poll by any holder ended.
   */
  acquireWatchLease(holder: string, now: string, expiresAt: string): Promise<{ held: boolean; polledAt?: string }>;
  markWatchPolled(holder: string, at: string): Promise<void>;
  /** Lets the lease go now (a stopping instance), so that another takes over at its next tick. */
  releaseWatchLease(holder: string, at: string): Promise<void>;
}

/** store/: where each tenant's approvers are told of new requests (`approvals here`). One channel per tenant. */
export interface ApprovalChannelStore {
  /** Sets (or replaces) the tenant's approvers' channel. */
  setApprovalChannel(channel: ApprovalChannel): Promise<void>;
  approvalChannel(tenantId: string): Promise<ApprovalChannel | undefined>;
}

/** What became of a notice sent to a conversation. */
export type NoticeOutcome =
  | { delivered: true }
  /**
   * `final`: no retry will help. `gone`: the conversation refuses the bot for good (it was removed from it, or the
   * conversation no longer exists): the subscription ends.
   */
  | { delivered: false; final: boolean; gone?: boolean; reason: string };

/** bot/: posts a notice to a subscribed conversation (a proactive message), within Teams' rate limits. */
export interface Notifier {
  notify(subscription: WatchSubscription, event: WatchEvent): Promise<NoticeOutcome>;
}

// --- Customer tenants and the fleet operation (issue 19) ---

/** store/: fleet operations (fleet-model.ts). A fleet's children are ordinary records of the OperationStore. */
export interface FleetStore {
  /**
   * Saves the fleet and its children (open records with `fleetId` = fleet.id and a `customer` that is one of the
   * fleet's members) in ONE transaction: all or nothing. A child whose partner already has an open operation in
   * that customer is not saved: its member then reads `alreadyOpen: true` with that operation's id. Resolves to
   * the fleet as saved (each member with a child has its operationId).
   */
  insertFleet(fleet: FleetRecord, children: readonly OperationRecord[]): Promise<FleetRecord>;
  getFleet(id: string): Promise<FleetRecord | undefined>;
  /** The fleet's own children (not the operations already open that it met), oldest first. */
  fleetChildren(fleetId: string): Promise<OperationRecord[]>;
  /**
   * Like OperationStore.transition: one conditional statement, so of concurrent callers exactly one gets the
   * record back; undefined when its state is not one of `from` (or it expired by `notExpiredAt`).
   */
  transitionFleet(
    id: string,
    from: readonly FleetState[],
    to: FleetState,
    patch: FleetPatch,
    options?: { notExpiredAt?: string },
  ): Promise<FleetRecord | undefined>;
  /** The tenant's fleets, newest first; at most `limit` (1..500). */
  fleetHistory(tenantId: string, limit: number): Promise<FleetRecord[]>;
}

/** store/: each conversation's default customer (`customer contoso` in a channel). */
export interface ConversationCustomerStore {
  /** Sets, replaces or (customer undefined) clears the conversation's default customer; `by` and `at` are kept. */
  setConversationCustomer(
    tenantId: string,
    conversationId: string,
    customer: CustomerRef | undefined,
    by: PersonRef,
    at: string,
  ): Promise<void>;
  conversationCustomer(tenantId: string, conversationId: string): Promise<CustomerRef | undefined>;
}
