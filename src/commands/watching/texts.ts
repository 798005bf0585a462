/** `watching`: its texts (its help entry and its card's), per locale; en-US gives the shape zh-CN must have. */
import { commandTexts } from '../types';

const enUS = {
  usage: 'watching',
  description: 'Which conversations get the partner changes.',
  title: 'Conversations watching the partners ({{n}})',
  empty: 'No conversation watches the partners. Type watch in a channel or chat to start.',
  here: 'this conversation',
  since: 'Since',
  by: 'Set up by',
  conversation: 'Conversation',
  scope: 'Watches',
  own: "this tenant's partners",
  customer: 'customer {{customer}} (watch @all)',
  more: '{{n}} more not shown.',
  interval: 'The partners are read {{interval}}.',
};

export const TEXTS = commandTexts('watching', enUS, {
  'zh-CN': {
    usage: 'watching 或 关注列表',
    description: '哪些会话会收到合作伙伴的变化。',
    title: '正在关注合作伙伴的会话（{{n}}）',
    empty: '没有会话在关注合作伙伴。在频道或聊天中输入 关注 即可开始。',
    here: '此会话',
    since: '开始时间',
    by: '设置者',
    conversation: '会话',
    scope: '关注范围',
    own: '本租户的合作伙伴',
    customer: '客户 {{customer}}（关注 @all）',
    more: '还有 {{n}} 个未显示。',
    interval: '我{{interval}}读取一次合作伙伴。',
  },
});
