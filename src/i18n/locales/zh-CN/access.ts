/**
 * 简体中文 (zh-CN): refusals: who may not do what (the bot's lists, Intune's role).
 * Typed as the reference's areas: a missing or extra key is a compile error.
 */
import type { Messages } from '../../messages';

export const access: Pick<Messages, 'denial' | 'intune'> = {
  denial: {
    title: '你无权执行此操作',
    wrongTenant: '此机器人服务于另一个组织，无法为你的组织执行操作。',
    notAllowed: '你不在允许使用此机器人的人员名单中。',
    askContact: '请联系 {{contact}} 将你添加到名单中。',
    askAdmin: '请联系你的 Intune 管理员将你添加到名单中。',
    readOnly: '你可以查看合作伙伴及其状态，但不能更改它们，也不能查看历史记录。',
    who: '被拒绝的用户：{{name}}',
    labelWrongTenant: '其他组织',
    labelNotAllowed: '不在名单中',
    labelReadOnly: '只读',
    otherConversation:
      '此卡片属于在另一个对话中发起的请求；它的按钮只能在那里使用。如需在此处发起，请在此对话中发送命令。',
    labelOtherConversation: '其他对话',
    ownRequest: '此请求是你自己发起的，因此必须由另一位管理员或审批人批准：每项更改都由两个人决定。',
    ownRequestTodo: '请让另一位管理员或审批人批准它；如果不再需要，也可以撤回它。',
    labelOwnRequest: '自己的请求',
    approvalRequired:
      '此操作发起后，双人审批已成为必需，因此此次点击未执行更改：它现在是一个需要另一位管理员或审批人批准的请求。',
    approvalRequiredTodo: '请让另一位管理员或审批人批准它；发起人可以撤回它。',
    labelApprovalRequired: '现需审批',
    tokenUserMismatch:
      '机器人为此次点击持有的登录属于其他人，因此未执行任何操作：机器人只使用点击者本人的令牌执行操作。',
    tokenUserMismatchTodo:
      '请退出机器人并以你自己的身份重新登录，然后重试。如果问题再次出现，请告知此机器人的运维人员。',
    labelTokenUserMismatch: '其他用户的登录',
  },
  intune: {
    noButtons:
      '未提供“断开连接”和“重新连接”按钮：你的 Intune 角色不包含 **远程协助连接器：更新** 权限（{{action}}），Intune 会拒绝这些操作。',
    advice:
      'Intune 表示你的角色不包含 **远程协助连接器：更新** 权限（{{action}}）。按钮仍然提供：点击时由 Intune 决定。',
    why: '只有拥有 **远程协助连接器：更新** 权限（{{action}}）才能在 Intune 中断开或重新连接合作伙伴，而你的 Intune 角色不包含此权限。未做任何更改。',
    askContact: '请联系 {{contact}} 将此权限添加到你的 Intune 角色。',
    askAdmin: '请联系你的 Intune 管理员将此权限添加到你的 Intune 角色。',
  },
};
