/** `disconnect X` / `reconnect X` from somebody whose Intune role does not allow it: why, whom to ask, no confirmation. */
import type { Reply } from '../core/replies';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { card, header, text } from './elements';
import { askLine } from './intune-permission-parts';
import { kindTexts } from './kind-texts';
import type { AdaptiveCard } from './types';

export function changeNotPermittedCard(
  reply: Extract<Reply, { type: 'changeNotPermitted' }>,
  ctx: RenderContext,
): AdaptiveCard {
  const { t } = ctx;
  const words = kindTexts(t, reply.kind);
  return card(
    [
      ...header(words.notPermitted(), undefined, 'Attention'),
      text(t('intune.why', { action: reply.missing.action })),
      text(askLine(reply.missing, ctx)),
    ],
    [
      reply.partnerQuery
        ? commandAction(t.plain('button.status'), { command: 'status', partner: reply.partnerQuery })
        : undefined,
      commandAction(t.plain('button.list'), { command: 'list' }),
    ],
    words.notPermitted(),
  );
}
