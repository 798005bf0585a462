/** `watch`: this conversation now gets the notices; what the bot sees now; and why it could not read, if so. */
import type { ErrorKind } from '../core/errors';
import type { Reply } from '../core/replies';
import { conversationKindText, intervalText, onboardingStatusText } from '../i18n/domain-texts';
import { md } from '../i18n/markdown';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { card, compact, facts, header, note, text } from './elements';
import { errorBlocks } from './error-parts';
import { MAX_LISTED_PARTNERS } from './partner-list-card';
import type { AdaptiveCard } from './types';
import { safe } from '../i18n/translator';

/** Graph refused the bot's own token: the application permission has no admin consent (yet). */
function noPermission(kind: ErrorKind): boolean {
  return kind === 'graph.forbidden' || kind === 'graph.unauthorized';
}

export function watchStartedCard(reply: Extract<Reply, { type: 'watchStarted' }>, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const shown = (reply.partners ?? []).slice(0, MAX_LISTED_PARTNERS);
  return card(
    compact([
      ...header(reply.created ? t('watch.startedTitle') : t('watch.alreadyTitle'), conversationKindText(t, reply.conversation)),
      text(t('watch.started', { interval: safe(intervalText(t, reply.intervalSeconds)) })),
      reply.partners && text(t('watch.nowTitle'), { weight: 'Bolder', spacing: 'Medium' }),
      reply.partners && reply.partners.length === 0 && text(t('list.empty')),
      shown.length > 0 && facts(shown.map((p) => [md(p.displayName || p.id), onboardingStatusText(t, p.onboardingStatus)] as const)),
      reply.readError && text(noPermission(reply.readError.kind) ? t('watch.readFailed') : t('watch.readLater'), { color: 'Warning', spacing: 'Medium' }),
      ...errorBlocks(ctx, reply.readError),
      note(t('watch.howToStop')),
    ]),
    [commandAction(t.plain('button.watching'), { command: 'watching' }), commandAction(t.plain('button.list'), { command: 'list' })],
    reply.created ? t('watch.startedTitle') : t('watch.alreadyTitle'),
  );
}
