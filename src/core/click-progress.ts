/**
 * A confirm click whose work outlives the answer window (Graph slow, a Retry-After wait, a slow token
 * endpoint): the host answers the click with what the record says now and finishes the work in the
 * background. Host-agnostic: the host decides when the window closes; this says what to show.
 */
import type { RequestContext } from './context';
import { isActionRecord, type ActionRecord } from './model';
import type { OperationStore } from './ports';
import type { ActionResult, Reply } from './replies';

/** The record of a click's operation, if it exists and belongs to the clicker's tenant. */
async function ownOperation(
  store: OperationStore,
  operationId: string,
  ctx: RequestContext,
): Promise<ActionRecord | undefined> {
  if (typeof operationId !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(operationId)) return undefined;
  const op = await store.get(operationId);
  if (!op || !isActionRecord(op) || op.tenantId.toLowerCase() !== (ctx.actor.tenantId || '').toLowerCase())
    return undefined;
  return op;
}

/**
 * What the click shows while its work goes on:
 * - the record is `running` (this click, or another, holds the call): the in-progress card, for everyone;
 * - still `pending` (the click is still being authorized, or its token fetched): the in-progress card for the
 *   clicker only, naming them; the shared card keeps its buttons until the click has really claimed it;
 * - already decided: that card, for everyone.
 */
export async function clickProgress(
  store: OperationStore,
  operationId: string,
  ctx: RequestContext,
): Promise<ActionResult | undefined> {
  const op = await ownOperation(store, operationId, ctx);
  if (!op) return undefined;
  if (op.state === 'pending') {
    const clicker = { id: ctx.actor.aadObjectId, name: ctx.actor.name };
    return {
      reply: { type: 'operation', operation: { ...op, state: 'running', executor: clicker }, alreadyDecided: false },
      audience: 'clicker',
    };
  }
  return { reply: { type: 'operation', operation: op, alreadyDecided: false }, audience: 'everyone' };
}

/** The operation's card as the record stands now (to put a shared card right after a click's late end). */
export async function currentOperationCard(
  store: OperationStore,
  operationId: string,
  ctx: RequestContext,
): Promise<Reply | undefined> {
  const op = await ownOperation(store, operationId, ctx);
  return op && { type: 'operation', operation: op, alreadyDecided: false };
}
