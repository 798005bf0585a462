/** `list`: its texts (its help entry), per locale; en-US gives the shape zh-CN must have. */
import { commandTexts } from '../types';

const enUS = {
  usage: 'list',
  description: 'List the partners and their state.',
};

export const TEXTS = commandTexts('list', enUS, {
  'zh-CN': {
    usage: 'list 或 列表',
    description: '列出合作伙伴及其状态。',
  },
});
