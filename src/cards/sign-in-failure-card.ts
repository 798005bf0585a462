/**
 * Teams reported that single sign-on failed (the `signin/failure` invoke): what happened, in the reader's
 * language, and that the sign-in button sent with this card is the way on. The cause for whoever runs the
 * bot goes to the log, not to the user.
 */
import type { RenderContext } from './context';
import { card, header, note, text } from './elements';
import type { AdaptiveCard } from './types';

export function signInFailureCard(failure: { code: string }, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  return card(
    [
      ...header(t('signIn.failedTitle'), undefined, 'Warning'),
      text(t('signIn.failedDetail', { code: failure.code })),
      note(t('signIn.failedReport')),
    ],
    [],
    t('signIn.failedTitle'),
  );
}
