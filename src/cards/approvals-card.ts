/**
 * `approvals`: the two-person approval policy (on or off; how long a request stands; who approves) and, when
 * it is on, the tenant's approvers' channel (who set it and when, or how to set one). `set`: this command just made this
 * channel the approvers' channel; `notHere`: `approvals here` was typed outside a channel (nothing set).
 */
import type { Reply } from '../core/replies';
import { conversationKindText } from '../i18n/domain-texts';
import { joinMarkdown, type Markdown } from '../i18n/markdown';
import type { RenderContext } from './context';
import { card, compact, facts, header, note, text } from './elements';
import type { AdaptiveCard, CardElement } from './types';
import { safe } from '../i18n/translator';

type ApprovalsReply = Extract<Reply, { type: 'approvals' }>;

/** The setting that turns approval on (config.ts); shown as typed, escaped by the translator. */
const SETTING = 'APPROVAL_REQUIRED=true';

/** "The admins", plus the named approvers and approver groups when there are any. */
function approvers(reply: ApprovalsReply, ctx: RenderContext): Markdown {
  const { t } = ctx;
  const { approverUsers, approverGroups } = reply.policy;
  const parts = [
    t('approvals.whoAdmins'),
    approverUsers > 0 ? t('approvals.whoUsers', { n: approverUsers }) : undefined,
    approverGroups > 0 ? t('approvals.whoGroups', { n: approverGroups }) : undefined,
  ];
  return joinMarkdown(parts.filter((p): p is Markdown => !!p), ctx.t('common.separator'));
}

/** Where requests go besides their own conversation. */
function channelLines(reply: ApprovalsReply, ctx: RenderContext): CardElement[] {
  const { t } = ctx;
  const { channel } = reply;
  if (channel) {
    return [text(t('approvals.channel', { name: safe(ctx.who(channel.setBy)), when: safe(ctx.when(channel.setAt)) }), { spacing: 'Medium' })];
  }
  return [text(t('approvals.noChannel'), { spacing: 'Medium' }), note(t('approvals.howChannel'))];
}

export function approvalsCard(reply: ApprovalsReply, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const { policy } = reply;
  return card(
    compact([
      ...header(t('approvals.title')),
      reply.set === true && text(t('approvals.setHere'), { weight: 'Bolder', color: 'Good' }),
      reply.notHere !== undefined && text(t('approvals.notHere', { where: safe(conversationKindText(t, reply.notHere)) }), { weight: 'Bolder', color: 'Warning' }),
      ...(policy.required
        ? [
            text(t('approvals.on')),
            facts([[t('approvals.who'), approvers(reply, ctx)]]),
            text(t('approvals.ttl', { n: policy.ttlMinutes })),
            ...channelLines(reply, ctx),
          ]
        : [
            text(t('approvals.off')),
            note(t('approvals.howOn', { setting: SETTING })),
          ]),
    ]),
    [],
    t('approvals.title'),
  );
}
