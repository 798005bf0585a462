/** A click on a card whose request the bot does not know (never created, removed, or another tenant's). */
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { card, header, text } from './elements';
import type { AdaptiveCard } from './types';

export function unknownOperationCard(ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  return card(
    [...header(t('unknownOperation.title')), text(t('unknownOperation.text'))],
    [
      commandAction(t.plain('button.list'), { command: 'list' }),
      commandAction(t.plain('button.help'), { command: 'help' }),
    ],
    t('unknownOperation.title'),
  );
}
