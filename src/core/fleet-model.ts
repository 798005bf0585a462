/**
 * The fleet operation (issue 19): one request that acts in many customer tenants at once (`disconnect TeamViewer
 * @all`), confirmed once. Each customer's part is an ordinary OperationRecord with `customer` and `fleetId` set, so
 * every per-operation guarantee (the once-only claim, evidence, the sweeper, reconcile) holds for it unchanged; the
 * fleet record keeps what is the fleet's own: who asked, its state, and a row per customer.
 */
import type { ApprovalFacts, CustomerRef, MutatingKind, OnboardingStatus, PersonRef } from './model';

/**
 * pending: shown, waiting for the confirmation (or approval); running: confirmed, the customers' operations are on
 * their way; finished: every customer's operation closed; cancelled / expired: never confirmed.
 */
export type FleetState = 'pending' | 'running' | 'finished' | 'cancelled' | 'expired';
export const FLEET_STATES: readonly FleetState[] = ['pending', 'running', 'finished', 'cancelled', 'expired'];

/** One customer's row of a fleet. */
export interface FleetMember {
  customer: CustomerRef;
  /**
   * The operation acting in this customer: the fleet's own child, or (alreadyOpen) the partner's open operation
   * that was there before the fleet was asked (a single request, or an earlier fleet's child). Absent: nothing
   * acts there (unreachable, or nothing to do).
   */
  operationId?: string;
  /** True when operationId is not this fleet's child but the open operation that was already in that customer. */
  alreadyOpen?: boolean;
  /** Why the customer cannot be reached: an error kind (consent missing, no access, relationship expired, ...). */
  unreachable?: string;
  /** Entra's code with it (AADSTS90099, AADSTS50020), as Entra answered in that customer: shown on the row. */
  code?: string;
  /** The partner's onboardingStatus there when the fleet was asked. */
  status?: OnboardingStatus;
}

export interface FleetRecord {
  id: string;
  /** The actor's (partner's) tenant. */
  tenantId: string;
  conversationId: string;
  kind: MutatingKind;
  /** The partner as typed (`TeamViewer`): each customer's partner id is on its child operation. */
  partnerQuery: string;
  /** Which customers: 'all', or the name of a group of customers. */
  selector: string;
  requester: PersonRef;
  /** Who confirmed (or approved, rejected, cancelled) it. */
  executor?: PersonRef;
  state: FleetState;
  /** Present when the fleet was asked under two-person approval. */
  approval?: ApprovalFacts;
  /** A row per customer, in the order asked. */
  members: FleetMember[];
  /** ISO 8601 UTC timestamps. */
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  completedAt?: string;
}

/** What transitionFleet may change besides the state. */
export type FleetPatch = Partial<
  Pick<FleetRecord, 'executor' | 'approval' | 'members' | 'updatedAt' | 'completedAt' | 'expiresAt'>
>;
