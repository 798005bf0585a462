/** `disconnect`: its texts (its help entry), per locale; en-US gives the shape zh-CN must have. */
import { commandTexts } from '../types';

const enUS = {
  usage: 'disconnect _partner_',
  description: 'Disconnect a partner (asks for confirmation).',
};

export const TEXTS = commandTexts('disconnect', enUS, {
  'zh-CN': {
    usage: 'disconnect _合作伙伴_ 或 断开 _合作伙伴_',
    description: '断开合作伙伴的连接（需要确认）。',
  },
});
