/** `watching`: the conversations of the tenant that get the notices, who set each up and when. */
import type { WatchSubscription } from '../../core/watch-model';
import { TEXTS } from './texts';
import { conversationKindText, intervalText } from '../../i18n/domain-texts';
import { md } from '../../i18n/markdown';
import type { RenderContext } from '../../cards/context';
import { card, compact, container, facts, header, note, text } from '../../cards/elements';
import type { AdaptiveCard, Container } from '../../cards/types';
import { safe } from '../../i18n/translator';

/** Enough for any real tenant; keeps the card under Teams' size limit. */
export const MAX_LISTED_SUBSCRIPTIONS = 20;

function row(s: WatchSubscription, here: boolean, ctx: RenderContext, first: boolean): Container {
  const { t } = ctx;
  const tx = TEXTS.in(ctx);
  return container(
    compact([
      text(
        here
          ? ctx.line([conversationKindText(t, s.address.kind), tx('here')])
          : conversationKindText(t, s.address.kind),
        { weight: 'Bolder' },
      ),
      facts([
        [
          tx('scope'),
          s.customer ? tx('customer', { customer: `${s.customer.displayName} · ${s.customer.name}` }) : tx('own'),
        ],
        [tx('since'), ctx.when(s.createdAt)],
        [tx('by'), ctx.who(s.createdBy)],
        [tx('conversation'), md(s.address.conversationId)],
      ]),
    ]),
    { separator: !first, spacing: 'Medium' },
  );
}

/** `watching`: the tenant's subscriptions; `hereId` is the one of this conversation, if any. */
export interface WatchingReply {
  type: 'watching';
  subscriptions: WatchSubscription[];
  hereId?: string;
  /** This conversation (its `watch @all` is one subscription per customer, each marked). */
  hereConversationId?: string;
  intervalSeconds: number;
}

export function watchingCard(reply: WatchingReply, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const tx = TEXTS.in(ctx);
  const subs = reply.subscriptions;
  const shown = subs.slice(0, MAX_LISTED_SUBSCRIPTIONS);
  return card(
    compact([
      ...header(tx('title', { n: subs.length })),
      subs.length === 0 && text(tx('empty')),
      ...shown.map((s, i) =>
        row(s, s.id === reply.hereId || s.address.conversationId === reply.hereConversationId, ctx, i === 0),
      ),
      subs.length > shown.length && note(tx('more', { n: subs.length - shown.length })),
      note(tx('interval', { interval: safe(intervalText(t, reply.intervalSeconds)) })),
    ]),
    [],
    tx('title', { n: subs.length }),
  );
}
