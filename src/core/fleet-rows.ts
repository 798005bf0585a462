/**
 * A fleet's rows as its card shows them (issue 19): one per customer, drawn from the fleet record and its
 * children's records only (no Graph call), so any instance can draw the card again after any child's outcome.
 */
import type { CustomerDirectory } from './customers';
import { customerByTenant } from './customers';
import type { FleetRecord, FleetMember } from './fleet-model';
import { kindSpec } from './kinds';
import type { CustomerRef, OnboardingStatus, OperationRecord } from './model';

/**
 * Where a customer stands in a fleet. Before the confirmation: `ready` (a child waits), `alreadyThere` (nothing to
 * do), `alreadyOpen` (another operation is open there), `notAllowed`, `unreachable` (`reason`: the error kind).
 * After it: `queued`, `running`, `done`, `refused` (`reason`), `unknown` (the answer was lost and a read could not
 * tell), `cancelled`, `expired` (never confirmed in time).
 */
export type FleetRowState =
  | 'ready'
  | 'alreadyThere'
  | 'alreadyOpen'
  | 'notAllowed'
  | 'unreachable'
  | 'queued'
  | 'running'
  | 'done'
  | 'refused'
  | 'unknown'
  | 'cancelled'
  | 'expired';

export interface FleetRow {
  customer: CustomerRef;
  /** The customer's display name as configured (its name when it is no longer configured). */
  displayName: string;
  state: FleetRowState;
  /** The partner's onboardingStatus when the fleet was asked (when it was read). */
  status?: OnboardingStatus;
  /** Why: an error kind (auth.customerNotConsented, graph.forbidden, ...). */
  reason?: string;
  /** Entra's code with an unreachable row's reason (AADSTS90099), as Entra answered. */
  code?: string;
}

/** The member's row from its child (absent: no child of this fleet acts there). */
function rowState(
  fleet: FleetRecord,
  m: FleetMember,
  child: OperationRecord | undefined,
): Pick<FleetRow, 'state' | 'reason' | 'code'> {
  if (m.unreachable === 'authz.notAllowed' || m.unreachable === 'authz.readOnly') return { state: 'notAllowed' };
  if (m.unreachable) return { state: 'unreachable', reason: m.unreachable, ...(m.code ? { code: m.code } : {}) };
  if (m.alreadyOpen) return { state: 'alreadyOpen' };
  if (!child)
    return m.status && kindSpec(fleet.kind).alreadyThere(m.status) ? { state: 'alreadyThere' } : { state: 'unknown' };
  switch (child.state) {
    case 'pending':
      return { state: fleet.state === 'running' ? 'queued' : 'ready' };
    case 'running':
      // Still running after the fleet finished: the answer was lost and the read could not tell.
      return { state: fleet.state === 'finished' ? 'unknown' : 'running' };
    case 'succeeded':
      return { state: 'done' };
    case 'failed':
      return { state: 'refused', ...(child.errorKind ? { reason: child.errorKind } : {}) };
    case 'expired':
      return { state: 'expired' };
    default:
      return { state: 'cancelled' };
  }
}

export function fleetRows(
  directory: CustomerDirectory,
  fleet: FleetRecord,
  children: readonly OperationRecord[],
): FleetRow[] {
  const byId = new Map(children.map((c) => [c.id, c]));
  return fleet.members.map((m) => {
    const child = m.operationId && !m.alreadyOpen ? byId.get(m.operationId) : undefined;
    const displayName = customerByTenant(directory, m.customer.tenantId)?.displayName ?? m.customer.name;
    return {
      customer: m.customer,
      displayName,
      ...(m.status ? { status: m.status } : {}),
      ...rowState(fleet, m, child),
    };
  });
}
