/**
 * `approvals`: the two-person approval policy (on or off; how long a request stands; who approves) and, when
 * it is on, the tenant's approvers' channel (who set it and when, or how to set one). `set`: this command just made this
 * channel the approvers' channel; `notHere`: `approvals here` was typed outside a channel (nothing set).
 */
import type { ApprovalChannel } from '../../core/approval-model';
import type { ConversationKind } from '../../core/model';
import { conversationKindText } from '../../i18n/domain-texts';
import { joinMarkdown, type Markdown } from '../../i18n/markdown';
import type { RenderContext } from '../../cards/context';
import { card, compact, facts, header, note, text } from '../../cards/elements';
import type { AdaptiveCard, CardElement } from '../../cards/types';
import { safe } from '../../i18n/translator';

import { TEXTS } from './texts';

/** The approval policy as `approvals` shows it. */
export interface ApprovalPolicyView {
  required: boolean;
  ttlMinutes: number;
  /** Approvers named besides the admins (APPROVER_USER_IDS, APPROVER_GROUP_IDS). */
  approverUsers: number;
  approverGroups: number;
}

/**
 * `approvals`: the two-person approval policy and the tenant's approvers' channel. `set`: this command just made
 * this conversation the approvers' channel; `notHere`: `approvals here` was typed outside a channel (nothing set).
 */
export interface ApprovalsReply {
  type: 'approvals';
  policy: ApprovalPolicyView;
  channel?: ApprovalChannel;
  set?: boolean;
  notHere?: ConversationKind;
}

/** The setting that turns approval on (config.ts); shown as typed, escaped by the translator. */
const SETTING = 'APPROVAL_REQUIRED=true';

/** "The admins", plus the named approvers and approver groups when there are any. */
function approvers(reply: ApprovalsReply, ctx: RenderContext): Markdown {
  const tx = TEXTS.in(ctx);
  const { approverUsers, approverGroups } = reply.policy;
  const parts = [
    tx('whoAdmins'),
    approverUsers > 0 ? tx('whoUsers', { n: approverUsers }) : undefined,
    approverGroups > 0 ? tx('whoGroups', { n: approverGroups }) : undefined,
  ];
  return joinMarkdown(
    parts.filter((p): p is Markdown => !!p),
    ctx.t('common.separator'),
  );
}

/** Where requests go besides their own conversation. */
function channelLines(reply: ApprovalsReply, ctx: RenderContext): CardElement[] {
  const tx = TEXTS.in(ctx);
  const { channel } = reply;
  if (channel) {
    return [
      text(tx('channel', { name: safe(ctx.who(channel.setBy)), when: safe(ctx.when(channel.setAt)) }), {
        spacing: 'Medium',
      }),
    ];
  }
  return [text(tx('noChannel'), { spacing: 'Medium' }), note(tx('howChannel'))];
}

export function approvalsCard(reply: ApprovalsReply, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const tx = TEXTS.in(ctx);
  const { policy } = reply;
  return card(
    compact([
      ...header(tx('title')),
      reply.set === true && text(tx('setHere'), { weight: 'Bolder', color: 'Good' }),
      reply.notHere !== undefined &&
        text(tx('notHere', { where: safe(conversationKindText(t, reply.notHere)) }), {
          weight: 'Bolder',
          color: 'Warning',
        }),
      ...(policy.required
        ? [
            text(tx('on')),
            facts([[tx('who'), approvers(reply, ctx)]]),
            text(tx('ttl', { n: policy.ttlMinutes })),
            ...channelLines(reply, ctx),
          ]
        : [text(tx('off')), note(tx('howOn', { setting: SETTING }))]),
    ]),
    [],
    tx('title'),
  );
}
