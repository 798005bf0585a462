/** `approvals`: the two-person approval policy and the approvers' channel. STUB(approval): the real card. */
import type { Reply } from '../core/replies';
import { md } from '../i18n/markdown';
import type { RenderContext } from './context';
import { card, text } from './elements';
import type { AdaptiveCard } from './types';

export function approvalsCard(reply: Extract<Reply, { type: 'approvals' }>, _ctx: RenderContext): AdaptiveCard {
  return card([text(md(reply.policy.required ? 'Approval required' : 'Approval off'))], [], md('approvals'));
}
