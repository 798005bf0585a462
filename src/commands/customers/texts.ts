/** `customers`: its texts (its help entry and its card's), per locale; en-US gives the shape zh-CN must have. */
import { commandTexts } from '../types';

const enUS = {
  usage: 'customers',
  description: 'The customer tenants this bot serves that you may see: consent, GDAP relationship, the partner there.',
  title: 'Customers',
  noneTitle: 'This bot serves no customer tenants',
  noneDetail:
    'No customers are configured (CUSTOMERS or CUSTOMERS_FILE): the bot acts in its own tenant only. ' +
    'docs/msp.md says how an MSP sets up its customers.',
  noneVisible: 'None of the configured customers is one you may read (ask who manages the bot’s customer groups).',
  rowTitle: '{{displayName}} · {{name}}',
  partner: 'Partner',
  partnerState: '{{name}}: {{status}}',
  noPartner: 'n/a (no remote-assistance partner there)',
  notConsented: 'app not consented ({{code}})',
  noAccess: 'no access ({{code}})',
  noAccessEnded: 'no access ({{code}}): relationship ended on {{date}}',
  failed: 'could not read: {{reason}}',
  relationship: 'GDAP relationship',
  relationshipUntil: '{{status}} until {{date}}',
  relationshipEnded: '{{status}} (ended on {{date}})',
  relationshipNoEnd: '{{status}}',
  relationshipNone: 'none listed',
  relationshipNotReadable: 'not readable (DelegatedAdminRelationship.Read.All in the partner tenant)',
  relationshipFailed: 'could not be read: {{reason}}',
  note: 'Each row is what Entra and Graph answered for you just now, with your own sign-in in that customer.',
};

export const TEXTS = commandTexts('customers', enUS, {
  'zh-CN': {
    usage: 'customers 或 客户',
    description: '此机器人服务的、你可以查看的客户租户：同意状态、GDAP 关系、那里的合作伙伴。',
    title: '客户',
    noneTitle: '此机器人不服务任何客户租户',
    noneDetail:
      '未配置客户（CUSTOMERS 或 CUSTOMERS_FILE）：机器人只在自己的租户中操作。docs/msp.md 说明了 MSP 如何设置其客户。',
    noneVisible: '已配置的客户中没有你可以查看的（请联系管理机器人客户组的人）。',
    rowTitle: '{{displayName}} · {{name}}',
    partner: '合作伙伴',
    partnerState: '{{name}}：{{status}}',
    noPartner: '不适用（那里没有远程协助合作伙伴）',
    notConsented: '应用未获同意（{{code}}）',
    noAccess: '无访问权限（{{code}}）',
    noAccessEnded: '无访问权限（{{code}}）：关系已于 {{date}} 结束',
    failed: '无法读取：{{reason}}',
    relationship: 'GDAP 关系',
    relationshipUntil: '{{status}}，至 {{date}}',
    relationshipEnded: '{{status}}（已于 {{date}} 结束）',
    relationshipNoEnd: '{{status}}',
    relationshipNone: '未列出',
    relationshipNotReadable: '不可读取（合作伙伴租户中的 DelegatedAdminRelationship.Read.All）',
    relationshipFailed: '无法读取：{{reason}}',
    note: '每一行都是 Entra 和 Graph 刚刚使用你自己在该客户中的登录所作的回答。',
  },
});
