/**
 * Brings an operation's card up to date for everyone after the record changed without a click to answer
 * (settled by the sweeper or by a `status` check): the card then says what the record says.
 */
import type { CardUpdates } from './card-ref';
import { describeError } from './errors';
import type { Logger } from './logger';
import type { ActionRecord } from './model';

/** True when the card was replaced; false when it is unknown (posted before cards were kept) or the channel refused. */
export async function refreshCard(u: CardUpdates, log: Logger, op: ActionRecord): Promise<boolean> {
  try {
    const card = await u.cards.get(op.id);
    if (!card) {
      log.info('no card to update for the operation (posted before cards were kept)', { operationId: op.id });
      return false;
    }
    await u.publisher.update(card, { type: 'operation', operation: op, alreadyDecided: false });
    return true;
  } catch (e) {
    log.warn('could not update the card of an operation', { operationId: op.id, error: describeError(e) });
    return false;
  }
}
