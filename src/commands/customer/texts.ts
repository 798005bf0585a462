/** `customer`: its texts (its help entry, its cards', the answers to a target that names nothing), per locale. */
import { commandTexts } from '../types';

const enUS = {
  usage: 'customer [name | none]',
  description: "Shows, sets or clears this conversation's default customer (an MSP's customer tenant).",
  shownTitle: "This conversation's customer",
  shown: 'Commands here act in {{customer}} unless they name another with @name.',
  noneShown: 'Commands here act in your own tenant. Type customer <name> to act in a customer by default.',
  setTitle: 'Customer set',
  set: 'Commands here now act in {{customer}}. Type customer none to go back to your own tenant.',
  clearedTitle: 'Customer cleared',
  cleared: 'Commands here act in your own tenant again.',
  noCustomersTitle: 'This bot serves no customer tenants',
  noCustomers:
    'You typed @{{typed}}, but no customer tenant is configured (CUSTOMERS). Commands act in your own tenant.',
  unknownTitle: 'No customer called @{{typed}}',
  unknown: 'Name one of the customers below after @, for example status TeamViewer @{{example}}.',
  oneCustomerTitle: 'One customer at a time',
  oneCustomer: '@{{typed}} names several customers; this command takes one. Name one of the customers below.',
  noneReadable: 'You may not read any customer: ask to be added to a technicians or readers group of one.',
  customers: 'Customers you may read',
};

export const TEXTS = commandTexts('customer', enUS, {
  'zh-CN': {
    usage: 'customer [名称 | none] 或 客户 [名称 | none]',
    description: '查看、设置或清除此会话的默认客户（MSP 的客户租户）。',
    shownTitle: '此会话的客户',
    shown: '除非用 @名称 指定其他客户，此处的命令都在 {{customer}} 中执行。',
    noneShown: '此处的命令在你自己的租户中执行。输入 客户 <名称> 可默认在某个客户中执行。',
    setTitle: '已设置客户',
    set: '此处的命令现在在 {{customer}} 中执行。输入 客户 none 可回到你自己的租户。',
    clearedTitle: '已清除客户',
    cleared: '此处的命令重新在你自己的租户中执行。',
    noCustomersTitle: '此机器人不服务任何客户租户',
    noCustomers: '你输入了 @{{typed}}，但没有配置客户租户（CUSTOMERS）。命令在你自己的租户中执行。',
    unknownTitle: '没有名为 @{{typed}} 的客户',
    unknown: '请在 @ 后写下面的某个客户，例如 状态 TeamViewer @{{example}}。',
    oneCustomerTitle: '一次一个客户',
    oneCustomer: '@{{typed}} 指的是多个客户；此命令只接受一个。请指定下面的某个客户。',
    noneReadable: '你无权查看任何客户：请让管理员把你加入某个客户的技术人员或读者组。',
    customers: '你可以查看的客户',
  },
});
