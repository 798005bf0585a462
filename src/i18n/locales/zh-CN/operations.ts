/**
 * 简体中文 (zh-CN): a change of a partner: confirmation, outcome, the open one, its history entry, two-person approval.
 * Typed as the reference's areas: a missing or extra key is a compile error.
 */
import type { Messages } from '../../messages';

export const operations: Pick<
  Messages,
  'confirm' | 'operation' | 'outcome' | 'openOperation' | 'history' | 'approval'
> = {
  confirm: {
    requestedBy: '由 {{name}} 于 {{when}} 请求。',
    expires: '此请求将于 {{when}} 过期。',
    continuedPersonal: '{{name}} 于 {{when}} 在个人聊天中继续处理此请求。两张卡片都有效：以第一次点击为准。',
    continuedGroupChat: '{{name}} 于 {{when}} 在群聊中继续处理此请求。两张卡片都有效：以第一次点击为准。',
    continuedChannel: '{{name}} 于 {{when}} 在频道中继续处理此请求。两张卡片都有效：以第一次点击为准。',
  },
  operation: {
    runningBy: '进行中（由 {{name}} 发起）。',
    cancelledTitle: '已取消',
    cancelledBy: '已由 {{name}} 取消。',
    expiredTitle: '请求已过期',
    expired: '此请求已过期。请重新发起。',
    deniedTitle: '不允许',
    deniedBy: '{{name}} 无权执行此操作。',
    notDone: '未做任何更改。你可以再次点击。',
    alreadyDone: '此操作已由 {{name}} 于 {{when}} 完成。',
    alreadyRunning: '{{name}} 已于 {{when}} 开始执行此操作。',
    alreadyCancelled: '此请求已由 {{name}} 于 {{when}} 取消。',
    alreadyFailed: '此请求已于 {{when}} 失败。',
    alreadyDenied: '此请求已被拒绝。',
  },
  outcome: {
    unknownTitle: '结果尚不确定',
    unknown:
      'Microsoft Graph 的答复丢失了，且也无法读取合作伙伴的状态，因此机器人暂时无法确定 Intune 是否已完成更改。更改不会再次发送：机器人将根据合作伙伴的状态确认结果。请在一分钟后查看状态。',
    readApplied: '已通过事后读取合作伙伴的状态确认：Intune 显示更改已完成。',
    readNotApplied: '已通过事后读取合作伙伴的状态确认：Intune 显示更改未完成。',
    sweeperApplied: '已由机器人的后台检查根据合作伙伴的状态确认：Intune 显示更改已完成。',
    sweeperNotApplied: '已由机器人的后台检查根据合作伙伴的状态确认：Intune 显示更改未完成。',
    notKnownTitle: '结果未知',
    notKnownState: '结果未知',
    notKnown:
      '机器人未收到 Microsoft Graph 的答复（答复丢失，或机器人在执行时中断），且调用前后读取的合作伙伴状态无法表明此请求是否已完成更改。更改不会再次发送，也不会被猜测。请在 Intune 管理中心（租户管理 > 连接器和令牌 > TeamViewer 连接器）检查该合作伙伴；如仍需更改，请重新发起请求。',
  },
  openOperation: {
    titlePending: '已在等待确认',
    titleRunning: '已在进行中',
    one: '同一合作伙伴同一时间只能有一项未完成的更改，而此项更改已存在：由 {{name}} 于 {{when}} 请求。',
    here: '它的卡片就在此对话的上方：请在那里确认或取消。',
    elsewhere: '它的卡片在另一个对话中；管理员在自己所在的对话中请求同一更改即可看到它。它将于 {{when}} 过期。',
    running: '正在执行（由 {{name}} 发起）。',
    titleApproval: '已在等待审批',
    approvalHere: '它的卡片就在此对话的上方：另一位管理员或审批人可以在那里批准或拒绝，请求人可以撤回。',
    approvalElsewhere:
      '它正在等待另一位管理员或审批人审批，卡片在另一个对话中（如果设置了审批频道，审批频道中也有）。它将于 {{when}} 过期。',
  },
  history: {
    title: '历史记录',
    filter: '仅显示“{{query}}”的记录。',
    empty: '尚无任何记录。',
    emptyFor: '“{{query}}”尚无任何记录。',
    what: '{{kind}} {{partner}}：{{state}}',
    requestedBy: '请求人 {{name}}',
    doneBy: '执行人 {{name}}',
    failure: '原因：{{reason}}',
    approvedBy: '由 {{name}} 于 {{when}} 批准',
    rejectedBy: '由 {{name}} 于 {{when}} 驳回',
    withdrawnBy: '由 {{name}} 于 {{when}} 撤回',
    notApproved: '在 {{when}} 之前无人批准',
    waitingUntil: '等待审批，截止 {{when}}',
    more: '还有 {{n}} 条较早的记录未显示。',
  },
  approval: {
    waiting: '正在等待另一位管理员或审批人。',
    expires: '在 {{when}} 之前可以批准；之后此请求将过期。',
    youAsked: '此请求是你发起的；必须由另一位管理员或审批人批准。你可以撤回它。',
    onlooker: '只有请求人以外的管理员或审批人才能批准或驳回此请求。',
    notDone: '未做任何更改；此请求仍在等待审批。',
    nowRequired:
      '此操作发起后，双人审批已成为必需：此次点击未执行更改，它现在是一个需要另一位管理员或审批人批准的请求。',
    approvedBy: '已由 {{name}} 于 {{when}} 批准。',
    rejectedBy: '已由 {{name}} 于 {{when}} 驳回。',
    withdrawnBy: '已由 {{name}} 于 {{when}} 撤回。',
    notApproved: '在 {{when}} 之前无人批准（已过期）。',
    rejectedTitle: '请求已被驳回',
    withdrawnTitle: '请求已撤回',
    expiredTitle: '请求未获批准，已过期',
    nothingChanged: '未做任何更改。',
    askAgain: '请重新发起，以创建新的请求。',
    alreadyClosed: '此请求已经结束；你的点击没有做任何更改。',
    stateWaiting: '等待审批',
    stateRejected: '已驳回',
    stateWithdrawn: '已撤回',
    stateExpired: '未获批准，已过期',
  },
};
