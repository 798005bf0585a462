/**
 * Failures as the user sees them: an AppError becomes an error Reply (with "try again" where it can help and, for missing
 * consent, the admin-consent link). Anything else is a bug and is rethrown for the bot's safety net.
 */
import type { RequestContext, ServiceOptions } from './context';
import { describeError, isAppError, type ErrorKind } from './errors';
import type { CommandRef, Reply } from './replies';

/** Errors after which the action did not happen and may be tried again from the same card. */
export const RETRYABLE: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'graph.throttled',
  'graph.unavailable',
  'graph.network',
  'auth.signInRequired',
  'auth.consentRequired',
  'auth.interactionRequired',
  'auth.tokenEndpointUnreachable',
  'auth.customerNotConsented',
]);

/**
 * Whether asking again can help (a "Try again" button): not where the same answer would come back - not permitted
 * in Intune (403), the partner is gone (404), a list longer than the bot reads, a bad partner id. No dead ends either
 * way: those cards say what to do instead. Wider than RETRYABLE, which is about the same card being clicked again;
 * e.g. an `internal` failure (the bot's database) or a change Intune did not apply may be asked for anew.
 * Exhaustive: a new kind must say.
 */
const TRY_AGAIN: { readonly [K in ErrorKind]: boolean } = {
  'graph.badRequest': true,
  'graph.unauthorized': true,
  'graph.forbidden': false,
  'graph.notFound': false,
  'graph.conflict': true,
  'graph.throttled': true,
  'graph.unavailable': true,
  'graph.incompleteList': false,
  'graph.network': true,
  'graph.outcomeUnknown': true,
  'graph.unexpected': true,
  'auth.signInRequired': true,
  'auth.consentRequired': true,
  'auth.interactionRequired': true,
  'auth.tokenEndpointUnreachable': true,
  'auth.failed': true,
  'auth.customerNotConsented': true,
  'auth.customerNoAccess': false,
  'input.invalidPartnerId': false,
  internal: true,
};

/** For an error kind, or a failure recorded on an operation (`reconciled.notApplied`: Intune did not apply it). */
export function mayTryAgain(kind: string | undefined): boolean {
  if (kind === 'reconciled.notApplied') return true;
  return kind !== undefined && Object.hasOwn(TRY_AGAIN, kind) && TRY_AGAIN[kind as ErrorKind];
}

export function errorReply(
  d: Pick<ServiceOptions, 'log' | 'consentUrl'>,
  e: unknown,
  ctx: RequestContext,
  retry?: CommandRef,
): Reply {
  if (!isAppError(e)) throw e;
  d.log.warn('command failed', { error: describeError(e), user: ctx.actor.aadObjectId });
  // The tenant whose admin must consent: the customer's when the request acted in one (issue 19), else home.
  const consent = e.kind === 'auth.consentRequired' || e.kind === 'auth.customerNotConsented';
  const consentUrl = consent ? d.consentUrl?.(ctx.customer?.tenantId ?? ctx.actor.tenantId) : undefined;
  return { type: 'error', error: e, retry: mayTryAgain(e.kind) ? retry : undefined, consentUrl };
}
