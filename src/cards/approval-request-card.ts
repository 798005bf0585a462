/**
 * A disconnect or reconnect asked under two-person approval, waiting for another admin or approver: what it
 * would change, who asked and when, until when it can be approved, and the buttons of whoever looks at it.
 *
 *   viewer absent (the card everybody sees) or 'approver': Approve (op.confirm) and Reject (op.reject);
 *   'requester': Withdraw (op.cancel) only;  'onlooker': no buttons.
 *
 * Every such card asks Teams for the requester's own view: `refresh` with the op.view action and the
 * requester's id (Universal Actions "User Specific Views", learn.microsoft.com/microsoftteams/platform/
 * task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views: Teams sends the
 * refresh action, an adaptiveCard/action invoke, for each user listed in `userIds` (their MRIs, at most 60)
 * and shows that user the card the bot answers; everybody else sees this one). The server decides who may
 * click what: the buttons here are a courtesy.
 */
import type { MissingIntunePermission } from '../core/replies';
import { cannotChangeNote } from './intune-permission-parts';
import type { AppError } from '../core/errors';
import type { ActionRecord, ApprovalFacts, Partner } from '../core/model';
import type { ApprovalViewer } from '../core/replies';
import { onboardingStatusText } from '../i18n/domain-texts';
import { md, type Markdown } from '../i18n/markdown';
import { cancelAction, confirmAction, rejectAction, viewAction } from './actions';
import { operationStateLabel } from './approval-parts';
import type { RenderContext } from './context';
import { card, compact, facts, header, note, text, type FactRow } from './elements';
import { errorBlocks, supportNote } from './error-parts';
import { kindStyle, kindTexts } from './kind-texts';
import type { AdaptiveCard, CardAction } from './types';
import { safe } from '../i18n/translator';

/** Teams lists at most this many users in a card's refresh.userIds. */
const MAX_REFRESH_USERS = 60;

export interface ApprovalRequestInput {
  operation: ActionRecord & { approval: ApprovalFacts };
  /** The partner as just read (a new request); absent when the card is drawn from the record alone. */
  partner?: Partner;
  viewer?: ApprovalViewer;
  /** A transient failure of an approval click that put the request back to waiting. */
  error?: AppError;
  /** Intune says the viewer's role cannot make the change: why (with no Approve when enforced: viewer 'onlooker'). */
  cannotApprove?: MissingIntunePermission;
  /** A plain confirmation that became this request when a click found two-person approval required. */
  nowRequired?: boolean;
}

function buttons(op: ActionRecord, viewer: ApprovalViewer | undefined, ctx: RenderContext): CardAction[] {
  const { t } = ctx;
  switch (viewer) {
    case undefined:
    case 'approver':
      return [
        confirmAction(op.id, t.plain('button.approve'), kindStyle(op.kind)),
        rejectAction(op.id, t.plain('button.reject')),
      ];
    case 'requester':
      return [cancelAction(op.id, t.plain('button.withdraw'))];
    case 'onlooker':
      return [];
    default: {
      const never: never = viewer;
      throw new Error(`cards: no buttons for approval viewer ${String(never)}`);
    }
  }
}

function viewerLine(viewer: ApprovalViewer | undefined, ctx: RenderContext): Markdown | undefined {
  if (viewer === 'requester') return ctx.t('approval.youAsked');
  if (viewer === 'onlooker') return ctx.t('approval.onlooker');
  return undefined;
}

function partnerFacts(input: ApprovalRequestInput, ctx: RenderContext): FactRow[] {
  const { t } = ctx;
  const { operation: op, partner } = input;
  if (partner) {
    return [
      [t('fact.partner'), md(partner.displayName || op.partnerName)],
      [t('fact.id'), md(partner.id)],
      [t('fact.status'), onboardingStatusText(t, partner.onboardingStatus)],
      [t('fact.lastConnection'), ctx.when(partner.lastConnectionDateTime)],
      [t('fact.state'), operationStateLabel(op, ctx)],
    ];
  }
  return [
    [t('fact.partner'), op.partnerName || op.partnerId ? md(op.partnerName || op.partnerId) : t('common.noPartner')],
    [t('fact.state'), operationStateLabel(op, ctx)],
  ];
}

export function approvalRequestCard(input: ApprovalRequestInput, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const { operation: op, viewer, error } = input;
  const failure = error ?? op.errorKind;
  const words = kindTexts(t, op.kind);
  const heading = words.approvalTitle(op.partnerName || op.partnerId);
  const c = card(
    compact([
      ...header(heading, undefined, kindStyle(op.kind) === 'destructive' ? 'Attention' : undefined),
      ...errorBlocks(ctx, failure),
      !!failure && text(t('approval.notDone'), { spacing: 'Small' }),
      !!input.nowRequired && text(t('approval.nowRequired'), { weight: 'Bolder', color: 'Warning' }),
      facts(partnerFacts(input, ctx)),
      text(words.effect()),
      text(t('confirm.requestedBy', { name: safe(ctx.who(op.requester)), when: safe(ctx.when(op.createdAt)) }), {
        spacing: 'Medium',
      }),
      text(t('approval.waiting'), { spacing: 'None' }),
      ...[viewerLine(viewer, ctx)].filter((l): l is Markdown => !!l).map((l) => text(l, { weight: 'Bolder' })),
      ...(input.cannotApprove ? cannotChangeNote(input.cannotApprove, ctx) : []),
      note(t('approval.expires', { when: safe(ctx.when(op.expiresAt)) })),
      supportNote(ctx, error?.requestId ?? op.graphRequestId, error?.clientRequestId),
    ]),
    buttons(op, viewer, ctx),
    heading,
  );
  const requester = op.approval.requesterChannelId;
  c.refresh = { action: viewAction(op.id), ...(requester ? { userIds: [requester].slice(0, MAX_REFRESH_USERS) } : {}) };
  return c;
}
