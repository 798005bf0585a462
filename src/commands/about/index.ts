/**
 * `about`: the bot's version and commit, the policy in force and what the bot may do in this tenant (card.ts). For
 * readers; reading the policy needs no Graph (the configuration, and the approvers' channel from the store).
 */
import type { CommandDeps, CommandInput } from '../../core/context';
import type { Reply } from '../../core/replies';
import { defineCommand, type Command } from '../types';
import { aboutCard } from './card';
import { TEXTS } from './texts';

async function aboutReply(d: CommandDeps, { ctx }: CommandInput): Promise<Reply> {
  const { required, ttlMinutes, approverUsers, approverGroups, channels } = d.approval;
  const channel = await channels.approvalChannel(ctx.actor.tenantId);
  return {
    type: 'about',
    ...(d.deployment ? { deployment: d.deployment } : {}),
    approval: { required, ttlMinutes, approverUsers, approverGroups },
    ...(channel ? { channel } : {}),
    intuneMode: d.intune.mode,
    watchIntervalSeconds: d.watch.intervalSeconds,
  };
}

export const about: Command<'about', typeof TEXTS, { about: typeof aboutCard }> = defineCommand({
  spec: {
    name: 'about',
    words: { 'en-US': ['about', 'version', 'info'], 'zh-CN': ['关于'] },
    argument: 'none',
    access: 'reader',
    // Not Graph on the user's behalf, but the access check may need the user's token (reader groups).
    graph: true,
    // Teams shows at most 10 menu entries per scope and the 10 are taken: typed, not in the menu.
  },
  texts: TEXTS,
  help: { usage: 'usage', description: 'description' },
  handle: (input, d) => aboutReply(d, input),
  cards: { about: aboutCard },
});
