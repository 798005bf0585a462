/**
 * The audit, newest first: when, what (kind + partner), who, the outcome and, for failures, why. Under
 * two-person approval an entry also names who approved, rejected or withdrew the request, and when.
 */
import { needsApproval, outcomeNotKnown, type OperationRecord } from '../core/model';
import type { Reply } from '../core/replies';
import { operationKindText } from '../i18n/domain-texts';
import { errorKindLabel } from '../i18n/error-texts';
import { md } from '../i18n/markdown';
import { commandAction } from './actions';
import { historyDecision, operationStateLabel } from './approval-parts';
import type { RenderContext } from './context';
import { card, compact, container, header, note, text } from './elements';
import type { AdaptiveCard, Container } from './types';
import { safe } from '../i18n/translator';

export const MAX_HISTORY_ENTRIES = 20;

const time = (iso: string) => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
};

function entry(op: OperationRecord, ctx: RenderContext, first: boolean): Container {
  const { t } = ctx;
  const partner = op.partnerName || op.partnerId ? md(op.partnerName || op.partnerId) : t('common.noPartner');
  const failed = op.state === 'failed' || op.state === 'denied';
  // Under approval the decision names who decided (and when); otherwise who clicked, when it was not the requester.
  const executor = needsApproval(op)
    ? historyDecision(op, ctx)
    : op.executor && op.executor.id !== op.requester.id
      ? t('history.doneBy', { name: safe(ctx.who(op.executor)) })
      : undefined;
  return container(
    [
      text(
        t('history.what', {
          kind: safe(operationKindText(t, op.kind)),
          partner: safe(partner),
          state: safe(operationStateLabel(op, ctx)),
        }),
        {
          weight: 'Bolder',
          color: op.state === 'succeeded' ? 'Good' : outcomeNotKnown(op) ? 'Warning' : failed ? 'Attention' : 'Default',
        },
      ),
      text(
        ctx.line([
          ctx.when(op.createdAt),
          t('history.requestedBy', { name: safe(ctx.who(op.requester)) }),
          executor,
          failed && op.errorKind ? t('history.failure', { reason: safe(errorKindLabel(t, op.errorKind)) }) : undefined,
        ]),
        { size: 'Small', isSubtle: true, spacing: 'None' },
      ),
    ],
    { separator: !first, spacing: 'Small' },
  );
}

export function historyCard(reply: Extract<Reply, { type: 'history' }>, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const query = reply.partnerQuery?.trim();
  const sorted = [...reply.operations].sort((a, b) => time(b.createdAt) - time(a.createdAt));
  const shown = sorted.slice(0, MAX_HISTORY_ENTRIES);
  const hidden = sorted.length - shown.length;
  return card(
    compact([
      ...header(t('history.title')),
      query && note(t('history.filter', { query })),
      sorted.length === 0 && text(query ? t('history.emptyFor', { query }) : t('history.empty')),
      ...shown.map((op, i) => entry(op, ctx, i === 0)),
      hidden > 0 && note(t('history.more', { n: hidden })),
    ]),
    [commandAction(t.plain('button.list'), { command: 'list' })],
    t('history.title'),
  );
}
