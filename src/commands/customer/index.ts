/**
 * `customer [name | none]`: this conversation's default customer, for an MSP's technicians (issue 19, docs/msp.md):
 * commands here then act in it unless they name another with @name (handler.ts, card.ts). Its cards also answer an
 * @target that names nothing usable (core/request-target.ts).
 */
import { defineCommand, type Command } from '../types';
import { conversationCustomerCard, customerTargetCard } from './card';
import { customerCommand } from './handler';
import { TEXTS } from './texts';

export const customer: Command<
  'customer',
  typeof TEXTS,
  { customerTarget: typeof customerTargetCard; conversationCustomer: typeof conversationCustomerCard }
> = defineCommand({
  spec: {
    name: 'customer',
    words: { 'en-US': ['customer'], 'zh-CN': ['客户'] },
    argument: 'optional',
    // The customer's own groups decide (handler.ts): a technician need not be a reader of the home tenant.
    access: 'everyone',
    graph: true,
  },
  texts: TEXTS,
  help: { usage: 'usage', description: 'description' },
  handle: ({ argument, ctx, session }, d) => customerCommand(d, ctx, session, argument),
  cards: { customerTarget: customerTargetCard, conversationCustomer: conversationCustomerCard },
});
