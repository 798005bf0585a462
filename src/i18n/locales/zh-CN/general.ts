/**
 * 简体中文 (zh-CN): what every card uses: common words, dates, fact labels, buttons, partner and operation states, conversation kinds.
 * Typed as the reference's areas: a missing or extra key is a compile error.
 */
import type { Messages } from '../../messages';

export const general: Pick<Messages, 'common' | 'time' | 'fact' | 'button' | 'onboarding' | 'state' | 'conversation'> =
  {
    common: {
      never: '从未连接',
      noExpiry: '无到期时间',
      someone: '某人',
      noPartner: '（所有合作伙伴）',
      requestId: '请求 ID：{{id}}',
      clientRequestId: '客户端请求 ID：{{id}}',
      separator: ' · ',
    },
    time: {
      withLocal: '{{utc}}（{{zone}} {{local}}）',
    },
    fact: {
      name: '名称',
      id: 'ID',
      status: '状态',
      lastConnection: '上次连接',
      requestExpiry: '载入请求到期时间',
      onboardingUrl: '载入 URL',
      partner: '合作伙伴',
      action: '操作',
      state: '状态',
      newState: '新状态',
      requestedBy: '请求人',
      by: '执行人',
      when: '时间',
    },
    button: {
      list: '列出合作伙伴',
      history: '历史记录',
      status: '状态',
      cancel: '取消',
      tryAgain: '重试',
      grantConsent: '授予同意',
      openOnboarding: '打开载入页面',
      help: '帮助',
      watching: '关注列表',
      approve: '批准',
      reject: '驳回',
      withdraw: '撤回',
    },
    onboarding: {
      notOnboarded: '未载入（已断开连接）',
      onboarding: '正在载入（等待 TeamViewer）',
      onboarded: '已载入（已连接）',
      unknownFutureValue: '未知（此机器人尚不认识的状态）',
    },
    state: {
      pending: '等待确认',
      running: '进行中',
      succeeded: '成功',
      failed: '失败',
      cancelled: '已取消',
      expired: '已过期',
      denied: '已拒绝',
    },
    conversation: {
      personal: '个人聊天',
      groupChat: '群聊',
      channel: '频道',
    },
  };
