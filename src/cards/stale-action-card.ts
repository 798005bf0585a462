/**
 * A click on a button this version of the bot does not have (an unknown verb, an old card, an action
 * without data): the button no longer works, and the way on (Help).
 */
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { card, header, text } from './elements';
import type { AdaptiveCard } from './types';

export function staleActionCard(ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  return card(
    [...header(t('staleAction.title'), undefined, 'Warning'), text(t('staleAction.text'))],
    [commandAction(t.plain('button.help'), { command: 'help' })],
    t('staleAction.title'),
  );
}
