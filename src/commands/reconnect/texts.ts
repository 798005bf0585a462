/** `reconnect`: its texts (its help entry), per locale; en-US gives the shape zh-CN must have. */
import { commandTexts } from '../types';

const enUS = {
  usage: 'reconnect _partner_',
  description: 'Start onboarding a partner again (asks for confirmation).',
};

export const TEXTS = commandTexts('reconnect', enUS, {
  'zh-CN': {
    usage: 'reconnect _合作伙伴_ 或 重新连接 _合作伙伴_',
    description: '重新开始载入合作伙伴（需要确认）。',
  },
});
