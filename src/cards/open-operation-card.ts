/**
 * A disconnect or reconnect was asked of a partner that already has an open operation: that operation's
 * state, with who asked and when, instead of a second confirmation card. No buttons of the operation: its own
 * card (in this conversation or another) is the one to click; a status button instead.
 */
import type { Reply } from '../core/replies';
import { operationKindText, operationStateText } from '../i18n/domain-texts';
import { md } from '../i18n/markdown';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { card, compact, facts, header, text } from './elements';
import { outcomeUnknown } from './settled-note';
import type { AdaptiveCard } from './types';
import { safe } from '../i18n/translator';

export function openOperationCard(reply: Extract<Reply, { type: 'operationOpen' }>, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const { operation: op, here } = reply;
  const running = op.state === 'running';
  const title = running ? t('openOperation.titleRunning') : t('openOperation.titlePending');
  return card(
    compact([
      ...header(title, undefined, 'Warning'),
      text(t('openOperation.one', { name: safe(ctx.who(op.requester)), when: safe(ctx.when(op.createdAt)) })),
      running && text(t('openOperation.running', { name: safe(ctx.who(op.executor ?? op.requester)) })),
      running && outcomeUnknown(op) && text(t('outcome.unknown')),
      !running && text(here ? t('openOperation.here') : t('openOperation.elsewhere', { when: safe(ctx.when(op.expiresAt)) })),
      facts([
        [t('fact.partner'), md(op.partnerName || op.partnerId)],
        [t('fact.action'), operationKindText(t, op.kind)],
        [t('fact.state'), operationStateText(t, op.state)],
      ]),
    ]),
    [commandAction(t.plain('button.status'), { command: 'status', partner: op.partnerId })],
    running ? t('openOperation.titleRunning') : t('openOperation.titlePending'),
  );
}
