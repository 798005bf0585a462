/** `about`: its texts (its help entry and its card's), per locale; en-US gives the shape zh-CN must have. */
import { commandTexts } from '../types';

const enUS = {
  usage: 'about',
  description: 'This bot: its version, the policy in force here, and what it may do in this tenant.',
  title: 'About this bot',
  version: 'Version',
  versionValue: '{{version}} (commit {{commit}})',
  notTold: 'not told',
  policyTitle: 'The policy in force',
  approval: 'Two-person approval',
  approvalOn: 'Required: a second admin or approver approves each change (for {{n}} minutes)',
  approvalOff: 'Not required: a confirmation by the requester is enough',
  approvers: 'Who can approve',
  approversValue: 'the admins; approvers named by id: {{users}}; approver groups: {{groups}}',
  approversChannel: 'Approvers’ channel',
  channelSet: 'set by {{name}} at {{when}}',
  channelNone: 'none (requests are posted only where they are asked)',
  intuneMode: 'Intune check (INTUNE_CHECK_MODE)',
  modeOff: 'off',
  modeAdvise: 'advise',
  modeEnforce: 'enforce',
  watch: 'The watch reads the partners',
  store: 'Records kept in',
  storeSqlite: 'SQLite (one instance)',
  storePostgres: 'PostgreSQL (shared by every instance)',
  storeMemory: 'memory (lost at restart)',
  mayTitle: 'What it may do in this tenant',
  mayAct:
    'Disconnect and reconnect: with your own sign-in (delegated), Microsoft Graph permission DeviceManagementServiceConfig.ReadWrite.All, and only after a confirmation card.',
  mayRead:
    'List and status: the same delegated sign-in (reading needs DeviceManagementServiceConfig.Read.All or more); the watch and the background check read with the bot’s own application permission DeviceManagementServiceConfig.Read.All, never changing anything.',
  mayIntune:
    'Your Intune role is read with DeviceManagementRBAC.Read.All (delegated), unless the Intune check is off; Intune decides every change.',
  note: 'Read from the bot’s configuration: nothing was asked of Microsoft Graph.',
};

export const TEXTS = commandTexts('about', enUS, {
  'zh-CN': {
    usage: 'about 或 关于',
    description: '关于此机器人：版本、此处生效的策略，以及它在此租户中可以做什么。',
    title: '关于此机器人',
    version: '版本',
    versionValue: '{{version}}（提交 {{commit}}）',
    notTold: '未提供',
    policyTitle: '生效的策略',
    approval: '双人审批',
    approvalOn: '必需：每项更改须由另一位管理员或审批人批准（{{n}} 分钟内）',
    approvalOff: '不需要：请求者确认即可',
    approvers: '谁可以批准',
    approversValue: '管理员；按 ID 指定的审批人：{{users}}；审批人组：{{groups}}',
    approversChannel: '审批频道',
    channelSet: '由 {{name}} 于 {{when}} 设置',
    channelNone: '无（请求只发布在提出请求的会话中）',
    intuneMode: 'Intune 检查（INTUNE_CHECK_MODE）',
    modeOff: '关闭',
    modeAdvise: '提示',
    modeEnforce: '强制',
    watch: '关注读取合作伙伴的频率',
    store: '记录保存在',
    storeSqlite: 'SQLite（单个实例）',
    storePostgres: 'PostgreSQL（所有实例共享）',
    storeMemory: '内存（重启后丢失）',
    mayTitle: '它在此租户中可以做什么',
    mayAct:
      '断开和重新连接：使用你自己的登录（委托），Microsoft Graph 权限 DeviceManagementServiceConfig.ReadWrite.All，并且只在确认卡片之后。',
    mayRead:
      '列表和状态：同样使用委托登录（读取需要 DeviceManagementServiceConfig.Read.All 或更高权限）；关注和后台检查使用机器人自己的应用程序权限 DeviceManagementServiceConfig.Read.All 读取，从不做任何更改。',
    mayIntune:
      '除非 Intune 检查已关闭，否则使用 DeviceManagementRBAC.Read.All（委托）读取你的 Intune 角色；每项更改都由 Intune 决定。',
    note: '读取自机器人的配置：没有向 Microsoft Graph 发出任何请求。',
  },
});
