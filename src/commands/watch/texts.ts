/** `watch`: its texts (its help entry and its card's), per locale; en-US gives the shape zh-CN must have. */
import { commandTexts } from '../types';

const enUS = {
  usage: 'watch',
  description: 'Post here whenever a partner changes state (a channel or chat; admins).',
  startedTitle: 'Watching the partners here',
  alreadyTitle: 'Already watching the partners here',
  started:
    'I will post here when a partner changes state, whoever changes it (this bot, the Intune admin center, PowerShell or the partner), and when an onboarding request is about to run out. I look {{interval}}.',
  nowTitle: 'As I see them now',
  readFailed:
    'I cannot read the partners with my own permission yet, so no change can be posted until this is fixed: an administrator must grant admin consent for the application permission DeviceManagementServiceConfig.Read.All. The watch stays on; I keep trying.',
  readLater: 'I could not read the partners just now. The watch is on; I keep trying.',
  howToStop: 'Type unwatch here to stop. watching lists every conversation that watches.',
  allStartedTitle: "Watching every customer's partners here",
  allAlreadyTitle: "Already watching every customer's partners here",
  allStarted:
    'I will post here when a partner of any customer changes state, naming the customer, once when I cannot read a customer, and once when a customer is added to this bot (you then type watch @all again to watch it). I look {{interval}}.',
  noCustomers: 'This bot serves no customer tenants, so there is nothing to watch with @all.',
  partnersRead: '{{n}} partners read',
  cannotRead: 'cannot read: {{why}}',
  notAllowed: 'not watched: you are not among its readers or technicians',
  allReadFailed:
    'I cannot read some customers with my own permission: an administrator of each must grant admin consent to this app in that tenant. Their watch stays on; I keep trying and post here once it works again.',
  allHowToStop: 'Type unwatch @all here to stop. watching lists every conversation that watches.',
};

export const TEXTS = commandTexts('watch', enUS, {
  'zh-CN': {
    usage: 'watch 或 关注',
    description: '合作伙伴状态变化时在这里发帖（频道或聊天；仅限管理员）。',
    startedTitle: '已在这里关注合作伙伴',
    alreadyTitle: '这里已经在关注合作伙伴',
    started:
      '当合作伙伴的状态发生变化时（无论是谁更改的：此机器人、Intune 管理中心、PowerShell 或合作伙伴本身），以及载入请求即将到期时，我会在这里发帖。我{{interval}}查看一次。',
    nowTitle: '我现在看到的状态',
    readFailed:
      '我还无法用自己的权限读取合作伙伴，因此在修复之前无法发布任何变化：管理员必须为应用程序权限 DeviceManagementServiceConfig.Read.All 授予管理员同意。关注仍然有效，我会继续尝试。',
    readLater: '我刚才无法读取合作伙伴。关注已开启，我会继续尝试。',
    howToStop: '在这里输入 取消关注 即可停止。关注列表 会列出所有正在关注的会话。',
    allStartedTitle: '已在这里关注所有客户的合作伙伴',
    allAlreadyTitle: '这里已经在关注所有客户的合作伙伴',
    allStarted:
      '当任何客户的合作伙伴状态发生变化时，我会在这里发帖并注明客户；无法读取某个客户时，我会提醒一次；此机器人新增客户时，我也会提醒一次（届时再次输入 关注 @all 即可关注它）。我{{interval}}查看一次。',
    noCustomers: '此机器人不服务任何客户租户，因此 @all 没有可关注的内容。',
    partnersRead: '已读取 {{n}} 个合作伙伴',
    cannotRead: '无法读取：{{why}}',
    notAllowed: '未关注：你不是其读者或技术人员',
    allReadFailed:
      '我无法用自己的权限读取部分客户：每个客户的管理员必须在其租户中为此应用授予管理员同意。这些客户的关注仍然有效，我会继续尝试，恢复后会在这里发帖。',
    allHowToStop: '在这里输入 取消关注 @all 即可停止。关注列表 会列出所有正在关注的会话。',
  },
});
