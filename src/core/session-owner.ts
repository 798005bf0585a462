/**
 * The user whose token acts is the user who was checked and is recorded (design.md, "Edges, decided").
 *
 * The host hands the core an actor (from the activity: aadObjectId, tenant) and, separately, a session whose
 * assertion it got from the Bot Framework token service - which keys tokens on the channel's user id (`from.id`),
 * not on the AAD object id the policy and the audit read. Where activities are not authenticated (local mode, or
 * INBOUND_AUTH off) the two can name different people. So before any Graph call the core compares the user of the
 * token (its `oid` and `tid` claims, read by the identity room) with the actor; a mismatch is a recorded denial.
 */
import type { UserSession } from './model';

/** The user a token was issued to: Entra's `oid` (object id) and `tid` (tenant id) claims. */
export interface TokenOwner {
  oid: string;
  tid: string;
}

/** Reads whose token an assertion is; undefined when it cannot tell (then the session is not used). */
export type TokenOwnerReader = (assertion: string) => TokenOwner | undefined;

const same = (a: string | undefined, b: string | undefined) =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/** True when the session's token belongs to the session's actor (same object id, same tenant). */
export function ownsSession(ownerOf: TokenOwnerReader, session: UserSession): boolean {
  const owner = ownerOf(session.assertion);
  return !!owner && same(owner.oid, session.actor.aadObjectId) && same(owner.tid, session.actor.tenantId);
}
