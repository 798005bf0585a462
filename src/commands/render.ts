/**
 * Reply -> Adaptive Card (1.5) in the reader's language: the commands' own replies by the registry's render table,
 * the core's by cards/ (renderCoreReply). bot/ sends the result as an attachment or as the invoke response.
 */
import { renderContext, renderCoreReply, VERB_COMMAND } from '../cards';
import type { AdaptiveCard, CardAction, ReplyView } from '../cards';
import { text } from '../cards/elements';
import { escapeMarkdown } from '../i18n/markdown';
import { customerLine } from './customer/card';
import type { CoreReply, Reply } from '../core/replies';
import { COMMAND_CARDS, HELP_ENTRIES, type CommandReply } from './registry';
import type { CommandRenderContext } from './types';

function isCommandReply(reply: Reply): reply is CommandReply {
  return Object.hasOwn(COMMAND_CARDS, reply.type);
}

export function renderReply(reply: Reply, view: ReplyView): AdaptiveCard {
  return withCustomerLine(renderAny(reply, view), customerOf(reply));
}

function renderAny(reply: Reply, view: ReplyView): AdaptiveCard {
  if (!isCommandReply(reply)) return renderCoreReply(reply satisfies CoreReply, view);
  const ctx: CommandRenderContext = { ...renderContext(view), help: HELP_ENTRIES };
  // The table's entry for reply.type takes exactly this reply (RenderTable); TypeScript cannot pair the two.
  const render = COMMAND_CARDS[reply.type] as (reply: CommandReply, ctx: CommandRenderContext) => AdaptiveCard;
  return render(reply, ctx);
}

/** The customer a reply is about: its own label, else its operation's record (a card updated later, unasked). */
function customerOf(reply: Reply): { name: string; displayName: string } | undefined {
  if (reply.customer) return reply.customer;
  const record = 'operation' in reply ? reply.operation?.customer : undefined;
  return record && { name: record.name, displayName: record.name };
}

/** "Contoso Ltd · @contoso" under the card's title (its first element), so every card says where it acts. */
function withCustomerLine(c: AdaptiveCard, customer: { name: string; displayName: string } | undefined): AdaptiveCard {
  if (!customer || c.body.length === 0) return c;
  const line = text(escapeMarkdown(customerLine(customer)), { isSubtle: true, spacing: 'None', weight: 'Bolder' });
  const body = [c.body[0], line, ...c.body.slice(1)].map((e) =>
    e.type === 'ActionSet' ? { ...e, actions: inCustomer(e.actions, customer) } : e,
  );
  return { ...c, body, ...(c.actions ? { actions: inCustomer(c.actions, customer) } : {}) };
}

/** The card's command buttons run in the card's customer (`target`), whatever the conversation's default is. */
function inCustomer<A extends CardAction>(actions: readonly A[], customer: { name: string }): A[] {
  return actions.map((a) =>
    a.type === 'Action.Execute' && a.verb === VERB_COMMAND && !('target' in a.data && a.data.target)
      ? { ...a, data: { ...a.data, target: customer.name } }
      : a,
  );
}
