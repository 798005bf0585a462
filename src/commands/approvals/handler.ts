/**
 * `approvals`: what the two-person approval policy is and where requests go; `approvals here`, typed in a
 * channel, makes that channel the tenant's approvers' channel (every request for approval is posted there too).
 * Access (admin) was checked before. Only a channel can be the approvers' channel: a chat's members are whoever
 * was added to it, and a personal chat is one person.
 */
import type { ApprovalChannel } from '../../core/approval-model';
import type { RequestContext, ServiceOptions } from '../../core/context';
import { AppError } from '../../core/errors';
import type { Reply } from '../../core/replies';
import type { ApprovalPolicyView } from './card';

export type ApprovalCommandDeps = Pick<ServiceOptions, 'approval' | 'clock' | 'log'>;

/** The words that mean "here" after `approvals` (every locale's are understood everywhere). */
const HERE = new Set(['here', 'this', '这里', '此处']);

export async function approvalsCommand(
  d: ApprovalCommandDeps,
  ctx: RequestContext,
  argument: string | undefined,
): Promise<Reply> {
  const policy = policyView(d);
  const tenantId = ctx.actor.tenantId;
  if (argument !== undefined && HERE.has(argument.trim().toLowerCase())) {
    if (ctx.conversation.kind !== 'channel') {
      return {
        type: 'approvals',
        policy,
        channel: await d.approval.channels.approvalChannel(tenantId),
        notHere: ctx.conversation.kind,
      };
    }
    const address = ctx.address;
    if (!address) throw new AppError('internal', 'approvals here: the host gave no conversation address');
    const channel: ApprovalChannel = {
      tenantId,
      // The channel itself (not the thread the command was typed in): each request is a new post there.
      address: { ...address, tenantId, conversationId: address.conversationId.split(';messageid=')[0] },
      setBy: { id: ctx.actor.aadObjectId, name: ctx.actor.name },
      locale: ctx.actor.locale,
      ...(ctx.actor.timeZone ? { timeZone: ctx.actor.timeZone } : {}),
      setAt: d.clock.now().toISOString(),
    };
    await d.approval.channels.setApprovalChannel(channel);
    d.log.info("approvals: the approvers' channel was set", { tenantId, user: ctx.actor.aadObjectId });
    return { type: 'approvals', policy, channel, set: true };
  }
  return { type: 'approvals', policy, channel: await d.approval.channels.approvalChannel(tenantId) };
}

function policyView(d: ApprovalCommandDeps): ApprovalPolicyView {
  const { required, ttlMinutes, approverUsers, approverGroups } = d.approval;
  return { required, ttlMinutes, approverUsers, approverGroups };
}
