/** `unwatch`: the notices stop here (or there were none). */
import type { Reply } from '../core/replies';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { card, header, text } from './elements';
import type { AdaptiveCard } from './types';

export function watchStoppedCard(reply: Extract<Reply, { type: 'watchStopped' }>, { t }: RenderContext): AdaptiveCard {
  return card(
    [...header(reply.existed ? t('watch.stoppedTitle') : t('watch.notWatchingTitle')), text(reply.existed ? t('watch.stopped') : t('watch.notWatching'))],
    [commandAction(t.plain('button.watching'), { command: 'watching' })],
    reply.existed ? t('watch.stoppedTitle') : t('watch.notWatchingTitle'),
  );
}
