/**
 * An operation that reached a state: the card that replaces the confirmation for everyone (or answers a
 * stale click). One section per state; `alreadyDecided` says that somebody else got there first.
 */
import { commandFor } from '../core/catalogue';
import { kindSpec } from '../core/kinds';
import { needsApproval, type ActionRecord } from '../core/model';
import { mayTryAgain } from '../core/error-replies';
import type { Reply } from '../core/replies';
import {
  denialText,
  isDenialReason,
  onboardingStatusText,
  operationKindText,
  operationStateText,
} from '../i18n/domain-texts';
import { md, type Markdown } from '../i18n/markdown';
import { commandAction } from './actions';
import { approvalLines, waitingForApproval } from './approval-parts';
import { approvalRequestCard } from './approval-request-card';
import { pendingParts, requestLines } from './confirm-card';
import type { RenderContext } from './context';
import { kindTexts, type KindTexts } from './kind-texts';
import { card, compact, facts, header, text, type FactRow } from './elements';
import { errorBlocks, supportNote } from './error-parts';
import { outcomeNotKnown, outcomeUnknown, settledNote } from './settled-note';
import type { AdaptiveCard, CardAction, CardElement, ExecuteAction } from './types';
import { safe } from '../i18n/translator';

type OperationReply = Extract<Reply, { type: 'operation' }>;

function retryButton(op: ActionRecord, ctx: RenderContext): ExecuteAction {
  return commandAction(ctx.t.plain('button.tryAgain'), { command: commandFor(op.kind), partner: op.partnerId });
}

function statusButton(op: ActionRecord, ctx: RenderContext): ExecuteAction | undefined {
  return op.partnerId
    ? commandAction(ctx.t.plain('button.status'), { command: 'status', partner: op.partnerId })
    : undefined;
}

function partnerRow(op: ActionRecord, ctx: RenderContext): FactRow {
  return [
    ctx.t('fact.partner'),
    op.partnerName || op.partnerId ? md(op.partnerName || op.partnerId) : ctx.t('common.noPartner'),
  ];
}

/** Who asked and when; left out under two-person approval, where approvalLines say it with the decision. */
function requestedRow(op: ActionRecord, ctx: RenderContext): FactRow {
  return [
    ctx.t('fact.requestedBy'),
    needsApproval(op) ? undefined : ctx.line([ctx.who(op.requester), ctx.when(op.createdAt)]),
  ];
}

/** The moment the operation was decided. */
const decidedAt = (op: ActionRecord) => op.completedAt ?? op.updatedAt;

interface Section {
  title: Markdown;
  color?: 'Good' | 'Attention' | 'Warning';
  body: (CardElement | undefined | false)[];
  actions: (CardAction | undefined)[];
  fallback: Markdown;
}

/** What every state's section reads: the reply, and what is said of the operation in most of them. */
interface Parts {
  reply: OperationReply;
  op: ActionRecord;
  ctx: RenderContext;
  /** Who acted (or asked, when nobody acted yet), for the card. */
  executor: Markdown;
  words: KindTexts;
  /** How a settled outcome became known, when it is worth saying. */
  settled: Markdown | undefined;
}

/** Back to pending after a transient failure (throttled, sign-in...): nothing happened, click again. */
function pendingSection({ reply, op, ctx }: Parts): Section {
  const { t } = ctx;
  const error = reply.error ?? op.errorKind;
  const p = pendingParts(op, ctx);
  return {
    title: p.title,
    body: [
      ...errorBlocks(ctx, error),
      !!error && text(t('operation.notDone'), { spacing: 'Small' }),
      facts([partnerRow(op, ctx), [t('fact.state'), operationStateText(t, 'pending')]]),
      text(p.effect),
      ...requestLines(op, ctx),
    ],
    actions: p.actions,
    fallback: p.fallback,
  };
}

function runningSection({ reply, op, ctx, executor, words }: Parts): Section {
  const { t } = ctx;
  if (outcomeUnknown(op)) {
    // The call is over without an answer, and the partner could not be read: nobody knows yet.
    return {
      title: t('outcome.unknownTitle'),
      color: 'Warning',
      body: [
        ...errorBlocks(ctx, reply.error ?? op.errorKind),
        text(t('outcome.unknown')),
        ...approvalLines(op, ctx),
        facts([
          partnerRow(op, ctx),
          [t('fact.action'), operationKindText(t, op.kind)],
          [t('fact.by'), executor],
          requestedRow(op, ctx),
        ]),
      ],
      actions: [statusButton(op, ctx)],
      fallback: t('outcome.unknownTitle'),
    };
  }
  return {
    title: words.running(),
    color: 'Warning',
    body: [
      ...approvalLines(op, ctx),
      text(t('operation.runningBy', { name: safe(executor) })),
      reply.alreadyDecided &&
        text(t('operation.alreadyRunning', { name: safe(executor), when: safe(ctx.when(op.updatedAt)) })),
      facts([partnerRow(op, ctx), requestedRow(op, ctx)]),
    ],
    actions: [statusButton(op, ctx)],
    fallback: words.running(),
  };
}

function succeededSection({ reply, op, ctx, executor, words, settled }: Parts): Section {
  const { t } = ctx;
  const alreadyDone = t('operation.alreadyDone', { name: safe(executor), when: safe(ctx.when(decidedAt(op))) });
  return {
    title: words.succeeded(),
    color: 'Good',
    body: [
      reply.alreadyDecided && text(alreadyDone, { color: 'Warning' }),
      settled && text(settled),
      ...approvalLines(op, ctx),
      facts([
        partnerRow(op, ctx),
        [t('fact.newState'), onboardingStatusText(t, kindSpec(op.kind).resultingStatus)],
        [t('fact.by'), executor],
        [t('fact.when'), ctx.when(decidedAt(op))],
        requestedRow(op, ctx),
      ]),
    ],
    actions: [
      statusButton(op, ctx),
      commandAction(t.plain('button.history'), { command: 'history', partner: op.partnerId }),
    ],
    fallback: words.succeeded(),
  };
}

function failedSection({ reply, op, ctx, executor, words, settled }: Parts): Section {
  const { t } = ctx;
  const error = reply.error;
  if (outcomeNotKnown(op)) return notKnown(reply, ctx);
  return {
    title: words.failed(),
    color: 'Attention',
    body: [
      ...errorBlocks(ctx, error ?? op.errorKind),
      settled && text(settled),
      reply.alreadyDecided && text(t('operation.alreadyFailed', { when: safe(ctx.when(decidedAt(op))) })),
      ...approvalLines(op, ctx),
      facts([
        partnerRow(op, ctx),
        [t('fact.by'), executor],
        [t('fact.when'), ctx.when(decidedAt(op))],
        requestedRow(op, ctx),
      ]),
    ],
    // Try again only where it can help: not after "not permitted" (403) or "gone" (404).
    actions: [mayTryAgain(error?.kind ?? op.errorKind) ? retryButton(op, ctx) : undefined, statusButton(op, ctx)],
    fallback: words.failed(),
  };
}

function cancelledSection({ reply, op, ctx, executor }: Parts): Section {
  const { t } = ctx;
  if (needsApproval(op)) return closedRequest(reply, ctx);
  const alreadyCancelled = t('operation.alreadyCancelled', {
    name: safe(executor),
    when: safe(ctx.when(decidedAt(op))),
  });
  return {
    title: t('operation.cancelledTitle'),
    body: [
      text(t('operation.cancelledBy', { name: safe(executor) })),
      reply.alreadyDecided && text(alreadyCancelled),
      facts([partnerRow(op, ctx), [t('fact.action'), operationKindText(t, op.kind)], requestedRow(op, ctx)]),
    ],
    actions: [statusButton(op, ctx)],
    fallback: t('operation.cancelledTitle'),
  };
}

function expiredSection({ reply, op, ctx }: Parts): Section {
  const { t } = ctx;
  if (needsApproval(op)) return closedRequest(reply, ctx);
  return {
    title: t('operation.expiredTitle'),
    body: [
      text(t('operation.expired')),
      facts([partnerRow(op, ctx), [t('fact.action'), operationKindText(t, op.kind)], requestedRow(op, ctx)]),
    ],
    actions: [retryButton(op, ctx)],
    fallback: t('operation.expired'),
  };
}

function deniedSection({ reply, op, ctx, executor }: Parts): Section {
  const { t } = ctx;
  const reason = op.errorKind?.startsWith('authz.') ? op.errorKind.slice('authz.'.length) : undefined;
  return {
    title: t('operation.deniedTitle'),
    color: 'Attention',
    body: [
      text(t('operation.deniedBy', { name: safe(executor) })),
      ...(isDenialReason(reason)
        ? denialText(t, reason).map((s) => text(s))
        : errorBlocks(ctx, reply.error ?? op.errorKind)),
      reply.alreadyDecided && text(t('operation.alreadyDenied')),
      facts([partnerRow(op, ctx), [t('fact.action'), operationKindText(t, op.kind)]]),
    ],
    actions: [],
    fallback: t('operation.deniedTitle'),
  };
}

/** One section per state (the table is exhaustive: a new state does not compile without its section). */
const SECTIONS: { readonly [S in ActionRecord['state']]: (parts: Parts) => Section } = {
  pending: pendingSection,
  running: runningSection,
  succeeded: succeededSection,
  failed: failedSection,
  cancelled: cancelledSection,
  expired: expiredSection,
  denied: deniedSection,
};

function section(reply: OperationReply, ctx: RenderContext): Section {
  const op = reply.operation;
  const executor = ctx.who(op.executor ?? op.requester);
  const parts: Parts = { reply, op, ctx, executor, words: kindTexts(ctx.t, op.kind), settled: settledNote(ctx.t, op) };
  const render = Object.hasOwn(SECTIONS, op.state) ? SECTIONS[op.state] : undefined;
  if (!render) throw new Error(`cards: no card for operation state ${String(op.state)}`);
  return render(parts);
}

/**
 * Closed without a known outcome (OUTCOME_NOT_KNOWN): Graph's answer is missing and the partner as read before and
 * after the call does not show what the action did. Neither "done" nor "failed": what to check, where.
 */
function notKnown(reply: OperationReply, ctx: RenderContext): Section {
  const { t } = ctx;
  const op = reply.operation;
  return {
    title: t('outcome.notKnownTitle'),
    color: 'Warning',
    body: [
      reply.alreadyDecided && text(t('operation.alreadyFailed', { when: safe(ctx.when(decidedAt(op))) })),
      text(t('outcome.notKnown')),
      ...approvalLines(op, ctx),
      facts([
        partnerRow(op, ctx),
        [t('fact.action'), operationKindText(t, op.kind)],
        [t('fact.by'), ctx.who(op.executor ?? op.requester)],
        [t('fact.when'), ctx.when(decidedAt(op))],
        requestedRow(op, ctx),
      ]),
    ],
    actions: [statusButton(op, ctx)],
    fallback: t('outcome.notKnownTitle'),
  };
}

/**
 * A request under two-person approval that closed without running: rejected or withdrawn (state cancelled),
 * or expired with nobody approving it. Nothing was changed; the title says which.
 */
function closedRequest(reply: OperationReply, ctx: RenderContext): Section {
  const { t } = ctx;
  const { operation: op, alreadyDecided } = reply;
  const status = op.approval?.status;
  const title =
    op.state === 'expired'
      ? t('approval.expiredTitle')
      : status === 'withdrawn'
        ? t('approval.withdrawnTitle')
        : status === 'rejected'
          ? t('approval.rejectedTitle')
          : t('operation.cancelledTitle');
  return {
    title,
    body: [
      ...approvalLines(op, ctx),
      text(t('approval.nothingChanged'), { spacing: 'Small' }),
      op.state === 'expired' && text(t('approval.askAgain')),
      alreadyDecided && text(t('approval.alreadyClosed'), { color: 'Warning' }),
      facts([partnerRow(op, ctx), [t('fact.action'), operationKindText(t, op.kind)]]),
    ],
    actions: op.state === 'expired' ? [retryButton(op, ctx)] : [statusButton(op, ctx)],
    fallback: title,
  };
}

export function operationCard(reply: OperationReply, ctx: RenderContext): AdaptiveCard {
  const op = reply.operation;
  // Still waiting for another approver (also after a transient failure of an Approve click).
  if (waitingForApproval(op))
    return approvalRequestCard(
      {
        operation: op,
        viewer: reply.viewer,
        error: reply.error,
        cannotApprove: reply.cannotApprove,
        nowRequired: reply.approvalNowRequired,
      },
      ctx,
    );
  const s = section(reply, ctx);
  return card(
    compact([
      ...header(s.title, undefined, s.color),
      ...s.body,
      supportNote(ctx, reply.error?.requestId ?? op.graphRequestId, reply.error?.clientRequestId),
    ]),
    s.actions,
    s.fallback,
  );
}
