/**
 * Reply -> Adaptive Card (1.5) in the reader's language: the commands' own replies by the registry's render table,
 * the core's by cards/ (renderCoreReply). bot/ sends the result as an attachment or as the invoke response.
 */
import { renderContext, renderCoreReply, type AdaptiveCard, type ReplyView } from '../cards';
import type { CoreReply, Reply } from '../core/replies';
import { COMMAND_CARDS, HELP_ENTRIES, type CommandReply } from './registry';
import type { CommandRenderContext } from './types';

function isCommandReply(reply: Reply): reply is CommandReply {
  return Object.hasOwn(COMMAND_CARDS, reply.type);
}

export function renderReply(reply: Reply, view: ReplyView): AdaptiveCard {
  if (!isCommandReply(reply)) return renderCoreReply(reply satisfies CoreReply, view);
  const ctx: CommandRenderContext = { ...renderContext(view), help: HELP_ENTRIES };
  // The table's entry for reply.type takes exactly this reply (RenderTable); TypeScript cannot pair the two.
  const render = COMMAND_CARDS[reply.type] as (reply: CommandReply, ctx: CommandRenderContext) => AdaptiveCard;
  return render(reply, ctx);
}
