/**
 * 简体中文 (zh-CN): the partners: the list, choosing one, the watch's intervals and notices.
 * Typed as the reference's areas: a missing or extra key is a compile error.
 */
import type { Messages } from '../../messages';

export const partners: Pick<Messages, 'list' | 'choose' | 'watch' | 'notice'> = {
  list: {
    title: '远程协助合作伙伴（{{n}}）',
    empty: '此组织尚未在 Intune 中设置任何远程协助合作伙伴。',
    more: '还有 {{n}} 个未显示。使用 status _合作伙伴_ 查看其中一个。',
  },
  choose: {
    noMatch: '没有名为“{{query}}”的合作伙伴。',
    several: '有多个合作伙伴与“{{query}}”匹配。',
    which: '要操作哪个合作伙伴？',
    pick: '请选择一个：',
    none: '没有可供选择的合作伙伴。',
    more: '还有 {{n}} 个未显示：请输入更准确的名称或 ID。',
  },
  watch: {
    everySeconds: '每 {{n}} 秒',
    everyMinutes: '每 {{n}} 分钟',
    everyHours: '每 {{n}} 小时',
  },
  notice: {
    statusChangedTitle: '{{name}} 的状态已变化',
    statusChanged: '此远程协助合作伙伴处于新的状态。',
    before: '之前',
    now: '现在',
    whoChanged:
      '在 Intune 中更改：可能是此机器人、Intune 管理中心、PowerShell 或合作伙伴本身。历史 会显示通过此机器人所做的操作。',
    expiringTitle: '{{name}} 的载入请求即将到期',
    expiring: '请在请求到期之前在 TeamViewer 中完成载入，或者稍后重新连接以发起新的请求。',
    expiredTitle: '{{name}} 的载入请求已到期',
    expired: '此合作伙伴仍未载入，且其载入请求已到期。请重新连接以发起新的请求。',
    addedTitle: '新的合作伙伴：{{name}}',
    added: 'Intune 中出现了一个远程协助合作伙伴。',
    removedTitle: '合作伙伴已消失：{{name}}',
    removed: '此远程协助合作伙伴已不在 Intune 中。',
    noticedAt: '发现时间',
    why: '因为此会话关注了合作伙伴，所以发布此消息（取消关注 可停止）。',
    customer: '客户：{{customer}}',
    unreadableTitle: '无法读取 {{customer}}',
    unreadable:
      '我无法用自己的权限读取此客户的合作伙伴，因此在能够读取之前不会发布其变化：{{reason}}。客户的管理员必须在其租户中为此应用授予管理员同意。我会继续尝试，在恢复之前不会再提醒。',
    newCustomersTitle: '新的客户，这里尚未关注',
    newCustomer: '此机器人现在服务 {{customer}}；此频道尚未收到它的消息。',
    newCustomersHow:
      '此频道关注了所有客户（关注 @all），但能否读取某个客户由提出请求的人所在的组决定，而我在这里发帖时没有人提出请求。请再次输入 关注 @all 或点击下面的按钮：你可以读取的客户（作为读者或技术人员）会被加入；其他客户会列为不允许。',
    watchAllAgain: '再次关注 @all',
    whyAll: '因为此会话关注了所有客户的合作伙伴，所以发布此消息（取消关注 @all 可停止）。',
  },
};
