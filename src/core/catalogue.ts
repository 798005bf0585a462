/**
 * The catalogue of operation kinds: what each one does. What each command is and does lives in its folder,
 * src/commands/<name>/, listed by the registry src/commands/index.ts (see CONTRIBUTING.md).
 *
 * Adding an operation kind: a member of MutatingKind (model.ts), a row in OPERATION_KINDS, the Graph call in
 * the gateway, and its texts (kind.<kind>.*). See CONTRIBUTING.md.
 */
import type { CommandName } from '../commands';
import { isSetDateTime, type MutatingKind, type OnboardingStatus, type Partner, type PartnerBefore } from './model';

/** Who may run a command. `reader` includes admins. */
export type Access = 'everyone' | 'reader' | 'admin';

/**
 * The command names, from the registry of commands (src/commands/index.ts, where each command's row is). A type
 * only: core never loads src/commands/ (the registry is handed to the service), so no module cycle.
 */
export type { CommandName } from '../commands';

/** What an operation kind does in Graph and to the partner. */
export interface OperationKindSpec {
  /** The Graph action on the partner: POST .../remoteAssistancePartners/{id}/{graphAction}. */
  graphAction: 'disconnect' | 'beginOnboarding';
  /** The onboardingStatus the partner has right after the action succeeded. */
  resultingStatus: OnboardingStatus;
  /** The partner is already where the action would take it: nothing to ask. */
  alreadyThere(status: OnboardingStatus): boolean;
  /**
   * The evidence of THIS action: the partner as read before the call (kept with the claim; undefined on a record
   * claimed before migration 0008) compared with a read after it, when Graph's own answer is missing (a lost
   * answer, a crash). `cannotTell` when the two reads do not show whether the action did anything.
   */
  evidence(before: PartnerBefore | undefined, after: PartnerAfter): Evidence;
  /** How its button looks (Adaptive Card action style). */
  style: 'destructive' | 'positive';
}

/** What a read of the partner says about an action whose answer is missing. */
export type Evidence = 'tookEffect' | 'notApplied' | 'cannotTell';
export const EVIDENCE: readonly Evidence[] = ['tookEffect', 'notApplied', 'cannotTell'];

/** The partner as read after the call. */
export type PartnerAfter = Pick<Partner, 'onboardingStatus' | 'onboardingRequestExpiryDateTime'>;

/** True when `after` carries an onboarding request that runs out later than the one before (or there was none). */
function laterRequest(before: PartnerBefore, after: PartnerAfter): boolean {
  const next = after.onboardingRequestExpiryDateTime;
  if (!isSetDateTime(next)) return false;
  const prev = before.onboardingRequestExpiryDateTime;
  return !isSetDateTime(prev) || Date.parse(next) > Date.parse(prev);
}

function sameRequest(before: PartnerBefore, after: PartnerAfter): boolean {
  const [prev, next] = [before.onboardingRequestExpiryDateTime, after.onboardingRequestExpiryDateTime];
  if (!isSetDateTime(prev) || !isSetDateTime(next)) return isSetDateTime(prev) === isSetDateTime(next);
  return Date.parse(prev) === Date.parse(next);
}

/**
 * disconnect: it leaves the partner notOnboarded. Anything else afterwards: not applied. notOnboarded afterwards
 * is this action's doing only if the partner was not notOnboarded right before; when it already was, or nobody
 * read it before (an older record), the read cannot tell.
 */
function disconnectEvidence(before: PartnerBefore | undefined, after: PartnerAfter): Evidence {
  if (after.onboardingStatus !== 'notOnboarded') return 'notApplied';
  return before && before.onboardingStatus !== 'notOnboarded' ? 'tookEffect' : 'cannotTell';
}

/**
 * reconnect (beginOnboarding): it starts an onboarding request. Evidence: the status moved from notOnboarded to
 * onboarding / onboarded, or a request that runs out later than the one before (a renewed request: see the
 * simulator's note in graph-partners.ts, since Microsoft does not document it). notOnboarded afterwards: not
 * applied. The same status and the same expiry as before: not applied. Anything else (onboarding -> onboarded
 * meanwhile: the partner's admin finished it; no read before) cannot tell.
 */
function reconnectEvidence(before: PartnerBefore | undefined, after: PartnerAfter): Evidence {
  if (after.onboardingStatus === 'notOnboarded') return 'notApplied';
  if (!before) return 'cannotTell';
  const started = after.onboardingStatus === 'onboarding' || after.onboardingStatus === 'onboarded';
  if (before.onboardingStatus === 'notOnboarded' && started) return 'tookEffect';
  if (after.onboardingStatus === 'onboarding' && laterRequest(before, after)) return 'tookEffect';
  if (after.onboardingStatus === before.onboardingStatus && sameRequest(before, after)) return 'notApplied';
  return 'cannotTell';
}

/** Every mutating kind has a row (the mapped type makes a missing one a compile error). */
export const OPERATION_KINDS: { readonly [K in MutatingKind]: OperationKindSpec } = {
  disconnect: {
    graphAction: 'disconnect',
    resultingStatus: 'notOnboarded',
    alreadyThere: (s) => s === 'notOnboarded',
    evidence: disconnectEvidence,
    style: 'destructive',
  },
  reconnect: {
    graphAction: 'beginOnboarding',
    resultingStatus: 'onboarding',
    alreadyThere: (s) => s === 'onboarded',
    evidence: reconnectEvidence,
    style: 'positive',
  },
};

/** The command that asks for an operation of this kind (for a card's "try again"). */
export function commandFor(kind: MutatingKind): CommandName {
  // The registry names each kind's command after the kind (src/commands/index.ts refuses another at compile time).
  return kind;
}
