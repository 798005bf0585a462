/**
 * `watch`: subscribes this conversation to notices of partner changes. It makes the bot post here unasked (and
 * shows partner states to whoever is in the conversation), so it is for admins (handler.ts, card.ts).
 */
import { defineCommand, type Command } from '../types';
import { watchStartedCard } from './card';
import { watchCommand } from './handler';
import { TEXTS } from './texts';

export const watch: Command<'watch', typeof TEXTS, { watchStarted: typeof watchStartedCard }> = defineCommand({
  spec: {
    name: 'watch',
    words: { 'en-US': ['watch', 'subscribe'], 'zh-CN': ['关注', '订阅'] },
    // No argument; `watch @all` is a target (every customer), which dispatch hands to the handler.
    argument: 'none',
    access: 'admin',
    // Not Graph on the user's behalf, but the access check may need the user's token (admin groups).
    graph: true,
    menu: { 'en-US': 'Post partner state changes here (admins)', 'zh-CN': '在这里发布合作伙伴的状态变化（管理员）' },
  },
  texts: TEXTS,
  help: { usage: 'usage', description: 'description' },
  handle: ({ ctx, argument, session }, d) => watchCommand(d, ctx, argument, session),
  cards: { watchStarted: watchStartedCard },
});
