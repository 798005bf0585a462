/** `help`: its texts (its help entry and the help card's), per locale; en-US gives the shape zh-CN must have. */
import { commandTexts } from '../types';

const enUS = {
  usage: 'help',
  description: 'Show this help.',
  title: 'Intune remote assistance',
  intro:
    'I show the remote-assistance partner (the TeamViewer connector) of your Intune tenant, and can disconnect or reconnect it. Every change waits for a click on a confirmation card. Where two-person approval is on, another admin or approver must approve it first.',
  commands: 'Commands',
  partnerHint: 'Name a partner by its display name or its id, for example: disconnect TeamViewer',
  channelNote: 'In a channel, @mention me before the command.',
  readOnlyNote: 'Disconnecting, reconnecting and the history are only for the administrators this bot is set up for.',
};

export const TEXTS = commandTexts('help', enUS, {
  'zh-CN': {
    usage: 'help 或 帮助',
    description: '显示此帮助。',
    title: 'Intune 远程协助',
    intro:
      '我可以显示你的 Intune 租户的远程协助合作伙伴（TeamViewer 连接器），并可以断开或重新连接它。每项更改都需要在确认卡片上点击后才会执行。启用双人审批时，还须先由另一位管理员或审批人批准。',
    commands: '命令',
    partnerHint: '可以用显示名称或 ID 指定合作伙伴，例如：断开 TeamViewer',
    channelNote: '在频道中，请先 @提及 我，再输入命令。',
    readOnlyNote: '断开连接、重新连接和历史记录仅供为此机器人配置的管理员使用。',
  },
});
