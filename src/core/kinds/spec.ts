/**
 * What an operation kind is: one row (a file in this folder, listed in index.ts). The row says what the kind does in
 * Graph and to the partner, what Intune must allow, what settles a lost answer, whether the partner cards offer it,
 * and its words in every locale. Nothing else in the code tests for a kind.
 */
import type { OnboardingStatus, Partner, PartnerBefore } from '../model';

/** What a read of the partner says about an action whose answer is missing. */
export type Evidence = 'tookEffect' | 'notApplied' | 'cannotTell';
export const EVIDENCE: readonly Evidence[] = ['tookEffect', 'notApplied', 'cannotTell'];

/** The partner as read after the call. */
export type PartnerAfter = Pick<Partner, 'onboardingStatus' | 'onboardingRequestExpiryDateTime'>;

/**
 * A kind's words in one locale. `{{name}}` is the partner's name in the titles, `{{name}}` and `{{when}}` who
 * started a running operation and when (statusRunning). The i18n resources hold them as `kind.<kind>.<word>`.
 */
export interface KindWords {
  /** The kind in the history and on the operation cards ("Action"), e.g. "Disconnect". */
  readonly name: string;
  /** The confirm button, and the partner cards' button that asks for this kind. */
  readonly button: string;
  /** The confirmation card's title, e.g. "Disconnect {{name}}?" (also its fallbackText). */
  readonly confirmTitle: string;
  /** The title of a request waiting for approval (two-person approval). */
  readonly approvalTitle: string;
  /** What the change does, on the confirmation card. */
  readonly effect: string;
  readonly running: string;
  readonly succeeded: string;
  readonly failed: string;
  /** On the status card while an operation of this kind runs ({{name}}, {{when}}). */
  readonly statusRunning: string;
  /** On the status card when the partner is already where this kind would take it. */
  readonly nothingToDo: string;
  /** The title of the answer to somebody whose Intune role does not allow this kind. */
  readonly notPermitted: string;
}

/** Every locale's words (the bot's locales: i18n/locales SUPPORTED_LOCALES). A missing locale does not compile. */
export interface KindTexts {
  readonly 'en-US': KindWords;
  readonly 'zh-CN': KindWords;
}

/** What an operation kind does in Graph and to the partner. `A`: its Graph action's name. */
export interface OperationKindSpec<A extends string = string> {
  /** The Graph action on the partner: POST .../remoteAssistancePartners/{id}/{graphAction}, answered 204. */
  graphAction: A;
  /**
   * The Intune resource action the user's role must allow (resource-actions.ts): checked before the buttons are
   * offered and on the click (intune-permissions.ts; Graph's own 401/403 stays the last word).
   */
  intunePermission: string;
  /** The onboardingStatus the partner has right after the action succeeded. */
  resultingStatus: OnboardingStatus;
  /** Nothing to do for this partner (e.g. already where the action would take it): nothing to ask. */
  alreadyThere(status: OnboardingStatus): boolean;
  /**
   * The evidence of THIS action: the partner as read before the call (kept with the claim; undefined on a record
   * claimed before migration 0008) compared with a read after it, when Graph's own answer is missing (a lost
   * answer, a crash). `cannotTell` when the two reads do not show whether the action did anything.
   */
  evidence(before: PartnerBefore | undefined, after: PartnerAfter): Evidence;
  /**
   * Whether the partner cards (list, status) offer its button, and in what order: a card shows the button of the
   * first kind, by `order`, that would change something for the partner (not `alreadyThere`). `false`: only the
   * command asks for it.
   */
  partnerButton: { order: number } | false;
  /** How its button looks (Adaptive Card action style). */
  style: 'destructive' | 'positive';
  /** Its words, per locale. */
  texts: KindTexts;
}

/** A row, with its Graph action's name kept as a literal (GraphAction is the union of the rows' actions). */
export function operationKind<const A extends string>(row: OperationKindSpec<A>): OperationKindSpec<A> {
  return row;
}
