/**
 * One open operation per partner: a second `disconnect X` (or `reconnect X`) while one is pending or running
 * answers with that operation instead of a second card, so two admins at once still give exactly one Graph
 * call. The store enforces it across instances (insertOpen); this finds the open one first, settling what only
 * looks open: an expired pending card, a `running` record whose call is over (audit.ts settleInterrupted).
 */
import { customerScope, settleInterrupted, type AuditDeps } from './audit';
import { isActionRecord, OPEN_STATES, type ActionRecord, type Partner } from './model';

/** The partner's open operation, read with the partner's state just listed by Graph; undefined if none. */
/** `customerTenantId`: the customer the partner is in (issue 19); absent: the bot's own tenant. */
export async function openOperationOf(
  d: AuditDeps,
  tenantId: string,
  partner: Partner,
  customerTenantId?: string,
): Promise<ActionRecord | undefined> {
  const query = {
    tenantId,
    partnerId: partner.id,
    states: [...OPEN_STATES],
    limit: 5,
    ...customerScope(customerTenantId),
  };
  const open = (await d.store.history(query)).filter(isActionRecord);
  for (const op of open) {
    if (op.state === 'running') {
      if (await settleInterrupted(d, op, partner)) continue;
      return op;
    }
    const now = d.clock.now();
    if (Date.parse(op.expiresAt) > now.getTime()) return op;
    await d.store.transition(op.id, ['pending'], 'expired', {
      updatedAt: now.toISOString(),
      completedAt: now.toISOString(),
    });
  }
  return undefined;
}
