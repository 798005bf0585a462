/**
 * A disconnect or reconnect was asked of a partner that already has an open operation: that operation's
 * state, with who asked and when, instead of a second confirmation card (a request under two-person approval is
 * said to wait for an approver). No buttons of the operation: its own
 * card (in this conversation or another) is the one to click; a status button instead.
 */
import type { Reply } from '../core/replies';
import { operationKindText } from '../i18n/domain-texts';
import { operationStateLabel } from './approval-parts';
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
  // A request under two-person approval waits for an approver, not for a confirmation.
  const approval = !running && !!op.approval;
  const title = running
    ? t('openOperation.titleRunning')
    : approval
      ? t('openOperation.titleApproval')
      : t('openOperation.titlePending');
  const until = { when: safe(ctx.when(op.expiresAt)) };
  const where = approval
    ? here
      ? t('openOperation.approvalHere')
      : t('openOperation.approvalElsewhere', until)
    : here
      ? t('openOperation.here')
      : t('openOperation.elsewhere', until);
  return card(
    compact([
      ...header(title, undefined, 'Warning'),
      text(t('openOperation.one', { name: safe(ctx.who(op.requester)), when: safe(ctx.when(op.createdAt)) })),
      running && text(t('openOperation.running', { name: safe(ctx.who(op.executor ?? op.requester)) })),
      running && outcomeUnknown(op) && text(t('outcome.unknown')),
      !running && text(where),
      facts([
        [t('fact.partner'), md(op.partnerName || op.partnerId)],
        [t('fact.action'), operationKindText(t, op.kind)],
        [t('fact.state'), operationStateLabel(op, ctx)],
      ]),
    ]),
    [commandAction(t.plain('button.status'), { command: 'status', partner: op.partnerId })],
    title,
  );
}
