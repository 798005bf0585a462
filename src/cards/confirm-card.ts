/**
 * An operation waits for a click: the partner's current state, what the change does, who asked and when,
 * until when the card is valid, and the kind's button (Disconnect is destructive) / Cancel. A request under
 * two-person approval is the approval-request card instead.
 */
import type { ActionRecord } from '../core/model';
import type { Continuation, Reply } from '../core/replies';
import { onboardingStatusText } from '../i18n/domain-texts';
import { md, type Markdown } from '../i18n/markdown';
import { cancelAction, confirmAction } from './actions';
import { waitingForApproval } from './approval-parts';
import { approvalRequestCard } from './approval-request-card';
import type { RenderContext } from './context';
import { cannotChangeNote } from './intune-permission-parts';
import { kindStyle, kindTexts } from './kind-texts';
import { card, compact, facts, header, note, text } from './elements';
import type { AdaptiveCard, CardAction, CardElement } from './types';
import { safe } from '../i18n/translator';

/** The title, effect and buttons of a pending operation (also used by the operation card). */
export function pendingParts(
  op: ActionRecord,
  ctx: RenderContext,
): { title: Markdown; effect: Markdown; actions: CardAction[]; fallback: Markdown } {
  const words = kindTexts(ctx.t, op.kind);
  const name = op.partnerName || op.partnerId;
  return {
    title: words.confirmTitle(name),
    effect: words.effect(),
    actions: [
      confirmAction(op.id, words.button(), kindStyle(op.kind)),
      cancelAction(op.id, ctx.t.plain('button.cancel')),
    ],
    fallback: words.confirmTitle(name),
  };
}

/** Who asked, when, and until when the buttons work. */
export function requestLines(op: ActionRecord, ctx: RenderContext): CardElement[] {
  const { t } = ctx;
  return [
    text(t('confirm.requestedBy', { name: safe(ctx.who(op.requester)), when: safe(ctx.when(op.createdAt)) }), {
      spacing: 'Medium',
    }),
    note(t('confirm.expires', { when: safe(ctx.when(op.expiresAt)) })),
  ];
}

export function confirmCard(reply: Extract<Reply, { type: 'confirm' }>, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const { operation: op, partner } = reply;
  // Under two-person approval the request waits for somebody else: no plain confirmation.
  if (waitingForApproval(op)) return approvalRequestCard({ operation: op, partner, viewer: reply.viewer }, ctx);
  const parts = pendingParts(op, ctx);
  return card(
    compact([
      ...header(parts.title, undefined, kindStyle(op.kind) === 'destructive' ? 'Attention' : undefined),
      facts([
        [t('fact.partner'), md(partner.displayName || op.partnerName)],
        [t('fact.id'), md(partner.id)],
        [t('fact.status'), onboardingStatusText(t, partner.onboardingStatus)],
        [t('fact.lastConnection'), ctx.when(partner.lastConnectionDateTime)],
      ]),
      text(parts.effect),
      ...(reply.intuneAdvice ? cannotChangeNote(reply.intuneAdvice, ctx) : []),
      ...requestLines(op, ctx),
      reply.continued && text(continuedLine(reply.continued, ctx), { color: 'Warning' }),
    ]),
    parts.actions,
    parts.fallback,
  );
}

/** On an earlier card of a request shown again elsewhere: where it continued, by whom; both cards still work. */
function continuedLine(c: Continuation, ctx: RenderContext): Markdown {
  const { t } = ctx;
  const args = { name: safe(ctx.who(c.by)), when: safe(ctx.when(c.at)) };
  switch (c.where) {
    case 'personal':
      return t('confirm.continuedPersonal', args);
    case 'groupChat':
      return t('confirm.continuedGroupChat', args);
    case 'channel':
      return t('confirm.continuedChannel', args);
    default: {
      const never: never = c.where;
      throw new Error(`cards: no words for a conversation kind ${String(never)}`);
    }
  }
}
