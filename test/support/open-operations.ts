/**
 * A partner has at most one open (pending or running) operation: a card a test leaves unclicked would answer
 * the next test's `disconnect X` with "already waiting for confirmation". Tests that share one bot call this
 * between tests, so that each starts as if nobody had asked anything.
 */
import type { OperationStore } from '../../src/core/ports';

export async function closeOpenOperations(store: OperationStore, tenantId: string): Promise<void> {
  const open = await store.history({ tenantId, states: ['pending', 'running'], limit: 100 });
  for (const op of open) await store.transition(op.id, ['pending', 'running'], 'cancelled', {});
}
