/**
 * 简体中文 (zh-CN): the conversation around the commands: unknown or stale cards, sign-in, did-you-mean.
 * Typed as the reference's areas: a missing or extra key is a compile error.
 */
import type { Messages } from '../../messages';

export const session: Pick<Messages, 'unknownOperation' | 'staleAction' | 'signIn' | 'didYouMean'> = {
  unknownOperation: {
    title: '找不到请求',
    text: '此卡片对应的请求我并不知道（可能来自另一个组织，或已被删除）。请重新运行命令。',
  },
  staleAction: {
    title: '此按钮已失效',
    text: '它来自较早的卡片或本机器人的旧版本。请重新发送命令，或点击“帮助”查看我能做什么。',
  },
  signIn: {
    button: '登录',
    prompt: '请登录，以便我代表你管理远程协助合作伙伴。',
    promptFor: '{{name}}：请登录，以便我代表你管理远程协助合作伙伴。此登录仅供 {{name}} 使用。',
    failedTitle: '自动登录未成功',
    failedDetail: 'Teams 无法自动为你登录（代码 {{code}}）。请改用下面的“登录”按钮登录。',
    failedReport: '如果此问题反复出现，请告知此机器人的管理员：机器人的日志中写明了需要修复的内容。',
    doneTitle: '{{name}}，你已登录',
    doneDetail: '现在请再次发送你的命令（或再次点击卡片上的按钮）来运行它。',
    foreignCard: '你使用的登录卡片是给 {{owner}} 的；{{owner}} 请求的操作没有以你的身份运行。',
    notDoneTitle: '登录未完成',
    notDoneDetail: '{{name}}，登录未完成。请再次发送你的命令，以获得你自己的登录卡片。',
  },
  didYouMean: {
    title: '您是想输入“{{command}}”吗？',
    unknown: '“{{typed}}”不是我认识的命令。',
    hint: '点击按钮运行它，或点击“帮助”查看所有命令。',
  },
};
