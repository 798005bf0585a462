/** `watch`: this conversation now gets the notices; what the bot sees now; and why it could not read, if so. */
import type { AppError, ErrorKind } from '../../core/errors';
import type { ConversationKind, Partner } from '../../core/model';
import { conversationKindText, intervalText, onboardingStatusText } from '../../i18n/domain-texts';
import { md } from '../../i18n/markdown';
import { commandAction } from '../../cards/actions';
import type { RenderContext } from '../../cards/context';
import { card, compact, facts, header, note, text, type FactRow } from '../../cards/elements';
import { errorBlocks } from '../../cards/error-parts';
import { MAX_LISTED_PARTNERS } from '../../cards/partner-list-card';
import type { AdaptiveCard } from '../../cards/types';
import { safe } from '../../i18n/translator';

import { TEXTS } from './texts';

/**
 * `watch`: this conversation is subscribed (`created` false: it already was). `partners` is what the bot read
 * with its own permission just now; `readError` says why it could not (e.g. the application permission has no
 * admin consent yet): the subscription stands, the poller keeps trying.
 */
export interface WatchStartedReply {
  type: 'watchStarted';
  created: boolean;
  conversation: ConversationKind;
  intervalSeconds: number;
  partners?: Partner[];
  readError?: AppError;
  /** `watch @all`: each customer subscribed (none configured: empty). Absent: the conversation's own tenant. */
  customers?: WatchedCustomerState[];
}

/** A customer of a `watch @all`: its partners could be read now (how many), or why not. */
export interface WatchedCustomerState {
  name: string;
  displayName: string;
  created: boolean;
  /** The user is neither among its readers nor its technicians: not subscribed. */
  notAllowed?: boolean;
  partners?: number;
  readError?: AppError;
}

function customerRows(customers: readonly WatchedCustomerState[], ctx: RenderContext): FactRow[] {
  const tx = TEXTS.in(ctx);
  return customers.map((c) => [
    md(`${c.displayName} · ${c.name}`),
    c.notAllowed
      ? tx('notAllowed')
      : c.readError
        ? tx('cannotRead', { why: c.readError.message })
        : tx('partnersRead', { n: c.partners ?? 0 }),
  ]);
}

function watchAllCard(
  reply: WatchStartedReply,
  customers: readonly WatchedCustomerState[],
  ctx: RenderContext,
): AdaptiveCard {
  const { t } = ctx;
  const tx = TEXTS.in(ctx);
  const title = reply.created ? tx('allStartedTitle') : tx('allAlreadyTitle');
  return card(
    compact([
      ...header(title, conversationKindText(t, reply.conversation)),
      customers.length === 0 && text(tx('noCustomers')),
      customers.length > 0 && text(tx('allStarted', { interval: safe(intervalText(t, reply.intervalSeconds)) })),
      customers.length > 0 && facts(customerRows(customers, ctx)),
      customers.some((c) => c.readError) && text(tx('allReadFailed'), { color: 'Warning', spacing: 'Medium' }),
      note(tx('allHowToStop')),
    ]),
    [commandAction(t.plain('button.watching'), { command: 'watching' })],
    title,
  );
}

/** Graph refused the bot's own token: the application permission has no admin consent (yet). */
function noPermission(kind: ErrorKind): boolean {
  return kind === 'graph.forbidden' || kind === 'graph.unauthorized';
}

export function watchStartedCard(reply: WatchStartedReply, ctx: RenderContext): AdaptiveCard {
  if (reply.customers) return watchAllCard(reply, reply.customers, ctx);
  const { t } = ctx;
  const tx = TEXTS.in(ctx);
  const shown = (reply.partners ?? []).slice(0, MAX_LISTED_PARTNERS);
  return card(
    compact([
      ...header(reply.created ? tx('startedTitle') : tx('alreadyTitle'), conversationKindText(t, reply.conversation)),
      text(tx('started', { interval: safe(intervalText(t, reply.intervalSeconds)) })),
      reply.partners && text(tx('nowTitle'), { weight: 'Bolder', spacing: 'Medium' }),
      reply.partners && reply.partners.length === 0 && text(t('list.empty')),
      shown.length > 0 &&
        facts(shown.map((p) => [md(p.displayName || p.id), onboardingStatusText(t, p.onboardingStatus)] as const)),
      reply.readError &&
        text(noPermission(reply.readError.kind) ? tx('readFailed') : tx('readLater'), {
          color: 'Warning',
          spacing: 'Medium',
        }),
      ...errorBlocks(ctx, reply.readError),
      note(tx('howToStop')),
    ]),
    [
      commandAction(t.plain('button.watching'), { command: 'watching' }),
      commandAction(t.plain('button.list'), { command: 'list' }),
    ],
    reply.created ? tx('startedTitle') : tx('alreadyTitle'),
  );
}
