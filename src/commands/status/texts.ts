/** `status`: its texts (its help entry), per locale; en-US gives the shape zh-CN must have. */
import { commandTexts } from '../types';

const enUS = {
  usage: 'status _partner_',
  description: 'Show one partner in detail.',
};

export const TEXTS = commandTexts('status', enUS, {
  'zh-CN': {
    usage: 'status _合作伙伴_ 或 状态 _合作伙伴_',
    description: '显示一个合作伙伴的详细信息。',
  },
});
