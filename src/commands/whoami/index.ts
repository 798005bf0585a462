/** `whoami`: who the bot thinks you are, and what you may do (handler.ts, card.ts). */
import { defineCommand, type Command } from '../types';
import { whoamiCard } from './card';
import { whoamiReply } from './handler';
import { TEXTS } from './texts';

export const whoami: Command<'whoami', typeof TEXTS, { whoami: typeof whoamiCard }> = defineCommand({
  spec: {
    name: 'whoami',
    words: { 'en-US': ['whoami', 'me'], 'zh-CN': ['我是谁'] },
    argument: 'none',
    access: 'everyone',
    graph: false,
    menu: { 'en-US': 'Who the bot thinks you are, and what you may do', 'zh-CN': '机器人眼中的你，以及你可以做什么' },
  },
  texts: TEXTS,
  help: { usage: 'usage', description: 'description' },
  handle: ({ ctx }, d) => whoamiReply(d, ctx),
  cards: { whoami: whoamiCard },
});
