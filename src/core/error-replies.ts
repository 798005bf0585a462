/**
 * Failures as the user sees them: an AppError becomes an error Reply (with "try again" and, for missing
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
]);

export function errorReply(d: Pick<ServiceOptions, 'log' | 'consentUrl'>, e: unknown, ctx: RequestContext, retry?: CommandRef): Reply {
  if (!isAppError(e)) throw e;
  d.log.warn('command failed', { error: describeError(e), user: ctx.actor.aadObjectId });
  const consentUrl = e.kind === 'auth.consentRequired' ? d.consentUrl?.(ctx.actor.tenantId) : undefined;
  return { type: 'error', error: e, retry, consentUrl };
}
