/**
 * The authorization step of every use case: ask the Authorizer, and record and answer a denial. A denial is
 * answered even when the store cannot keep it (the log line is the record of last resort).
 */
import type { Need } from './authorization';
import type { RequestContext, ServiceOptions } from './context';
import { customerRef } from './customers';
import { AppError, describeError } from './errors';
import type { Actor, OperationKind, OperationRecord } from './model';
import type { DenialReason, Reply } from './replies';
import { ownsSession } from './session-owner';

export type AccessDeps = Pick<ServiceOptions, 'authorizer' | 'store' | 'clock' | 'newId' | 'log' | 'tokenOwner'>;

/** Undefined when allowed; otherwise the recorded denial. Throws auth.signInRequired without a session. */
export async function authorize(
  d: AccessDeps,
  ctx: RequestContext,
  need: Need,
  kind: OperationKind,
  partnerId = '',
  partnerName = partnerId,
): Promise<Reply | undefined> {
  const pre = d.authorizer.precheck(ctx.actor);
  if (!pre.allowed) return recordDenial(d, ctx, pre.reason, kind, partnerId, partnerName);
  if (!ctx.session) throw new AppError('auth.signInRequired', 'no user assertion for a command that needs Graph');
  // Before the first Graph call (the group lookup is one): the token must be the actor's own.
  if (!ownsSession(d.tokenOwner, ctx.session))
    return recordDenial(d, ctx, 'tokenUserMismatch', kind, partnerId, partnerName);
  // In a customer (issue 19): that customer's groups decide, never the home tenant's roles.
  const decision = ctx.customer
    ? await d.authorizer.decideForCustomer(ctx.actor, need, ctx.session, ctx.customer)
    : await d.authorizer.decide(ctx.actor, need, ctx.session);
  if (!decision.allowed) return recordDenial(d, ctx, decision.reason, kind, partnerId, partnerName);
  return undefined;
}

/**
 * A command open to everyone that still calls Graph (`customer`, `customers`: each customer's own groups decide in
 * its handler, issue 19): no role at home is needed, but the user must be this tenant's, signed in, with their own
 * token. Undefined when so; otherwise the recorded denial. Throws auth.signInRequired without a session.
 */
export async function authorizeSignedIn(
  d: AccessDeps,
  ctx: RequestContext,
  kind: OperationKind,
): Promise<Reply | undefined> {
  const pre = d.authorizer.precheck(ctx.actor);
  if (!pre.allowed && pre.reason === 'wrongTenant') return recordDenial(d, ctx, pre.reason, kind, '', '');
  if (!(ctx.actor.aadObjectId ?? '').trim()) return recordDenial(d, ctx, 'notAllowed', kind, '', '');
  if (!ctx.session) throw new AppError('auth.signInRequired', 'no user assertion for a command that needs Graph');
  if (!ownsSession(d.tokenOwner, ctx.session)) return recordDenial(d, ctx, 'tokenUserMismatch', kind, '', '');
  return undefined;
}

/** The audit record of a refusal: who tried what, where, and why (`authz.<reason>`), decided now. */
export function deniedRecord(
  d: Pick<AccessDeps, 'clock' | 'newId'>,
  ctx: RequestContext,
  o: { reason: string; kind: OperationKind; partnerId: string; partnerName: string; tenantId: string },
): OperationRecord {
  const now = d.clock.now().toISOString();
  const who = { id: ctx.actor.aadObjectId, name: ctx.actor.name };
  return {
    id: d.newId(),
    kind: o.kind,
    partnerId: o.partnerId,
    partnerName: o.partnerName,
    tenantId: o.tenantId,
    conversationId: ctx.conversation.id,
    requester: who,
    executor: who,
    state: 'denied',
    errorKind: `authz.${o.reason}`,
    createdAt: now,
    updatedAt: now,
    expiresAt: now,
    completedAt: now,
    ...(ctx.customer ? { customer: customerRef(ctx.customer) } : {}),
  };
}

export async function recordDenial(
  d: AccessDeps,
  ctx: RequestContext,
  reason: DenialReason,
  kind: OperationKind,
  partnerId: string,
  partnerName: string,
): Promise<Reply> {
  const record = d.store.insert(
    deniedRecord(d, ctx, { reason, kind, partnerId, partnerName, tenantId: ctx.actor.tenantId }),
  );
  d.log.warn('denied', { reason, kind, partnerId, tenantId: ctx.actor.tenantId, user: ctx.actor.aadObjectId });
  await record.catch((e: unknown) => d.log.error('could not record a denial', { error: describeError(e) }));
  return denial(d, ctx.actor, reason);
}

export function denial(d: Pick<AccessDeps, 'authorizer'>, actor: Actor, reason: DenialReason): Reply {
  return {
    type: 'denied',
    reason,
    actor: { id: actor.aadObjectId, name: actor.name },
    contact: d.authorizer.policy.adminContact,
  };
}
