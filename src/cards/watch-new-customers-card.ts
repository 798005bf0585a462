/**
 * The notice a `watch @all` conversation gets when customers were configured after it was typed (issue 19,
 * core/watch-new-customers.ts): each customer named, told once, and a button that runs `watch @all` again as the
 * clicker (their own groups decide which customers they may watch, as when they type it).
 */
import type { WatchNotice } from '../core/watch-model';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { card, compact, facts, header, note, text } from './elements';
import type { AdaptiveCard } from './types';

type NewCustomers = Extract<WatchNotice, { kind: 'newCustomers' }>;

export function watchNewCustomersCard(notice: NewCustomers, observedAt: string, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const title = t('notice.newCustomersTitle');
  return card(
    compact([
      ...header(title, undefined, 'Warning'),
      ...notice.customers.map((c) =>
        text(t('notice.newCustomer', { customer: `${c.displayName || c.name} (@${c.name})` })),
      ),
      text(t('notice.newCustomersHow')),
      facts([[t('notice.noticedAt'), ctx.when(observedAt)]]),
      note(t('notice.whyAll')),
    ]),
    [commandAction(t.plain('notice.watchAllAgain'), { command: 'watch', target: 'all' })],
    title,
  );
}
