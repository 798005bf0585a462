/** `list`: the partners and their state (the core's partner list card, cards/partner-list-card.ts). */
import type { CommandDeps } from '../../core/context';
import type { UserSession } from '../../core/model';
import type { Reply } from '../../core/replies';
import { REMOTE_ASSISTANCE_UPDATE } from '../../core/resource-actions';
import { defineCommand, type Command, type NoCards } from '../types';
import { TEXTS } from './texts';

/** The partners, with what Intune says the user cannot change (also `status` without a partner). */
export async function listPartners(d: CommandDeps, session: UserSession): Promise<Reply> {
  const partners = await d.gateway.list(session);
  // Asked after the list, so that a failing list is what the user is told about.
  const cannotChange = await d.intune.missing(session, REMOTE_ASSISTANCE_UPDATE);
  return { type: 'partnerList', partners, ...(cannotChange ? { cannotChange } : {}) };
}

export const list: Command<'list', typeof TEXTS, NoCards> = defineCommand({
  spec: {
    name: 'list',
    words: { 'en-US': ['list', 'partners', 'ls'], 'zh-CN': ['列表'] },
    argument: 'none',
    access: 'reader',
    graph: true,
    menu: { 'en-US': 'List the remote-assistance partners and their state', 'zh-CN': '列出远程协助合作伙伴及其状态' },
  },
  texts: TEXTS,
  help: { usage: 'usage', description: 'description' },
  handle: ({ session }, d) => listPartners(d, session),
  cards: {},
});
