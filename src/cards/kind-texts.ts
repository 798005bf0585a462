/**
 * The words of each operation kind, in one table: the cards ask it instead of testing for a kind, so a new
 * kind is a row here (the mapped type makes a missing one a compile error) and its texts in i18n/locales.
 * Every key stays a literal argument of t or t.plain, so the i18n key tests see it.
 */
import { OPERATION_KINDS } from '../core/catalogue';
import type { MutatingKind } from '../core/model';
import type { Markdown } from '../i18n/markdown';
import type { Translate } from '../i18n/translator';

type Vars = { name: string; when: string };

export interface KindTexts {
  /** The confirmation card's title, e.g. "Disconnect {{name}}?" (also its fallbackText). */
  confirmTitle(name: string): Markdown;
  /** The title of a request waiting for approval (two-person approval), e.g. "Approval needed: disconnect {{name}}". */
  approvalTitle(name: string): Markdown;
  /** What the change does, on the confirmation card. */
  effect(): Markdown;
  /** The confirm button, and the partner cards' button that asks for this kind. */
  button(): string;
  running(): Markdown;
  succeeded(): Markdown;
  failed(): Markdown;
  /** On the status card while an operation of this kind runs. */
  statusRunning(vars: Vars): Markdown;
  /** On the status card when the partner is already where this kind would take it. */
  nothingToDo(): Markdown;
  /** The title of the answer to somebody whose Intune role does not allow this kind. */
  notPermitted(): Markdown;
}

const TEXTS: { readonly [K in MutatingKind]: (t: Translate) => KindTexts } = {
  disconnect: (t) => ({
    confirmTitle: (name) => t('confirm.titleDisconnect', { name }),
    approvalTitle: (name) => t('approval.titleDisconnect', { name }),
    effect: () => t('confirm.effectDisconnect'),
    button: () => t.plain('button.disconnect'),
    running: () => t('operation.runningDisconnect'),
    succeeded: () => t('operation.succeededDisconnect'),
    failed: () => t('operation.failedDisconnect'),
    statusRunning: (vars) => t('status.runningDisconnect', vars),
    nothingToDo: () => t('status.alreadyDisconnected'),
    notPermitted: () => t('intune.titleDisconnect'),
  }),
  reconnect: (t) => ({
    confirmTitle: (name) => t('confirm.titleReconnect', { name }),
    approvalTitle: (name) => t('approval.titleReconnect', { name }),
    effect: () => t('confirm.effectReconnect'),
    button: () => t.plain('button.reconnect'),
    running: () => t('operation.runningReconnect'),
    succeeded: () => t('operation.succeededReconnect'),
    failed: () => t('operation.failedReconnect'),
    statusRunning: (vars) => t('status.runningReconnect', vars),
    nothingToDo: () => t('status.alreadyOnboarded'),
    notPermitted: () => t('intune.titleReconnect'),
  }),
};

export function kindTexts(t: Translate, kind: MutatingKind): KindTexts {
  return TEXTS[kind](t);
}

/** The Adaptive Card action style of a kind's button (from the catalogue). */
export function kindStyle(kind: MutatingKind): 'destructive' | 'positive' {
  return OPERATION_KINDS[kind].style;
}
