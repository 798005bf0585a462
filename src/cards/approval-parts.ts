/**
 * What two-person approval adds to the operation and history cards: who asked and when, who decided and when
 * (approved, rejected, withdrawn, or nobody before the request ran out), and the words for where a request
 * stands. The switches over ApprovalStatus are exhaustive.
 */
import { needsApproval, outcomeNotKnown, type ApprovalFacts, type OperationRecord } from '../core/model';
import { operationStateText } from '../i18n/domain-texts';
import type { Markdown } from '../i18n/markdown';
import type { RenderContext } from './context';
import { text } from './elements';
import type { TextBlock } from './types';
import { safe } from '../i18n/translator';

type WithApproval<T extends OperationRecord> = T & { approval: ApprovalFacts };

/** A request still waiting for another approver (the approval-request card shows it). */
export function waitingForApproval<T extends OperationRecord>(op: T): op is WithApproval<T> {
  return op.state === 'pending' && needsApproval(op);
}

/** When the request was approved, rejected or withdrawn. */
const decidedAt = (op: WithApproval<OperationRecord>) => op.approval.decidedAt ?? op.completedAt ?? op.updatedAt;

/** Who decided: the record's executor (the approver, or who rejected); a withdrawal is the requester's. */
const decider = (op: WithApproval<OperationRecord>) =>
  op.approval.status === 'withdrawn' ? (op.executor ?? op.requester) : op.executor;

/** The decision, as a sentence: "Approved by B at T2.", "Rejected by ...", "Withdrawn by ...", "Nobody approved it before T (expired)." */
export function decisionText(op: OperationRecord, ctx: RenderContext): Markdown | undefined {
  if (!needsApproval(op)) return undefined;
  const { t } = ctx;
  const status = op.approval.status;
  switch (status) {
    case 'waiting':
      return op.state === 'expired' ? t('approval.notApproved', { when: safe(ctx.when(op.expiresAt)) }) : undefined;
    case 'approved':
      return t('approval.approvedBy', { name: safe(ctx.who(decider(op))), when: safe(ctx.when(decidedAt(op))) });
    case 'rejected':
      return t('approval.rejectedBy', { name: safe(ctx.who(decider(op))), when: safe(ctx.when(decidedAt(op))) });
    case 'withdrawn':
      return t('approval.withdrawnBy', { name: safe(ctx.who(decider(op))), when: safe(ctx.when(decidedAt(op))) });
    default: {
      const never: never = status;
      throw new Error(`cards: no words for approval status ${String(never)}`);
    }
  }
}

/** "Requested by A at T1." and the decision line, for an operation asked under two-person approval; none otherwise. */
export function approvalLines(op: OperationRecord, ctx: RenderContext): TextBlock[] {
  if (!needsApproval(op)) return [];
  const decision = decisionText(op, ctx);
  return [
    text(ctx.t('confirm.requestedBy', { name: safe(ctx.who(op.requester)), when: safe(ctx.when(op.createdAt)) })),
    ...(decision ? [text(decision, { spacing: 'None' })] : []),
  ];
}

/** The history's part for the decision: "approved by B at T2", "rejected by ...", "nobody approved it before T". */
export function historyDecision(op: OperationRecord, ctx: RenderContext): Markdown | undefined {
  if (!needsApproval(op)) return undefined;
  const { t } = ctx;
  const status = op.approval.status;
  switch (status) {
    case 'waiting':
      if (op.state === 'expired') return t('history.notApproved', { when: safe(ctx.when(op.expiresAt)) });
      return op.state === 'pending' ? t('history.waitingUntil', { when: safe(ctx.when(op.expiresAt)) }) : undefined;
    case 'approved':
      return t('history.approvedBy', { name: safe(ctx.who(decider(op))), when: safe(ctx.when(decidedAt(op))) });
    case 'rejected':
      return t('history.rejectedBy', { name: safe(ctx.who(decider(op))), when: safe(ctx.when(decidedAt(op))) });
    case 'withdrawn':
      return t('history.withdrawnBy', { name: safe(ctx.who(decider(op))), when: safe(ctx.when(decidedAt(op))) });
    default: {
      const never: never = status;
      throw new Error(`cards: no words for approval status ${String(never)}`);
    }
  }
}

/**
 * Where an operation stands, in words: its state, except that a request under approval waits "for approval"
 * (not "for confirmation"), a cancelled one was rejected or withdrawn, and an expired one was never approved.
 */
export function operationStateLabel(op: OperationRecord, ctx: RenderContext): Markdown {
  const { t } = ctx;
  if (outcomeNotKnown(op)) return t('outcome.notKnownState');
  if (needsApproval(op)) {
    if (op.state === 'pending') return t('approval.stateWaiting');
    if (op.state === 'expired') return t('approval.stateExpired');
    if (op.state === 'cancelled' && op.approval.status === 'rejected') return t('approval.stateRejected');
    if (op.state === 'cancelled' && op.approval.status === 'withdrawn') return t('approval.stateWithdrawn');
  }
  return operationStateText(t, op.state);
}
