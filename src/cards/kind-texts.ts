/**
 * The words of each operation kind, for the cards: they ask here instead of testing for a kind. The words live in
 * the kind's row (core/kinds/<kind>.ts, every locale) and reach the translator as `kind.<kind>.<word>`; each key
 * below is written `kind.${kind}.<word>` so that the i18n key tests see which words are used.
 */
import { kindSpec, type MutatingKind } from '../core/kinds';
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

export function kindTexts(t: Translate, kind: MutatingKind): KindTexts {
  return {
    confirmTitle: (name) => t(`kind.${kind}.confirmTitle`, { name }),
    approvalTitle: (name) => t(`kind.${kind}.approvalTitle`, { name }),
    effect: () => t(`kind.${kind}.effect`),
    button: () => t.plain(`kind.${kind}.button`),
    running: () => t(`kind.${kind}.running`),
    succeeded: () => t(`kind.${kind}.succeeded`),
    failed: () => t(`kind.${kind}.failed`),
    statusRunning: (vars) => t(`kind.${kind}.statusRunning`, vars),
    nothingToDo: () => t(`kind.${kind}.nothingToDo`),
    notPermitted: () => t(`kind.${kind}.notPermitted`),
  };
}

/** The Adaptive Card action style of a kind's button (from its row). */
export function kindStyle(kind: MutatingKind): 'destructive' | 'positive' {
  return kindSpec(kind).style;
}
