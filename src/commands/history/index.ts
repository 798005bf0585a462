/** `history [partner]`: who did what, newest first (core/audit.ts reads it; the core's history card shows it). */
import { historyReply } from '../../core/audit';
import { defineCommand, type Command, type NoCards } from '../types';
import { TEXTS } from './texts';

export const history: Command<'history', typeof TEXTS, NoCards> = defineCommand({
  spec: {
    name: 'history',
    words: { 'en-US': ['history', 'audit', 'log'], 'zh-CN': ['历史'] },
    argument: 'optional',
    access: 'admin',
    graph: true,
    menu: {
      'en-US': 'history [partner]: who did what, newest first',
      'zh-CN': '历史 [合作伙伴]：谁做了什么，最新的在前',
    },
  },
  texts: TEXTS,
  help: { usage: 'usage', description: 'description' },
  handle: async ({ argument, ctx, session }, d) => {
    const partners = argument ? await d.gateway.list(session) : [];
    return historyReply(d, ctx.actor.tenantId, partners, argument, ctx.customer?.tenantId);
  },
  cards: {},
});
