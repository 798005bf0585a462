/**
 * `customers`: the customer tenants this bot serves that the user may read, each with the partner's state there (or
 * why it cannot be reached) and its GDAP relationship (handler.ts, card.ts; docs/msp.md).
 */
import { defineCommand, type Command } from '../types';
import { customersCard } from './card';
import { customersReply } from './handler';
import { TEXTS } from './texts';

export const customers: Command<'customers', typeof TEXTS, { customers: typeof customersCard }> = defineCommand({
  spec: {
    name: 'customers',
    words: { 'en-US': ['customers', 'tenants'], 'zh-CN': ['客户'] },
    argument: 'none',
    // Each customer's own groups decide which rows the user sees (handler.ts): a technician need not be a reader of
    // the home tenant (a user who may read no customer is told so).
    access: 'everyone',
    // Graph on the user's behalf: in each customer, and the GDAP relationships at home.
    graph: true,
    // Teams shows at most 10 menu entries per scope and the 10 are taken: typed, not in the menu.
  },
  texts: TEXTS,
  help: { usage: 'usage', description: 'description' },
  handle: (input, d) => customersReply(d, input),
  cards: { customers: customersCard },
});
