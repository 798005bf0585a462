/** `unwatch`: its texts (its help entry and its card's), per locale; en-US gives the shape zh-CN must have. */
import { commandTexts } from '../types';

const enUS = {
  usage: 'unwatch',
  description: 'Stop posting partner changes here.',
  stoppedTitle: 'Stopped watching here',
  stopped: 'I will not post partner changes here any more. Other conversations that watch are not affected.',
  notWatchingTitle: 'Not watching here',
  notWatching: 'This conversation does not watch the partners. Type watch to start.',
};

export const TEXTS = commandTexts('unwatch', enUS, {
  'zh-CN': {
    usage: 'unwatch 或 取消关注',
    description: '不再在这里发布合作伙伴的变化。',
    stoppedTitle: '已停止在这里关注',
    stopped: '我不会再在这里发布合作伙伴的变化。其他正在关注的会话不受影响。',
    notWatchingTitle: '这里没有关注',
    notWatching: '此会话没有关注合作伙伴。输入 关注 即可开始。',
  },
});
