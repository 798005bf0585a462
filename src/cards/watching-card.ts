/** `watching`: the conversations of the tenant that get the notices, who set each up and when. */
import type { Reply } from '../core/replies';
import type { WatchSubscription } from '../core/watch-model';
import { conversationKindText, intervalText } from '../i18n/domain-texts';
import { md } from '../i18n/markdown';
import type { RenderContext } from './context';
import { card, compact, container, facts, header, note, text } from './elements';
import type { AdaptiveCard, Container } from './types';
import { safe } from '../i18n/translator';

/** Enough for any real tenant; keeps the card under Teams' size limit. */
export const MAX_LISTED_SUBSCRIPTIONS = 20;

function row(s: WatchSubscription, here: boolean, ctx: RenderContext, first: boolean): Container {
  const { t } = ctx;
  return container(
    compact([
      text(here ? ctx.line([conversationKindText(t, s.address.kind), t('watching.here')]) : conversationKindText(t, s.address.kind), { weight: 'Bolder' }),
      facts([
        [t('watching.since'), ctx.when(s.createdAt)],
        [t('watching.by'), ctx.who(s.createdBy)],
        [t('watching.conversation'), md(s.address.conversationId)],
      ]),
    ]),
    { separator: !first, spacing: 'Medium' },
  );
}

export function watchingCard(reply: Extract<Reply, { type: 'watching' }>, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const subs = reply.subscriptions;
  const shown = subs.slice(0, MAX_LISTED_SUBSCRIPTIONS);
  return card(
    compact([
      ...header(t('watching.title', { n: subs.length })),
      subs.length === 0 && text(t('watching.empty')),
      ...shown.map((s, i) => row(s, s.id === reply.hereId, ctx, i === 0)),
      subs.length > shown.length && note(t('watching.more', { n: subs.length - shown.length })),
      note(t('watching.interval', { interval: safe(intervalText(t, reply.intervalSeconds)) })),
    ]),
    [],
    t('watching.title', { n: subs.length }),
  );
}
