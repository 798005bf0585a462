/** The card-button contract (cards/actions.ts) with the registry's command names: what a click asks for. */
import { checkCardActionOf, type CardActionCheck, type CardActionRequest } from '../cards/actions';
import { isCommandName } from './registry';

const check = checkCardActionOf(isCommandName);

/** What a click's verb and data amount to (ok, stale, invalid): see cards/actions.ts. */
export function checkCardAction(verb: unknown, data: unknown): CardActionCheck {
  return check(verb, data);
}

/** The other side of the contract, for bot/: what a click asks for, or undefined (see checkCardAction). */
export function readCardAction(verb: unknown, data: unknown): CardActionRequest | undefined {
  const result = check(verb, data);
  return 'ok' in result ? result.ok : undefined;
}
