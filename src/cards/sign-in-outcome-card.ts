/**
 * A sign-in that finished outside a prompt of the user's own: somebody completed another person's sign-in
 * card (group chats, channels), or finished a sign-in after the prompt had expired or came from a card
 * click. Says who is signed in now (or that it did not complete), whose card it was, and what to do next:
 * nothing the card's owner asked for runs for somebody else.
 */
import type { RenderContext } from './context';
import { card, compact, header, text } from './elements';
import type { AdaptiveCard } from './types';

export interface SignInOutcome {
  signedIn: boolean;
  /** The person who completed the sign-in. */
  name: string;
  /** Whose sign-in card it was, when it was somebody else's. */
  cardOwner?: string;
}

export function signInOutcomeCard(outcome: SignInOutcome, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const person = (n: string | undefined) => n?.trim() || t.plain('common.someone');
  const name = person(outcome.name);
  const foreign =
    outcome.cardOwner !== undefined ? text(t('signIn.foreignCard', { owner: person(outcome.cardOwner) })) : undefined;
  if (!outcome.signedIn) {
    return card(
      compact([
        ...header(t('signIn.notDoneTitle'), undefined, 'Warning'),
        text(t('signIn.notDoneDetail', { name })),
        foreign,
      ]),
      [],
      t('signIn.notDoneTitle'),
    );
  }
  return card(
    compact([...header(t('signIn.doneTitle', { name }), undefined, 'Good'), foreign, text(t('signIn.doneDetail'))]),
    [],
    t('signIn.doneTitle', { name }),
  );
}
