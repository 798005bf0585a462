/**
 * Type tests (compiled by `npm test`'s tsc, never run): what the compiler refuses for an operation kind. Each
 * `@ts-expect-error` line fails the build if it stops being an error.
 */
import { operationKind, type KindTexts, type KindWords, type MutatingKind, type OperationKindSpec } from '../../src/core/kinds';
import type { GraphAction } from '../../src/core/ports';
import { REMOTE_ASSISTANCE_UPDATE } from '../../src/core/resource-actions';

const words: KindWords = {
  name: 'Refresh',
  button: 'Refresh',
  confirmTitle: 'Refresh {{name}}?',
  approvalTitle: 'Approval needed: refresh {{name}}',
  effect: 'Refreshing asks the connector again.',
  running: 'Refresh in progress',
  succeeded: 'Refreshed',
  failed: 'Refresh failed',
  statusRunning: 'A refresh is in progress (started by {{name}} at {{when}}).',
  nothingToDo: 'Nothing to refresh.',
  notPermitted: 'Your Intune role cannot refresh partners',
};

const complete = {
  graphAction: 'refresh',
  intunePermission: REMOTE_ASSISTANCE_UPDATE,
  resultingStatus: 'onboarded',
  alreadyThere: () => false,
  evidence: () => 'cannotTell',
  partnerButton: false,
  style: 'positive',
  texts: { 'en-US': words, 'zh-CN': words },
} satisfies OperationKindSpec<'refresh'>;

// A complete row compiles, and keeps its Graph action as a literal.
export const row: OperationKindSpec<'refresh'> = operationKind(complete);

// A row without its evidence (what settles a lost answer) does not compile.
const { evidence: _evidence, ...withoutEvidence } = complete;
// @ts-expect-error: property 'evidence' is missing
export const noEvidence = operationKind(withoutEvidence);

// A kind without its texts in a locale (here zh-CN) does not compile.
// @ts-expect-error: property 'zh-CN' is missing
export const noChinese = operationKind({ ...complete, texts: { 'en-US': words } });

// A locale with a word missing does not compile either.
const { notPermitted: _notPermitted, ...someWords } = words;
// @ts-expect-error: property 'notPermitted' is missing
export const missingWord: KindTexts = { 'en-US': words, 'zh-CN': someWords };

// The kinds are the table's keys, and the gateway's actions the rows' Graph actions: nothing else.
export const kinds: MutatingKind[] = ['disconnect', 'reconnect'];
// @ts-expect-error: not a row of OPERATION_KINDS
export const notAKind: MutatingKind = 'noSuchKind';
export const actions: GraphAction[] = ['disconnect', 'beginOnboarding'];
// @ts-expect-error: no kind calls this action
export const notAnAction: GraphAction = 'noSuchAction';
