/**
 * A mistyped command: "Did you mean `disconnect TeamViewer`?" with a button that runs it (the `command` verb, as
 * every card's command buttons) and Help. Running it is safe: a change still asks for a confirmation.
 */
import type { Reply } from '../core/replies';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { card, header, note, text } from './elements';
import type { AdaptiveCard } from './types';

export function didYouMeanCard(reply: Extract<Reply, { type: 'didYouMean' }>, { t }: RenderContext): AdaptiveCard {
  const { suggestion } = reply;
  const command = suggestion.partner ? `${suggestion.word} ${suggestion.partner}` : suggestion.word;
  return card(
    [
      ...header(t('didYouMean.title', { command })),
      text(t('didYouMean.unknown', { typed: reply.typed })),
      note(t('didYouMean.hint')),
    ],
    [
      commandAction(
        command,
        { command: suggestion.name, ...(suggestion.partner ? { partner: suggestion.partner } : {}) },
        'positive',
      ),
      commandAction(t.plain('button.help'), { command: 'help' }),
    ],
    t('didYouMean.title', { command }),
  );
}
