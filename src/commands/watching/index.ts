/**
 * `watching`: where the notices go. No more than a reader may see anyway (partner states), and it tells a reader
 * which conversation to join (handler.ts, card.ts).
 */
import { defineCommand, type Command } from '../types';
import { watchingCard } from './card';
import { watchingCommand } from './handler';
import { TEXTS } from './texts';

export const watching: Command<'watching', typeof TEXTS, { watching: typeof watchingCard }> = defineCommand({
  spec: {
    name: 'watching',
    words: { 'en-US': ['watching', 'subscriptions'], 'zh-CN': ['关注列表', '订阅列表'] },
    argument: 'none',
    access: 'reader',
    graph: true,
    menu: { 'en-US': 'Which conversations get partner changes', 'zh-CN': '哪些会话会收到合作伙伴的变化' },
  },
  texts: TEXTS,
  help: { usage: 'usage', description: 'description' },
  handle: ({ ctx }, d) => watchingCommand(d, ctx),
  cards: { watching: watchingCard },
});
