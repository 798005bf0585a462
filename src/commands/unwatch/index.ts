/** `unwatch`: the notices stop here (handler.ts, card.ts). */
import { defineCommand, type Command } from '../types';
import { watchStoppedCard } from './card';
import { unwatchCommand } from './handler';
import { TEXTS } from './texts';

export const unwatch: Command<'unwatch', typeof TEXTS, { watchStopped: typeof watchStoppedCard }> = defineCommand({
  spec: {
    name: 'unwatch',
    words: { 'en-US': ['unwatch', 'unsubscribe'], 'zh-CN': ['取消关注', '取消订阅'] },
    // `@all`: the watch of every customer; any other text is ignored, as before.
    argument: 'none',
    access: 'admin',
    graph: true,
    // Rarely needed, and Teams shows at most 10 menu entries: typed, not in the menu.
  },
  texts: TEXTS,
  help: { usage: 'usage', description: 'description' },
  handle: ({ ctx, argument }, d) => unwatchCommand(d, ctx, argument),
  cards: { watchStopped: watchStoppedCard },
});
