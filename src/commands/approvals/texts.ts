/** `approvals`: its texts (its help entry and its card's), per locale; en-US gives the shape zh-CN must have. */
import { commandTexts } from '../types';

const enUS = {
  usage: 'approvals [here]',
  description:
    'Two-person approval: whether it is on, who approves, where requests go; approvals here, in a channel, makes it the approvers’ channel (admins).',
  title: 'Two-person approval',
  on: 'On: every disconnect and reconnect must be approved by a second person, an admin or approver other than whoever asked for it.',
  ttl: 'A request can be approved for {{n}} minutes; then it expires.',
  who: 'Who can approve',
  whoAdmins: 'The admins',
  whoUsers: 'approvers named by id: {{n}}',
  whoGroups: 'approver groups: {{n}}',
  off: 'Off: disconnect and reconnect only ask for a confirmation, which anybody allowed to change partners can give, the requester too.',
  howOn: 'Setting {{setting}} in the bot’s configuration turns two-person approval on.',
  channel: 'Requests are also posted in the approvers’ channel, set by {{name}} at {{when}}.',
  noChannel: 'No approvers’ channel is set: each request is posted only in the conversation where it was asked.',
  howChannel: 'To set one, type approvals here in a channel (mention me first).',
  setHere: 'This channel is now the approvers’ channel: every request for approval is posted here too.',
  notHere:
    'approvals here works only in a channel, and you typed it in a conversation of another kind ({{where}}). Nothing was changed.',
};

export const TEXTS = commandTexts('approvals', enUS, {
  'zh-CN': {
    usage: 'approvals [here] 或 审批 [这里]',
    description:
      '双人审批：是否开启、谁可以批准、请求发到哪里；在频道中输入 审批 这里 可将该频道设为审批频道（仅限管理员）。',
    title: '双人审批',
    on: '已开启：每次断开连接和重新连接都必须由第二个人批准，即请求人以外的管理员或审批人。',
    ttl: '请求在 {{n}} 分钟内可以批准；之后将过期。',
    who: '谁可以批准',
    whoAdmins: '管理员',
    whoUsers: '按 ID 指定的审批人：{{n}}',
    whoGroups: '审批人组：{{n}}',
    off: '未开启：断开连接和重新连接只需确认，任何有权更改合作伙伴的人（包括请求人本人）都可以确认。',
    howOn: '在机器人的配置中设置 {{setting}} 即可开启双人审批。',
    channel: '请求还会发布到审批频道，该频道由 {{name}} 于 {{when}} 设置。',
    noChannel: '尚未设置审批频道：每个请求只发布在发起它的会话中。',
    howChannel: '如需设置，请在频道中输入 审批 这里（先 @提及 我）。',
    setHere: '此频道现在是审批频道：每个审批请求也会发布在这里。',
    notHere: '审批 这里 只能在频道中使用，而你是在其他类型的会话中输入的（{{where}}）。未做任何更改。',
  },
});
