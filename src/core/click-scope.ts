/**
 * Whose card a click may touch. An operation belongs to its tenant and to the conversation it was asked in:
 * only those people saw the card, and only there is the card updated for everyone. A click that names an
 * operation of another tenant learns nothing about it (the "unknown request" card); a click from another
 * conversation is told so. Both refusals are recorded as denials in the operation's tenant, so its admins see
 * in `history` that somebody tried (the click's own conversation is kept on the record). A request also belongs to
 * every conversation the bot posted a kept copy of its card to (the approvers' channel; a conversation where
 * somebody who may act asked for the same change).
 */
import { deniedRecord } from './access';
import type { ServiceOptions, RequestContext } from './context';
import { describeError } from './errors';
import { isActionRecord, type ActionRecord, type OperationRecord } from './model';
import type { ActionResult } from './replies';

type Deps = Pick<ServiceOptions, 'store' | 'clock' | 'newId' | 'log' | 'authorizer' | 'cards'>;

/** Operation ids are UUIDs (or test ids); anything else never reaches the store. */
const OPERATION_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Teams threads a channel: a conversation id `19:...@thread.tacv2;messageid=<root>` names one reply chain of
 * the channel (learn.microsoft.com, Microsoft.Teams.Apps TeamsBotApplication.ReplyAsync: "Constructs a threaded
 * conversation ID from the conversation ID and message ID"). The channel, whose members saw the card, is what
 * a card belongs to.
 */
export function conversationOfCard(id: string): string {
  const cut = id.indexOf(';messageid=');
  return cut < 0 ? id : id.slice(0, cut);
}

export function sameConversation(a: string, b: string): boolean {
  return conversationOfCard(a) === conversationOfCard(b);
}

/** The clicked operation when this click may touch it; otherwise the answer to the click. */
export async function operationForClick(
  d: Deps,
  id: string,
  ctx: RequestContext,
  /** The record as the caller just read it (service.ts reads it to know its customer): not read a second time. */
  read?: OperationRecord,
): Promise<ActionRecord | ActionResult> {
  const unknown: ActionResult = { reply: { type: 'operationUnknown' }, audience: 'clicker' };
  if (typeof id !== 'string' || !OPERATION_ID.test(id)) return unknown;
  const op = read?.id === id ? read : await d.store.get(id);
  // A recorded denial of a read never had a card.
  if (!op || !isActionRecord(op)) return unknown;
  if (op.tenantId.toLowerCase() !== (ctx.actor.tenantId || '').toLowerCase()) {
    await recordRefusal(d, ctx, op, 'wrongTenant');
    return unknown;
  }
  if (!sameConversation(op.conversationId, ctx.conversation.id) && !(await hasCopyIn(d, op, ctx.conversation.id))) {
    await recordRefusal(d, ctx, op, 'otherConversation');
    return {
      reply: {
        type: 'denied',
        reason: 'otherConversation',
        actor: { id: ctx.actor.aadObjectId, name: ctx.actor.name },
        contact: d.authorizer.policy.adminContact,
      },
      audience: 'clicker',
    };
  }
  return op;
}

/** A denial in the operation's tenant, naming its partner and kind; the click is answered even if this fails. */
async function recordRefusal(
  d: Deps,
  ctx: RequestContext,
  op: ActionRecord,
  reason: 'wrongTenant' | 'otherConversation',
): Promise<void> {
  d.log.warn('click refused', {
    reason,
    operationId: op.id,
    tenantId: ctx.actor.tenantId,
    conversationId: ctx.conversation.id,
    user: ctx.actor.aadObjectId,
  });
  try {
    // Recorded in the operation's own tenant, where its admins look.
    await d.store.insert(
      deniedRecord(d, ctx, {
        reason,
        kind: op.kind,
        partnerId: op.partnerId,
        partnerName: op.partnerName,
        tenantId: op.tenantId,
      }),
    );
  } catch (e) {
    d.log.error('could not record a refused click', { error: describeError(e) });
  }
}

/**
 * The bot posted a copy of this request's card in that conversation: the approvers' channel, or where somebody who
 * may act asked for the same change (open-request-here.ts).
 */
async function hasCopyIn(d: Deps, op: ActionRecord, conversationId: string): Promise<boolean> {
  if (!d.cards) return false;
  try {
    return (await d.cards.cards.all(op.id)).some((card) => sameConversation(card.conversationId, conversationId));
  } catch (e) {
    d.log.warn('could not read where the cards of a request are', { operationId: op.id, error: describeError(e) });
    return false;
  }
}
