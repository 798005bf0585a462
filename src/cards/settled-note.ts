/**
 * How a decided operation's outcome became known, when it was not Graph's own answer: a read of the partner's
 * state (after a lost answer, or an interrupted call) or the background sweeper. The switch is exhaustive.
 */
import type { ActionRecord } from '../core/model';

/** A closed operation whose outcome nobody can tell (core/model OUTCOME_NOT_KNOWN): "outcome not known". */
export { outcomeNotKnown } from '../core/model';
import type { Markdown } from '../i18n/markdown';
import type { Translate } from '../i18n/translator';

export function settledNote(t: Translate, op: ActionRecord): Markdown | undefined {
  if (op.state !== 'succeeded' && op.state !== 'failed') return undefined;
  const applied = op.state === 'succeeded';
  const by = op.settledBy;
  switch (by) {
    case undefined:
    case 'graph':
      return undefined;
    case 'read':
      return applied ? t('outcome.readApplied') : t('outcome.readNotApplied');
    case 'sweeper':
      return applied ? t('outcome.sweeperApplied') : t('outcome.sweeperNotApplied');
    default: {
      const never: never = by;
      throw new Error(`cards: no words for an outcome settled by ${String(never)}`);
    }
  }
}

/** An operation still running whose call is over without an answer: nobody can tell yet what Intune did. */
export function outcomeUnknown(op: ActionRecord): boolean {
  return op.state === 'running' && op.errorKind === 'graph.outcomeUnknown';
}
