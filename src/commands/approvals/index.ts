/**
 * `approvals`: the two-person approval policy and where requests go; `approvals here`, in a channel, makes it the
 * approvers' channel (every request is posted there too). Both are for admins (handler.ts, card.ts).
 */
import { defineCommand, type Command } from '../types';
import { approvalsCard } from './card';
import { approvalsCommand } from './handler';
import { TEXTS } from './texts';

export const approvals: Command<'approvals', typeof TEXTS, { approvals: typeof approvalsCard }> = defineCommand({
  spec: {
    name: 'approvals',
    words: { 'en-US': ['approvals', 'approvers'], 'zh-CN': ['审批'] },
    // `here` (这里), or nothing.
    argument: 'optional',
    access: 'admin',
    // The access check may need the user's token (admin groups).
    graph: true,
    menu: {
      'en-US': "approvals [here]: two-person approval; here makes this the approvers' channel",
      'zh-CN': '审批 [这里]：双人审批；“这里”将本频道设为审批频道',
    },
  },
  texts: TEXTS,
  help: { usage: 'usage', description: 'description' },
  handle: ({ argument, ctx }, d) => approvalsCommand(d, ctx, argument),
  cards: { approvals: approvalsCard },
});
