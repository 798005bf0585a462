/**
 * Whose token an SSO assertion is. The assertion is an Entra access token for the bot's own API
 * (api://botid-{BOT_ID}/access_as_user), so the bot is its audience and may read it; its `oid` and `tid` claims
 * name the user and the tenant (learn.microsoft.com/entra/identity-platform/access-token-claims-reference: "oid -
 * the immutable identifier for the requestor", "tid - the tenant that the user is signing in to"). The signature
 * is not checked here: the token came from the Bot Framework token service, and Entra validates it in the
 * on-behalf-of exchange that follows. This only tells whether it is the actor's own.
 */
import type { TokenOwner } from '../core/session-owner';

export function assertionOwner(assertion: string): TokenOwner | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Record<string, unknown>;
    const { oid, tid } = claims;
    return typeof oid === 'string' && typeof tid === 'string' && oid && tid ? { oid, tid } : undefined;
  } catch {
    return undefined;
  }
}
