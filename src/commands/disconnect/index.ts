/** `disconnect X`: a confirmation card (or a request for approval), then Graph's disconnect on the click. */
import { requestChange } from '../../core/change-request';
import { defineCommand, type Command, type NoCards } from '../types';
import { TEXTS } from './texts';

export const disconnect: Command<'disconnect', typeof TEXTS, NoCards> = defineCommand({
  spec: {
    name: 'disconnect',
    words: { 'en-US': ['disconnect'], 'zh-CN': ['断开', '断开连接'] },
    argument: 'required',
    access: 'admin',
    graph: true,
    operation: 'disconnect',
    menu: {
      'en-US': 'disconnect <partner>: disconnect the connector, after you confirm',
      'zh-CN': '断开 <合作伙伴>：确认后断开连接器',
    },
  },
  texts: TEXTS,
  help: { usage: 'usage', description: 'description' },
  handle: ({ argument, ctx, session }, d) => requestChange(d, 'disconnect', argument, ctx, session),
  cards: {},
});
