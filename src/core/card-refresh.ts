/**
 * Brings an operation's card up to date for everyone after the record changed without a click to answer
 * (settled by the sweeper or by a `status` check): the card then says what the record says.
 */
import type { CardUpdates } from './card-ref';
import { describeError } from './errors';
import type { Logger } from './logger';
import type { ActionRecord } from './model';

/**
 * Replaces every card of the operation (its own, and the copies of a request for approval). True when at least one
 * was replaced; false when none is known (posted before cards were kept) or the channel refused them all.
 */
export async function refreshCard(u: CardUpdates, log: Logger, op: ActionRecord): Promise<boolean> {
  let cards;
  try {
    cards = await u.cards.all(op.id);
  } catch (e) {
    log.warn('could not read where the cards of an operation are', { operationId: op.id, error: describeError(e) });
    return false;
  }
  if (cards.length === 0)
    log.info('no card to update for the operation (posted before cards were kept)', { operationId: op.id });
  let replaced = false;
  for (const card of cards) {
    try {
      await u.publisher.update(card, { type: 'operation', operation: op, alreadyDecided: false });
      replaced = true;
    } catch (e) {
      log.warn('could not update the card of an operation', { operationId: op.id, error: describeError(e) });
    }
  }
  return replaced;
}
