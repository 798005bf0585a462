/**
 * No dead ends: whoever may act on an open request can reach it from where they are. A second `disconnect X`
 * (or `reconnect X`) while the partner's request is open answers, instead of a second card:
 *
 * - asked in another conversation, by somebody the click would accept (an admin for a plain confirmation; under
 *   two-person approval any admin, whose view the card's refresh decides): the open request itself, HERE, with its
 *   buttons. The host posts it and keeps it as a copy (`operation_card_copies`), so a click from here is in scope
 *   (click-scope.ts) and the decision replaces every card (approval-decisions.ts updateOtherCards). The earlier
 *   cards of a plain confirmation say where it continued and keep their buttons: either card may be clicked, and
 *   the store's conditional pending -> running transition makes the first click the only one that acts.
 * - otherwise (its card is in this conversation, it is already running, the asker may not act, or cards are not
 *   kept): its state, "already waiting" / "in progress", with no button that would be refused.
 */
import type { RequestContext, ServiceOptions } from './context';
import { sameConversation } from './click-scope';
import { describeError } from './errors';
import type { ActionRecord, Partner } from './model';
import type { Reply } from './replies';

type Deps = Pick<ServiceOptions, 'authorizer' | 'cards' | 'clock' | 'log'>;

/** The answer to a request for a partner whose operation `open` is still open. */
export async function openRequestReply(
  d: Deps,
  open: ActionRecord,
  ctx: RequestContext,
  partner: Partner,
): Promise<Reply> {
  d.log.info('operation already open', { operationId: open.id, state: open.state, by: ctx.actor.aadObjectId });
  const here = sameConversation(open.conversationId, ctx.conversation.id);
  if (open.state !== 'pending' || here || !d.cards) return { type: 'operationOpen', operation: open, here };
  // Under approval the shared card offers Approve / Reject and its refresh gives each viewer their own buttons.
  if (open.approval) return { type: 'confirm', operation: open, partner, copy: true };
  if (!(await mayConfirm(d, ctx))) return { type: 'operationOpen', operation: open, here };
  await tellEarlierCards(d, open, partner, ctx);
  d.log.info('open request shown again in another conversation', {
    operationId: open.id,
    by: ctx.actor.aadObjectId,
    conversationKind: ctx.conversation.kind,
  });
  return { type: 'confirm', operation: open, partner, copy: true };
}

/** The check a click on Disconnect / Cancel of somebody else's confirmation makes: admin access. Never records. */
async function mayConfirm(d: Deps, ctx: RequestContext): Promise<boolean> {
  try {
    return (await d.authorizer.decide(ctx.actor, 'admin', ctx.session)).allowed;
  } catch (e) {
    d.log.warn('could not tell whether the asker may act on the open request', { error: describeError(e) });
    return false;
  }
}

/**
 * The request's cards elsewhere (its own, and copies shown in other conversations) say where it continued, with
 * their buttons. Never throws: the request is shown here whatever happens to the other cards.
 */
async function tellEarlierCards(d: Deps, op: ActionRecord, partner: Partner, ctx: RequestContext): Promise<void> {
  const u = d.cards;
  if (!u) return;
  let cards;
  try {
    cards = await u.cards.all(op.id);
  } catch (e) {
    d.log.warn('could not read where the cards of an operation are', { operationId: op.id, error: describeError(e) });
    return;
  }
  const continued = {
    by: { id: ctx.actor.aadObjectId, name: ctx.actor.name },
    at: d.clock.now().toISOString(),
    where: ctx.conversation.kind,
  };
  for (const card of cards.filter((c) => !sameConversation(c.conversationId, ctx.conversation.id))) {
    try {
      await u.publisher.update(card, { type: 'confirm', operation: op, partner, continued });
    } catch (e) {
      d.log.warn('could not tell an earlier card where its request continued', {
        operationId: op.id,
        error: describeError(e),
      });
    }
  }
}
