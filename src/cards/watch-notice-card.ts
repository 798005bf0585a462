/**
 * A notice the watch posts unasked: a partner's state changed (whoever changed it), its onboarding request
 * runs out, or it appeared or disappeared. Buttons run commands as the clicker (their own sign-in and rights).
 */
import type { Reply } from '../core/replies';
import type { WatchNotice } from '../core/watch-model';
import { onboardingStatusText } from '../i18n/domain-texts';
import type { Markdown } from '../i18n/markdown';
import { md } from '../i18n/markdown';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { card, compact, facts, header, note, text, type FactRow } from './elements';
import { changeButton, statusButton } from './partner-buttons';
import { watchNewCustomersCard } from './watch-new-customers-card';
import type { AdaptiveCard, CardAction, TextColor } from './types';

interface Words {
  title: Markdown;
  detail: Markdown;
  color: TextColor;
}

/** The notices about a tenant's partners (the conversation's new customers have a card of their own). */
type TenantNotice = Exclude<WatchNotice, { kind: 'newCustomers' }>;
type TenantNoticeReply = Extract<Reply, { type: 'watchNotice' }> & { notice: TenantNotice };

function words(notice: TenantNotice, ctx: RenderContext, customer: string): Words {
  const { t } = ctx;
  if (notice.kind === 'unreadable') {
    return {
      title: t('notice.unreadableTitle', { customer }),
      detail: t('notice.unreadable', { reason: notice.reason }),
      color: 'Attention',
    };
  }
  const name = notice.partner.displayName || notice.partner.id;
  switch (notice.kind) {
    case 'statusChanged':
      return {
        title: t('notice.statusChangedTitle', { name }),
        detail: t('notice.statusChanged'),
        color: notice.partner.onboardingStatus === 'onboarded' ? 'Good' : 'Warning',
      };
    case 'expiring':
      return notice.expired
        ? { title: t('notice.expiredTitle', { name }), detail: t('notice.expired'), color: 'Attention' }
        : { title: t('notice.expiringTitle', { name }), detail: t('notice.expiring'), color: 'Warning' };
    case 'added':
      return { title: t('notice.addedTitle', { name }), detail: t('notice.added'), color: 'Accent' };
    case 'removed':
      return { title: t('notice.removedTitle', { name }), detail: t('notice.removed'), color: 'Warning' };
    default: {
      const never: never = notice;
      throw new Error(`cards: no words for notice ${JSON.stringify((never as { kind?: unknown }).kind)}`);
    }
  }
}

function rows(reply: TenantNoticeReply, ctx: RenderContext): FactRow[] {
  const { t } = ctx;
  const n = reply.notice;
  if (n.kind === 'unreadable') return [[t('notice.noticedAt'), ctx.when(reply.observedAt)]];
  const out: FactRow[] = [
    [t('fact.partner'), md(n.partner.displayName)],
    [t('fact.id'), md(n.partner.id)],
  ];
  if (n.kind === 'statusChanged')
    out.push(
      [t('notice.before'), onboardingStatusText(t, n.from)],
      [t('notice.now'), onboardingStatusText(t, n.partner.onboardingStatus)],
    );
  if (n.kind === 'added' || n.kind === 'expiring')
    out.push([t('fact.status'), onboardingStatusText(t, n.partner.onboardingStatus)]);
  if (n.kind !== 'removed') {
    if (n.partner.onboardingStatus === 'onboarding')
      out.push([t('fact.requestExpiry'), ctx.expiry(n.partner.onboardingRequestExpiryDateTime)]);
    out.push([t('fact.lastConnection'), ctx.when(n.partner.lastConnectionDateTime)]);
  }
  out.push([t('notice.noticedAt'), ctx.when(reply.observedAt)]);
  return out;
}

export function watchNoticeCard(reply: Extract<Reply, { type: 'watchNotice' }>, ctx: RenderContext): AdaptiveCard {
  const n = reply.notice;
  if (n.kind === 'newCustomers') return watchNewCustomersCard(n, reply.observedAt, ctx);
  return tenantNoticeCard({ ...reply, notice: n }, ctx);
}

function tenantNoticeCard(reply: TenantNoticeReply, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const n = reply.notice;
  const customer = reply.customer ? `${reply.customer.displayName} · ${reply.customer.name}` : '';
  const w = words(n, ctx, reply.customer?.displayName ?? reply.customer?.name ?? '');
  const partner = n.kind === 'removed' || n.kind === 'unreadable' ? undefined : n.partner;
  const actions: (CardAction | undefined)[] = partner
    ? [
        statusButton(partner, ctx),
        n.kind === 'expiring' || n.kind === 'statusChanged' ? changeButton(partner, ctx) : undefined,
      ]
    : [commandAction(t.plain('button.list'), { command: 'list' })];
  return card(
    compact([
      ...header(w.title, reply.customer ? t('notice.customer', { customer }) : undefined, w.color),
      text(w.detail),
      facts(rows(reply, ctx)),
      n.kind === 'statusChanged' && note(t('notice.whoChanged')),
      note(reply.customer ? t('notice.whyAll') : t('notice.why')),
    ]),
    actions,
    w.title,
  );
}
