/** `reconnect X`: a confirmation card (or a request for approval), then Graph's beginOnboarding on the click. */
import { requestChange } from '../../core/change-request';
import { defineCommand, type Command, type NoCards } from '../types';
import { TEXTS } from './texts';

export const reconnect: Command<'reconnect', typeof TEXTS, NoCards> = defineCommand({
  spec: {
    name: 'reconnect',
    words: { 'en-US': ['reconnect', 'connect', 'onboard'], 'zh-CN': ['重新连接', '重连'] },
    argument: 'required',
    access: 'admin',
    graph: true,
    operation: 'reconnect',
    menu: {
      'en-US': 'reconnect <partner>: start onboarding the partner again',
      'zh-CN': '重新连接 <合作伙伴>：重新开始合作伙伴的加入流程',
    },
  },
  texts: TEXTS,
  help: { usage: 'usage', description: 'description' },
  handle: ({ argument, ctx, session }, d) => requestChange(d, 'reconnect', argument, ctx, session),
  cards: {},
});
