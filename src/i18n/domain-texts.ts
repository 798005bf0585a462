/**
 * The words for the domain's states, in the reader's language. Each function covers every value of its
 * type (the switches are exhaustive) and calls t() with literal keys, so the key tests can see them.
 */
import type { ConversationKind, OnboardingStatus, OperationKind, OperationState } from '../core/model';
import type { DenialReason } from '../core/replies';
import type { Markdown } from './markdown';
import type { Translate } from './translator';

export function onboardingStatusText(t: Translate, status: OnboardingStatus): Markdown {
  switch (status) {
    case 'notOnboarded':
      return t('onboarding.notOnboarded');
    case 'onboarding':
      return t('onboarding.onboarding');
    case 'onboarded':
      return t('onboarding.onboarded');
    default:
      // 'unknownFutureValue', and whatever Graph adds next.
      return t('onboarding.unknownFutureValue');
  }
}

/** The kind's name: a kind that changes the tenant names itself in its row (core/kinds, `kind.<kind>.name`). */
export function operationKindText(t: Translate, kind: OperationKind): Markdown {
  return kind === 'view' ? t('kind.view') : t(`kind.${kind}.name`);
}

export function operationStateText(t: Translate, state: OperationState): Markdown {
  switch (state) {
    case 'pending':
      return t('state.pending');
    case 'running':
      return t('state.running');
    case 'succeeded':
      return t('state.succeeded');
    case 'failed':
      return t('state.failed');
    case 'cancelled':
      return t('state.cancelled');
    case 'expired':
      return t('state.expired');
    case 'denied':
      return t('state.denied');
    default:
      return unreachable(state);
  }
}

/** What the denied person reads: why, and what to do. */
export function denialText(t: Translate, reason: DenialReason, contact?: string): Markdown[] {
  switch (reason) {
    case 'wrongTenant':
      return [t('denial.wrongTenant')];
    case 'notAllowed':
      return [
        t('denial.notAllowed'),
        contact?.trim() ? t('denial.askContact', { contact: contact.trim() }) : t('denial.askAdmin'),
      ];
    case 'readOnly':
      return [t('denial.readOnly')];
    case 'otherConversation':
      return [t('denial.otherConversation')];
    case 'ownRequest':
      return [t('denial.ownRequest'), t('denial.ownRequestTodo')];
    case 'approvalRequired':
      return [t('denial.approvalRequired'), t('denial.approvalRequiredTodo')];
    case 'tokenUserMismatch':
      return [t('denial.tokenUserMismatch'), t('denial.tokenUserMismatchTodo')];
    default:
      return unreachable(reason);
  }
}

/** A short label for a denial (the history's "reason"). */
export function denialLabel(t: Translate, reason: DenialReason): Markdown {
  switch (reason) {
    case 'wrongTenant':
      return t('denial.labelWrongTenant');
    case 'notAllowed':
      return t('denial.labelNotAllowed');
    case 'readOnly':
      return t('denial.labelReadOnly');
    case 'otherConversation':
      return t('denial.labelOtherConversation');
    case 'ownRequest':
      return t('denial.labelOwnRequest');
    case 'approvalRequired':
      return t('denial.labelApprovalRequired');
    case 'tokenUserMismatch':
      return t('denial.labelTokenUserMismatch');
    default:
      return unreachable(reason);
  }
}

/** Where a conversation is: a personal chat, a group chat, a channel. */
export function conversationKindText(t: Translate, kind: ConversationKind): Markdown {
  switch (kind) {
    case 'personal':
      return t('conversation.personal');
    case 'groupChat':
      return t('conversation.groupChat');
    case 'channel':
      return t('conversation.channel');
    default:
      return unreachable(kind);
  }
}

/** The watch's interval, in the unit a person reads it in. */
export function intervalText(t: Translate, seconds: number): Markdown {
  if (seconds % 3600 === 0) return t('watch.everyHours', { n: seconds / 3600 });
  if (seconds % 60 === 0) return t('watch.everyMinutes', { n: seconds / 60 });
  return t('watch.everySeconds', { n: seconds });
}

/** Every DenialReason (a mapped type: a new reason that is missing here does not compile). */
const DENIAL_REASONS: Readonly<Record<DenialReason, true>> = {
  wrongTenant: true,
  notAllowed: true,
  readOnly: true,
  otherConversation: true,
  ownRequest: true,
  approvalRequired: true,
  tokenUserMismatch: true,
};

export function isDenialReason(s: unknown): s is DenialReason {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(DENIAL_REASONS, s);
}

function unreachable(value: never): never {
  throw new Error(`i18n: no text for ${String(value)}`);
}
