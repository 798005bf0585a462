/** `history`: its texts (its help entry), per locale; en-US gives the shape zh-CN must have. */
import { commandTexts } from '../types';

const enUS = {
  usage: 'history [_partner_]',
  description: 'Who disconnected or reconnected what, and when.',
};

export const TEXTS = commandTexts('history', enUS, {
  'zh-CN': {
    usage: 'history [_合作伙伴_] 或 历史 [_合作伙伴_]',
    description: '谁在何时断开或重新连接了哪个合作伙伴。',
  },
});
