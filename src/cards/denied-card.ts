/** "You are not allowed to ...": why, what to do, and who was denied. */
import type { Reply } from '../core/replies';
import { denialText } from '../i18n/domain-texts';
import type { RenderContext } from './context';
import { card, header, note, text } from './elements';
import type { AdaptiveCard } from './types';
import { safe } from '../i18n/translator';

export function deniedCard(reply: Extract<Reply, { type: 'denied' }>, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  return card(
    [
      ...header(t('denial.title'), undefined, 'Attention'),
      ...denialText(t, reply.reason, reply.contact).map((line) => text(line)),
      note(t('denial.who', { name: safe(ctx.who(reply.actor)) })),
    ],
    [],
    t('denial.title'),
  );
}
