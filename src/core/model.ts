/**
 * The domain, in plain TypeScript. Nothing here knows about Teams, HTTP, SQL or Azure.
 */
import type { MutatingKind } from './kinds';

/** Graph's onboardingStatus for a remoteAssistancePartner (beta). */
export type OnboardingStatus = 'notOnboarded' | 'onboarding' | 'onboarded' | 'unknownFutureValue';

/** A remote-assistance partner as Graph describes it (GET /deviceManagement/remoteAssistancePartners). */
export interface Partner {
  id: string;
  displayName: string;
  onboardingUrl?: string | null;
  onboardingStatus: OnboardingStatus;
  /**
   * ISO 8601 with an offset, as Graph sends it. Edm.DateTimeOffset Nullable="false" in the beta metadata:
   * "never" comes as the .NET minimum 0001-01-01T00:00:00Z (see `isSetDateTime`); null is tolerated.
   */
  lastConnectionDateTime?: string | null;
  /** As above; "no request pending" is the .NET minimum too. */
  onboardingRequestExpiryDateTime?: string | null;
}

/**
 * True when a Graph DateTimeOffset carries a real moment: not null/empty, parseable, and not the .NET minimum
 * (year 1, e.g. 0001-01-01T00:00:00Z, which non-nullable Intune dates use for "never" / "none").
 */
export function isSetDateTime(value: string | null | undefined): value is string {
  if (typeof value !== 'string' || !value.trim()) return false;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).getUTCFullYear() > 1;
}

/**
 * The partner as read right before an action's Graph call (on the click, kept with the claim pending -> running):
 * what the action's evidence compares a later read with (kinds/: OPERATION_KINDS[kind].evidence).
 * `onboardingRequestExpiryDateTime` is absent when Graph had none (the .NET minimum, or null).
 */
export interface PartnerBefore {
  onboardingStatus: OnboardingStatus;
  onboardingRequestExpiryDateTime?: string;
}

/** What is kept of a partner read before an action: its status, and its request's expiry when it has one. */
export function partnerBefore(p: Pick<Partner, 'onboardingStatus' | 'onboardingRequestExpiryDateTime'>): PartnerBefore {
  const expiry = p.onboardingRequestExpiryDateTime;
  return {
    onboardingStatus: p.onboardingStatus,
    ...(isSetDateTime(expiry) ? { onboardingRequestExpiryDateTime: expiry } : {}),
  };
}

/** Who is acting, as the (authenticated) Teams activity tells it. */
export interface Actor {
  tenantId: string;
  /** Entra (AAD) object id of the user. Empty when the channel does not say (never allowed to act). */
  aadObjectId: string;
  name: string;
  /** BCP 47 locale of the client, e.g. en-US, zh-CN. */
  locale: string;
  /** IANA time zone from the activity's entities (clientInfo.timezone), when Teams sends it. */
  timeZone?: string;
  /**
   * The user's id in the channel (activity.from.id; in Teams an MRI, 29:...). What a card's `refresh.userIds`
   * names (Universal Actions, user-specific views). Absent when the channel does not say.
   */
  channelUserId?: string;
}

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export interface ConversationFacts {
  id: string;
  kind: ConversationKind;
}

/** The user's SSO assertion (a token for the bot's own API), from which a Graph token is obtained on-behalf-of. */
export interface UserSession {
  actor: Actor;
  /** The assertion. Never log it. */
  assertion: string;
  /**
   * The customer tenant this session acts in (issue 19, an MSP's technician through GDAP): its Graph token is asked
   * of that tenant's own authority (identity/obo-provider.ts). Absent: the user's own tenant. Made by
   * `inCustomer` (core/customers.ts); group checks in the partner tenant use `atHome`.
   */
  target?: CustomerRef;
}

/** The kinds that change the tenant: the keys of OPERATION_KINDS (core/kinds, a row a kind). */
export type { MutatingKind };
/** view is a read (list, status, history), recorded only when denied. */
export type OperationKind = MutatingKind | 'view';

export type OperationState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired' | 'denied';

/** An operation in these states is open: a partner has at most one open operation (the store enforces it). */
export const OPEN_STATES: readonly OperationState[] = ['pending', 'running'];

/**
 * How an operation's outcome became known: Graph's own answer to the call ('graph'), a read of the partner's
 * state after the answer was lost or the call interrupted ('read'), or the background sweeper's read ('sweeper').
 */
export type SettledBy = 'graph' | 'read' | 'sweeper';
export const SETTLED_BY: readonly SettledBy[] = ['graph', 'read', 'sweeper'];

/**
 * Two-person approval (APPROVAL_REQUIRED): where a request stands. `waiting` while the operation is pending;
 * then approved (the operation runs, its executor is the approver), rejected or withdrawn (the operation is
 * `cancelled`, its executor is who decided). An expired request keeps `waiting` (state `expired` says it).
 */
export type ApprovalStatus = 'waiting' | 'approved' | 'rejected' | 'withdrawn';
export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ['waiting', 'approved', 'rejected', 'withdrawn'];

/** What an operation asked under two-person approval carries besides the usual record. */
export interface ApprovalFacts {
  status: ApprovalStatus;
  /**
   * The requester's id in the channel (Actor.channelUserId, an MRI in Teams): the card's user-specific view
   * shows them Withdraw instead of Approve / Reject (refresh.userIds). Absent when the channel did not say.
   */
  requesterChannelId?: string;
  /** When it was approved, rejected or withdrawn (ISO 8601 UTC). Who decided is the record's executor. */
  decidedAt?: string;
}

export interface PersonRef {
  /** AAD object id. */
  id: string;
  name: string;
}

/** One request or decision, kept for the audit ("who disconnected TeamViewer, and when?"). */
export interface OperationRecord {
  id: string;
  kind: OperationKind;
  partnerId: string;
  partnerName: string;
  tenantId: string;
  conversationId: string;
  requester: PersonRef;
  /** Who clicked (or tried to); set when the operation leaves `pending`. */
  executor?: PersonRef;
  state: OperationState;
  /** Graph's request-id of the call that decided the outcome, for support. */
  graphRequestId?: string;
  /** The kind of error that failed or denied the operation (see ErrorKind). */
  errorKind?: string;
  /** How a succeeded or failed operation's outcome became known (absent while open, and on older records). */
  settledBy?: SettledBy;
  /** Present when the operation was asked under two-person approval (a request for another approver). */
  approval?: ApprovalFacts;
  /**
   * The partner as read right before the Graph call, kept with the claim (absent while pending, and on records
   * claimed before migration 0008): the evidence a later read is compared with.
   */
  before?: PartnerBefore;
  /**
   * The customer tenant the operation acts in (issue 19, an MSP's customer); absent: the bot's own tenant (every
   * record from before migration 0011). `tenantId` stays the actor's (the partner's) tenant.
   */
  customer?: CustomerRef;
  /** The fleet operation this record is one customer's part of (fleet-model.ts FleetRecord). */
  fleetId?: string;
  /** ISO 8601 UTC timestamps. */
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  completedAt?: string;
}

/**
 * The errorKind of an operation whose outcome nobody can tell: Graph's answer is missing and a read of the partner
 * does not show whether the action did anything (catalogue.ts: evidence `cannotTell`). The record is closed as
 * `failed` with it, so that it does not hold the partner's one open operation forever; cards and history say
 * "outcome not known", never "did not take effect".
 */
export const OUTCOME_NOT_KNOWN = 'reconciled.cannotTell';

/** A closed operation whose outcome nobody can tell (see OUTCOME_NOT_KNOWN). */
export function outcomeNotKnown(op: Pick<OperationRecord, 'state' | 'errorKind'>): boolean {
  return op.state === 'failed' && op.errorKind === OUTCOME_NOT_KNOWN;
}

/** An operation of a kind that changes the tenant: what a confirmation or operation card shows. */
export type ActionRecord = OperationRecord & { kind: MutatingKind };

export function isActionRecord(op: OperationRecord): op is ActionRecord {
  return op.kind !== 'view';
}

/** True for an operation that waits for (or waited for) a second person's approval. */
export function needsApproval(op: OperationRecord): op is OperationRecord & { approval: ApprovalFacts } {
  return op.approval !== undefined;
}

// --- Customer tenants (issue 19) ---

/**
 * A customer tenant of an MSP, as an operation, a fleet or a channel's default names it. `tenantId` is the customer's
 * Entra tenant id, a GUID: the store keeps it lowercased (its case carries no meaning), so it reads back lowercased.
 * `name` is the short name typed after @ (`contoso`); the display name is the configuration's.
 */
export interface CustomerRef {
  tenantId: string;
  name: string;
}
