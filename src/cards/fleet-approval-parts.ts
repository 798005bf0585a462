/**
 * What two-person approval adds to the fleet card (core/fleet-approval.ts): while the request waits, its title says
 * it is a request for approval, a line says who may decide, and the buttons are Approve / Reject / Withdraw, shown
 * to EVERYONE: the server decides on each click who may use which (a requester's Approve is a recorded denial, a
 * non-approver's too; a requester's Reject is their Withdraw). Once decided, a line says who decided and when.
 */
import type { FleetRecord } from '../core/fleet-model';
import type { Markdown } from '../i18n/markdown';
import { safe } from '../i18n/translator';
import { fleetAction, VERB_FLEET_CANCEL, VERB_FLEET_CONFIRM, VERB_FLEET_REJECT } from './actions';
import type { RenderContext } from './context';
import { note, text } from './elements';
import { kindStyle } from './kind-texts';
import type { CardAction, TextBlock } from './types';

/** A fleet asked under two-person approval that still waits for its decision. */
export function fleetWaiting(f: FleetRecord): boolean {
  return f.state === 'pending' && f.approval?.status === 'waiting';
}

/** The request's buttons, for everybody (the server decides on each click). */
export function fleetApprovalButtons(f: FleetRecord, ctx: RenderContext): CardAction[] {
  const { t } = ctx;
  return [
    fleetAction(VERB_FLEET_CONFIRM, f.id, t.plain('button.approve'), kindStyle(f.kind)),
    fleetAction(VERB_FLEET_REJECT, f.id, t.plain('button.reject')),
    fleetAction(VERB_FLEET_CANCEL, f.id, t.plain('button.withdraw')),
  ];
}

/** The decision: "Approved by B at T.", "Rejected by ...", "Withdrawn by ...", "Nobody approved it before T (expired)." */
export function fleetDecisionText(f: FleetRecord, ctx: RenderContext): Markdown | undefined {
  const { t } = ctx;
  const a = f.approval;
  if (!a) return undefined;
  const when = safe(ctx.when(a.decidedAt ?? f.completedAt ?? f.updatedAt));
  // Who decided is the fleet's executor; a withdrawal is the requester's.
  const name = safe(ctx.who((a.status === 'withdrawn' ? (f.executor ?? f.requester) : f.executor) ?? f.requester));
  switch (a.status) {
    case 'waiting':
      return f.state === 'expired' ? t('approval.notApproved', { when: safe(ctx.when(f.expiresAt)) }) : undefined;
    case 'approved':
      return t('approval.approvedBy', { name, when });
    case 'rejected':
      return t('approval.rejectedBy', { name, when });
    case 'withdrawn':
      return t('approval.withdrawnBy', { name, when });
    default: {
      const never: never = a.status;
      throw new Error(`cards: no words for approval status ${String(never)}`);
    }
  }
}

/** The lines of a fleet under approval: waiting (who may decide, until when), or the decision. */
export function fleetApprovalLines(f: FleetRecord, ctx: RenderContext): TextBlock[] {
  const { t } = ctx;
  if (fleetWaiting(f))
    return [
      text(t('fleet.approval.waiting'), { weight: 'Bolder' }),
      text(t('fleet.approval.buttons'), { spacing: 'Small' }),
      note(t('approval.expires', { when: safe(ctx.when(f.expiresAt)) })),
    ];
  const decision = fleetDecisionText(f, ctx);
  return decision ? [text(decision, { spacing: 'Small' })] : [];
}
