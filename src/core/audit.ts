/**
 * The audit side of the use cases: reading the history, and settling operations that a crash left
 * `running`. Both read the store only; reconcile writes through the same atomic transition as a click.
 */
import type { Logger } from './logger';
import {
  isActionRecord,
  OUTCOME_NOT_KNOWN,
  type ActionRecord,
  type OperationRecord,
  type Partner,
  type SettledBy,
} from './model';
import { kindSpec, type Evidence } from './kinds';
import { resolvePartner } from './partner-resolver';
import type { Clock, OperationStore } from './ports';
import type { Reply } from './replies';

export interface AuditDeps {
  store: OperationStore;
  clock: Clock;
  log: Logger;
  reconcileAfterSeconds: number;
  historyLimit: number;
}

/** How an interrupted operation is closed, by what the read shows (the mapped type asks for every evidence). */
const RECONCILED: { readonly [E in Evidence]: { state: 'succeeded' | 'failed'; errorKind: string | null } } = {
  tookEffect: { state: 'succeeded', errorKind: null },
  notApplied: { state: 'failed', errorKind: 'reconciled.notApplied' },
  // Nobody can tell: closed, so that the partner is not blocked, and said so ("outcome not known").
  cannotTell: { state: 'failed', errorKind: OUTCOME_NOT_KNOWN },
};

/** How many recent denials `history <partner>` looks through for attempts that named the partner as typed. */
const DENIALS_SCANNED = 200;

/**
 * A `running` record outlives its call only after a crash between the claim and Graph's answer, a store that
 * could not record Graph's answer, or an answer that was lost and could not be settled at once
 * (core/outcomes.ts). Graph's current state, compared with the partner as read before the call (the kind's
 * evidence, kinds/), settles the record, and the audit says how (settledBy 'read', or 'sweeper' when the
 * sweeper found it); when the two reads cannot tell, the record is closed as "outcome not known". Returns the operation still running within
 * the grace period, if any (shown on the status card). `onSettled` hears of each record this call settled (the
 * sweeper and `status` then update its card).
 */
export async function reconcileRunning(
  d: AuditDeps,
  tenantId: string,
  partner: Partner,
  onSettled?: (settled: ActionRecord) => Promise<void>,
  settledBy: SettledBy = 'read',
  customerTenantId?: string,
): Promise<ActionRecord | undefined> {
  const query = {
    tenantId,
    partnerId: partner.id,
    states: ['running' as const],
    limit: 5,
    ...customerScope(customerTenantId),
  };
  const running = (await d.store.history(query)).filter(isActionRecord);
  let fresh: ActionRecord | undefined;
  for (const op of running) if (!(await settleInterrupted(d, op, partner, { settledBy, onSettled }))) fresh ??= op;
  return fresh;
}

/**
 * Settles one `running` record from the partner's state once its claim is older than the grace period; false
 * while it is younger (a live call may still answer).
 */
export async function settleInterrupted(
  d: AuditDeps,
  op: ActionRecord,
  partner: Partner,
  o: { settledBy?: SettledBy; onSettled?: (settled: ActionRecord) => Promise<void> } = {},
): Promise<boolean> {
  const staleBefore = d.clock.now().getTime() - d.reconcileAfterSeconds * 1000;
  if (Date.parse(op.updatedAt) > staleBefore) return false;
  const evidence = kindSpec(op.kind).evidence(op.before, partner);
  const { state, errorKind } = RECONCILED[evidence];
  const now = d.clock.now().toISOString();
  const settled = await d.store.transition(op.id, ['running'], state, {
    errorKind,
    settledBy: o.settledBy ?? 'read',
    updatedAt: now,
    completedAt: now,
  });
  d.log.warn('reconciled an interrupted operation', { operationId: op.id, outcome: state, evidence });
  if (settled && o.onSettled) await o.onSettled({ ...settled, kind: op.kind });
  return true;
}

/** `history [partner]`: newest first. `partners` is Graph's list when a partner was named (else empty). */
export async function historyReply(
  d: AuditDeps,
  tenantId: string,
  partners: readonly Partner[],
  query?: string,
  customerTenantId?: string,
): Promise<Reply> {
  const limit = d.historyLimit;
  const where = customerScope(customerTenantId);
  const found = query ? resolvePartner(partners, query) : undefined;
  if (found?.kind !== 'one') {
    // No filter; or a partner that is gone from Graph still has a history: fall back to the id as typed.
    return {
      type: 'history',
      operations: await d.store.history({ tenantId, partnerId: query, limit, ...where }),
      partnerQuery: query,
    };
  }
  const id = found.partner.id;
  // A denied command is recorded before any partner is looked up, under the name as typed ("TeamViewer"):
  // the recent denials whose name resolves to this partner belong to its history too.
  const [own, denied] = await Promise.all([
    d.store.history({ tenantId, partnerId: id, limit, ...where }),
    d.store.history({ tenantId, states: ['denied'], limit: DENIALS_SCANNED, ...where }),
  ]);
  const named = denied.filter((op) => {
    if (!op.partnerId || op.partnerId === id) return false;
    const r = resolvePartner(partners, op.partnerId);
    return r.kind === 'one' && r.partner.id === id;
  });
  const key = (op: OperationRecord) => `${op.createdAt}|${op.id}`;
  const newestFirst = (a: OperationRecord, b: OperationRecord) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0);
  return { type: 'history', operations: [...own, ...named].sort(newestFirst).slice(0, limit), partnerQuery: query };
}

/** The history query's part that keeps to one customer's records (issue 19); none: the bot's own tenant. */
export function customerScope(customerTenantId: string | undefined): { customerTenantId?: string } {
  return customerTenantId ? { customerTenantId } : {};
}
