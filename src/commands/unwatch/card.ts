/** `unwatch`: the notices stop here (or there were none). */
import { commandAction } from '../../cards/actions';
import type { RenderContext } from '../../cards/context';
import { card, header, text } from '../../cards/elements';
import type { AdaptiveCard } from '../../cards/types';

import { TEXTS } from './texts';

/** `unwatch`: the subscription ended (`existed` false: there was none). */
export interface WatchStoppedReply {
  type: 'watchStopped';
  existed: boolean;
  /** `unwatch @all`: the conversation's watch of every customer. */
  allCustomers?: boolean;
}

export function watchStoppedCard(reply: WatchStoppedReply, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const tx = TEXTS.in(ctx);
  return card(
    reply.allCustomers
      ? [
          ...header(reply.existed ? tx('allStoppedTitle') : tx('notWatchingTitle')),
          text(reply.existed ? tx('allStopped') : tx('allNotWatching')),
        ]
      : [
          ...header(reply.existed ? tx('stoppedTitle') : tx('notWatchingTitle')),
          text(reply.existed ? tx('stopped') : tx('notWatching')),
        ],
    [commandAction(t.plain('button.watching'), { command: 'watching' })],
    reply.existed ? tx('stoppedTitle') : tx('notWatchingTitle'),
  );
}
