/**
 * `customer`'s cards: the conversation's default customer (shown, set, cleared), and the answer to an @target that
 * names nothing usable here (no customers configured, an unknown name, several customers for a one-customer command).
 */
import { escapeMarkdown } from '../../i18n/markdown';
import type { RenderContext } from '../../cards/context';
import { card, compact, header, note, text } from '../../cards/elements';
import type { AdaptiveCard } from '../../cards/types';
import { TEXTS } from './texts';

/** A customer as cards name it: "Contoso Ltd · @contoso". */
export interface CustomerLabel {
  name: string;
  displayName: string;
}

export function customerLine(c: CustomerLabel): string {
  return c.displayName === c.name ? `@${c.name}` : `${c.displayName} · @${c.name}`;
}

/** An @target that names nothing this command can act in; `customers`: the ones the user may read. */
export interface CustomerTargetReply {
  type: 'customerTarget';
  problem: 'noCustomers' | 'unknown' | 'oneCustomer';
  typed: string;
  customers: CustomerLabel[];
}

/** The conversation's default customer: shown (none when absent), just set, or just cleared. */
export interface ConversationCustomerReply {
  type: 'conversationCustomer';
  change: 'shown' | 'set' | 'cleared';
  customer?: CustomerLabel;
}

export function customerTargetCard(reply: CustomerTargetReply, ctx: RenderContext): AdaptiveCard {
  const tx = TEXTS.in(ctx);
  const typed = reply.typed.slice(0, 60);
  if (reply.problem === 'noCustomers') {
    return card([...header(tx('noCustomersTitle')), text(tx('noCustomers', { typed }))], [], tx('noCustomersTitle'));
  }
  const title = reply.problem === 'unknown' ? tx('unknownTitle', { typed }) : tx('oneCustomerTitle');
  const example = reply.customers[0]?.name ?? 'contoso';
  const why = reply.problem === 'unknown' ? tx('unknown', { example }) : tx('oneCustomer', { typed });
  return card(
    compact([
      ...header(title),
      text(why),
      reply.customers.length > 0 && text(tx('customers'), { weight: 'Bolder' }),
      ...reply.customers.slice(0, 30).map((c) => text(escapeMarkdown(customerLine(c)), { spacing: 'None' })),
      reply.customers.length === 0 && note(tx('noneReadable')),
    ]),
    [],
    title,
  );
}

export function conversationCustomerCard(reply: ConversationCustomerReply, ctx: RenderContext): AdaptiveCard {
  const tx = TEXTS.in(ctx);
  const customer = reply.customer ? customerLine(reply.customer) : '';
  const [title, body] =
    reply.change === 'set'
      ? [tx('setTitle'), tx('set', { customer })]
      : reply.change === 'cleared'
        ? [tx('clearedTitle'), tx('cleared')]
        : [tx('shownTitle'), reply.customer ? tx('shown', { customer }) : tx('noneShown')];
  return card([...header(title, reply.customer ? escapeMarkdown(customer) : undefined), text(body)], [], title);
}
