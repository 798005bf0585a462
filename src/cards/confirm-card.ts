/**
 * A disconnect (or reconnect) waits for a click: the partner's current state, what the change does, who
 * asked and when, until when the card is valid, and the Disconnect (destructive) / Cancel buttons.
 */
import type { OperationRecord, Partner } from '../core/model';
import type { Reply } from '../core/replies';
import { onboardingStatusText } from '../i18n/domain-texts';
import { md, type Markdown } from '../i18n/markdown';
import { cancelAction, confirmAction } from './actions';
import type { RenderContext } from './context';
import { card, compact, facts, header, note, text } from './elements';
import type { AdaptiveCard, CardAction, CardElement } from './types';

/** The title, effect and buttons of a pending disconnect or reconnect (also used by the operation card). */
export function pendingParts(op: OperationRecord, ctx: RenderContext): { title: Markdown; effect: Markdown; actions: CardAction[]; fallback: string } {
  const { t } = ctx;
  const name = op.partnerName || op.partnerId;
  if (op.kind === 'reconnect') {
    return {
      title: t('confirm.titleReconnect', { name }),
      effect: t('confirm.effectReconnect'),
      actions: [confirmAction(op.id, t.plain('button.reconnect'), 'positive'), cancelAction(op.id, t.plain('button.cancel'))],
      fallback: t.plain('confirm.titleReconnect', { name }),
    };
  }
  return {
    title: t('confirm.titleDisconnect', { name }),
    effect: t('confirm.effectDisconnect'),
    actions: [confirmAction(op.id, t.plain('button.disconnect'), 'destructive'), cancelAction(op.id, t.plain('button.cancel'))],
    fallback: t.plain('confirm.titleDisconnect', { name }),
  };
}

/** Who asked, when, and until when the buttons work. */
export function requestLines(op: OperationRecord, ctx: RenderContext): CardElement[] {
  const { t } = ctx;
  return [
    text(t('confirm.requestedBy', { name: ctx.who(op.requester), when: ctx.when(op.createdAt) }), { spacing: 'Medium' }),
    note(t('confirm.expires', { when: ctx.when(op.expiresAt) })),
  ];
}

function alreadyThere(op: OperationRecord, partner: Partner, ctx: RenderContext): Markdown | undefined {
  if (op.kind === 'disconnect' && partner.onboardingStatus === 'notOnboarded') return ctx.t('confirm.alreadyNotOnboarded');
  if (op.kind === 'reconnect' && partner.onboardingStatus === 'onboarded') return ctx.t('confirm.alreadyOnboarded');
  return undefined;
}

export function confirmCard(reply: Extract<Reply, { type: 'confirm' }>, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const { operation: op, partner } = reply;
  const parts = pendingParts(op, ctx);
  const already = alreadyThere(op, partner, ctx);
  return card(
    compact([
      ...header(parts.title, undefined, op.kind === 'reconnect' ? undefined : 'Attention'),
      facts([
        [t('fact.partner'), md(partner.displayName || op.partnerName)],
        [t('fact.id'), md(partner.id)],
        [t('fact.status'), onboardingStatusText(t, partner.onboardingStatus)],
        [t('fact.lastConnection'), ctx.when(partner.lastConnectionDateTime)],
      ]),
      text(parts.effect),
      already && text(already, { color: 'Warning' }),
      ...requestLines(op, ctx),
    ]),
    parts.actions,
    parts.fallback,
  );
}
