/** `unwatch`: its texts (its help entry and its card's), per locale; en-US gives the shape zh-CN must have. */
import { commandTexts } from '../types';

const enUS = {
  usage: 'unwatch',
  description: 'Stop posting partner changes here.',
  stoppedTitle: 'Stopped watching here',
  stopped: 'I will not post partner changes here any more. Other conversations that watch are not affected.',
  notWatchingTitle: 'Not watching here',
  notWatching: 'This conversation does not watch the partners. Type watch to start.',
  allStoppedTitle: 'Stopped watching every customer here',
  allStopped:
    "I will not post the customers' partner changes here any more. A watch of this tenant's own partners (watch) is not affected.",
  allNotWatching: 'This conversation does not watch the customers. Type watch @all to start.',
};

export const TEXTS = commandTexts('unwatch', enUS, {
  'zh-CN': {
    usage: 'unwatch 或 取消关注',
    description: '不再在这里发布合作伙伴的变化。',
    stoppedTitle: '已停止在这里关注',
    stopped: '我不会再在这里发布合作伙伴的变化。其他正在关注的会话不受影响。',
    notWatchingTitle: '这里没有关注',
    notWatching: '此会话没有关注合作伙伴。输入 关注 即可开始。',
    allStoppedTitle: '已停止在这里关注所有客户',
    allStopped: '我不会再在这里发布客户的合作伙伴变化。对本租户自身合作伙伴的关注（关注）不受影响。',
    allNotWatching: '此会话没有关注客户。输入 关注 @all 即可开始。',
  },
});
