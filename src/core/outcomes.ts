/**
 * Outcomes that are never guessed: what the bot records once Graph has (or may have) acted.
 *
 * - Graph answered (204, or an error): that is the outcome (settledBy 'graph').
 * - The answer was lost (graph.outcomeUnknown: reset or time-out after sending, 502/504): the action is not
 *   sent again. The partner's state is read at once and compared with the read kept with the claim through the
 *   kind's `evidence` (kinds/) (settledBy 'read'): took effect -> succeeded; not applied -> failed with errorKind
 *   graph.outcomeUnknown; cannot tell -> failed with errorKind reconciled.cannotTell ("outcome not known"). If the
 *   read fails too, the record stays `running` with errorKind graph.outcomeUnknown, and the card says the
 *   outcome is not known yet; the next `status` / `disconnect` of the partner (reconcileRunning, audit.ts) or
 *   the sweeper settles it from Graph's state.
 * - The store must not turn Graph's answer into something else: each write is tried a few times, briefly. If
 *   the store stays down, the card still says what Graph did, and the record is left `running`, where the same
 *   reconcile finds it and settles it from Graph's state (for a 204: succeeded, since the partner shows it).
 */
import type { ServiceOptions } from './context';
import { AppError, describeError } from './errors';
import { kindSpec } from './kinds';
import { OUTCOME_NOT_KNOWN, type ActionRecord, type OperationRecord, type SettledBy, type UserSession } from './model';
import type { GraphCallInfo, OperationPatch } from './ports';
import type { ActionResult } from './replies';

export type OutcomeDeps = Pick<ServiceOptions, 'gateway' | 'store' | 'clock' | 'log' | 'storeRetryDelaysMs'>;

/** Pauses between the tries of a store write that follows a Graph call (ServiceOptions.storeRetryDelaysMs). */
export const STORE_RETRY_DELAYS_MS: readonly number[] = [100, 250, 500];

const NOT_WRITTEN = Symbol('not written');

/**
 * A transition that records what Graph did, tried again briefly when the store fails. Resolves to the record,
 * undefined when its state no longer allowed the transition, or NOT_WRITTEN when the store stayed down.
 */
async function persist(
  d: OutcomeDeps,
  op: ActionRecord,
  from: ActionRecord['state'][],
  to: ActionRecord['state'],
  patch: OperationPatch,
): Promise<ActionRecord | undefined | typeof NOT_WRITTEN> {
  const delays = d.storeRetryDelaysMs ?? STORE_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      const done = await d.store.transition(op.id, from, to, patch);
      return done && sameKind(done, op);
    } catch (e) {
      if (attempt >= delays.length) {
        d.log.error(
          "could not record the outcome of a Graph call; the record stays running until it is settled from Graph's state",
          {
            operationId: op.id,
            outcome: to,
            error: describeError(e),
          },
        );
        return NOT_WRITTEN;
      }
      d.log.warn('store write after a Graph call failed; trying again', {
        operationId: op.id,
        attempt: attempt + 1,
        error: describeError(e),
      });
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}

/** Graph did it (a 204, or a read showing it): succeeded for everyone, whatever the store says. */
export async function recordSuccess(
  d: OutcomeDeps,
  op: ActionRecord,
  info: Partial<GraphCallInfo>,
  settledBy: SettledBy,
): Promise<ActionResult> {
  const now = d.clock.now().toISOString();
  // From 'failed' too: while Graph was slow, a status check (here or on another instance) may have taken
  // the call for lost and settled it as not applied. Only reconcile can change a record this call holds,
  // and Graph's 204 is the truth: without this the audit would say "failed" under a "Disconnected" card.
  const patch: OperationPatch = {
    graphRequestId: info.requestId,
    errorKind: null,
    settledBy,
    updatedAt: now,
    completedAt: now,
  };
  const done = await persist(d, op, ['running', 'failed'], 'succeeded', patch);
  d.log.info('operation succeeded', {
    operationId: op.id,
    kind: op.kind,
    partnerId: op.partnerId,
    requestId: info.requestId,
    settledBy,
  });
  const shown =
    done === NOT_WRITTEN || !done
      ? {
          ...op,
          state: 'succeeded' as const,
          graphRequestId: info.requestId ?? op.graphRequestId,
          settledBy,
          completedAt: now,
        }
      : done;
  const { errorKind: _cleared, ...withoutError } = shown; // an earlier throttle or verdict no longer applies
  return { reply: { type: 'operation', operation: withoutError, alreadyDecided: false }, audience: 'everyone' };
}

/** Graph said no: failed for everyone (settledBy graph or read), or, when `retryable`, back to pending for the clicker. */
export async function recordFailure(
  d: OutcomeDeps,
  op: ActionRecord,
  error: AppError,
  how: { retryable: boolean; settledBy: SettledBy },
): Promise<ActionResult> {
  const now = d.clock.now().toISOString();
  if (how.retryable) {
    // Graph did not act: the card stays usable, so the click can be repeated once the cause is gone.
    // A request for approval waits again (for this approver's next click, or another approver's).
    const waiting: OperationPatch = op.approval
      ? { approval: { ...op.approval, status: 'waiting', decidedAt: undefined } }
      : {};
    const back = await persist(d, op, ['running'], 'pending', {
      updatedAt: now,
      graphRequestId: error.requestId,
      errorKind: error.kind,
      ...waiting,
    });
    return {
      reply: { type: 'operation', operation: back && back !== NOT_WRITTEN ? back : op, alreadyDecided: false, error },
      audience: 'clicker',
    };
  }
  const patch: OperationPatch = {
    graphRequestId: error.requestId,
    errorKind: error.kind,
    settledBy: how.settledBy,
    updatedAt: now,
    completedAt: now,
  };
  const failed = await persist(d, op, ['running'], 'failed', patch);
  const shown =
    failed && failed !== NOT_WRITTEN
      ? failed
      : { ...op, state: 'failed' as const, errorKind: error.kind, settledBy: how.settledBy, completedAt: now };
  return { reply: { type: 'operation', operation: shown, alreadyDecided: false, error }, audience: 'everyone' };
}

/** The action's answer was lost: read the partner, never send it again. */
export async function settleUnknownOutcome(
  d: OutcomeDeps,
  op: ActionRecord,
  session: UserSession,
  lost: AppError,
): Promise<ActionResult> {
  d.log.warn('the answer to a Graph action was lost; reading the partner to settle it', {
    operationId: op.id,
    error: describeError(lost),
  });
  let partner;
  try {
    partner = await d.gateway.get(session, op.partnerId);
  } catch (e) {
    d.log.warn('the outcome stays unknown: the partner could not be read either', {
      operationId: op.id,
      error: describeError(e),
    });
    // updatedAt stays the claim's: the call is over, so the record may be settled from Graph's state as soon
    // as a status check (or the sweeper) considers the claim old enough.
    const marked = await persist(d, op, ['running'], 'running', {
      errorKind: lost.kind,
      graphRequestId: lost.requestId,
      updatedAt: op.updatedAt,
    });
    const shown = marked && marked !== NOT_WRITTEN ? marked : { ...op, errorKind: lost.kind };
    return { reply: { type: 'operation', operation: shown, alreadyDecided: false, error: lost }, audience: 'everyone' };
  }
  const evidence = kindSpec(op.kind).evidence(op.before, partner);
  switch (evidence) {
    case 'tookEffect':
      return recordSuccess(d, op, { requestId: lost.requestId, clientRequestId: lost.clientRequestId }, 'read');
    case 'notApplied':
      return recordFailure(d, op, lost, { retryable: false, settledBy: 'read' });
    case 'cannotTell':
      return recordNotKnown(d, op, lost);
    default: {
      const never: never = evidence;
      throw new Error(`outcomes: no record for evidence ${String(never)}`);
    }
  }
}

/** A read that cannot tell what the action did: closed as "outcome not known" (failed, OUTCOME_NOT_KNOWN), for everyone. */
async function recordNotKnown(d: OutcomeDeps, op: ActionRecord, lost: AppError): Promise<ActionResult> {
  const now = d.clock.now().toISOString();
  d.log.warn(
    'the outcome is not known: the partner as read before and after the call does not show what the action did',
    { operationId: op.id, kind: op.kind },
  );
  const patch: OperationPatch = {
    graphRequestId: lost.requestId,
    errorKind: OUTCOME_NOT_KNOWN,
    settledBy: 'read',
    updatedAt: now,
    completedAt: now,
  };
  const closed = await persist(d, op, ['running'], 'failed', patch);
  const shown =
    closed && closed !== NOT_WRITTEN
      ? closed
      : { ...op, state: 'failed' as const, errorKind: OUTCOME_NOT_KNOWN, settledBy: 'read' as const, completedAt: now };
  return { reply: { type: 'operation', operation: shown, alreadyDecided: false }, audience: 'everyone' };
}

/** A record the store gave back for an action's id: the same action (the store never changes a kind). */
export function sameKind(record: OperationRecord, action: ActionRecord): ActionRecord {
  return { ...record, kind: action.kind };
}
