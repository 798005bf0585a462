/**
 * The operation kinds: what changes the tenant, asked for with a confirmation card and done by one Graph action on
 * the click. One row a kind (a file in this folder); this table lists them, and the kinds, their Graph actions and
 * their words are derived from it. Adding a kind: its row file and its line here (CONTRIBUTING.md).
 */
import { disconnect } from './disconnect';
import { reconnect } from './reconnect';
import type { KindTexts, KindWords, OperationKindSpec } from './spec';

export const OPERATION_KINDS = {
  disconnect,
  reconnect,
} as const satisfies { readonly [kind: string]: OperationKindSpec };

/** The kinds that change the tenant: the keys of OPERATION_KINDS. */
export type MutatingKind = keyof typeof OPERATION_KINDS;

/** The Graph actions the kinds call on a partner (POST .../remoteAssistancePartners/{id}/{action}). */
export type GraphAction = (typeof OPERATION_KINDS)[MutatingKind]['graphAction'];

/** Every kind, in the table's order. */
export const MUTATING_KINDS = Object.keys(OPERATION_KINDS) as readonly MutatingKind[];

export function kindSpec(kind: MutatingKind): OperationKindSpec<GraphAction> {
  return OPERATION_KINDS[kind];
}

/** Whether a string names a kind (its own key only: `toString` is no kind). */
export function isMutatingKind(s: unknown): s is MutatingKind {
  return typeof s === 'string' && Object.hasOwn(OPERATION_KINDS, s);
}

/** The kinds whose buttons the partner cards may offer, in their order (OperationKindSpec.partnerButton). */
export function partnerButtonKinds(): MutatingKind[] {
  const order = (k: MutatingKind) => {
    const button = kindSpec(k).partnerButton;
    return button ? button.order : Infinity;
  };
  return MUTATING_KINDS.filter((k) => kindSpec(k).partnerButton !== false).sort((a, b) => order(a) - order(b));
}

/** Every kind's words in one locale, keyed by kind: the i18n resources' `kind.<kind>.*` texts. */
export function kindWords(locale: keyof KindTexts): { readonly [K in MutatingKind]: KindWords } {
  return Object.fromEntries(MUTATING_KINDS.map((k) => [k, kindSpec(k).texts[locale]])) as {
    [K in MutatingKind]: KindWords;
  };
}

export {
  EVIDENCE,
  operationKind,
  type Evidence,
  type KindTexts,
  type KindWords,
  type OperationKindSpec,
  type PartnerAfter,
} from './spec';
