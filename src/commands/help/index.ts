/** `help`: what the bot does and its commands (card.ts); also the answer to what is not a command. */
import { defineCommand, type Command } from '../types';
import { helpCard } from './card';
import { TEXTS } from './texts';

export const help: Command<'help', typeof TEXTS, { help: typeof helpCard }> = defineCommand({
  spec: {
    name: 'help',
    words: { 'en-US': ['help', '?', 'hi', 'hello'], 'zh-CN': ['帮助'] },
    argument: 'none',
    access: 'everyone',
    graph: false,
    menu: { 'en-US': 'What I can do and how to ask', 'zh-CN': '我能做什么、怎么问' },
  },
  texts: TEXTS,
  help: { usage: 'usage', description: 'description' },
  handle: async ({ ctx }, d) => ({ type: 'help', canAct: d.authorizer.precheck(ctx.actor).allowed }),
  cards: { help: helpCard },
});
