/**
 * `whoami`: who the bot thinks you are (the activity and the static lists), whether you are signed in, and what
 * Intune answered for you about "Remote assistance connectors: Update" (the actions it listed and the verdict), so
 * that a first deployment can see what the real tenant says (issue 16).
 *
 * whoami starts no sign-in (the catalogue says graph: false, and it is for everyone, also who may not use the
 * bot). Intune is asked only with a token the user already holds (asked silently of the token service, as a card's
 * refresh does), only for a user the static check lets use the bot, and never in INTUNE_CHECK_MODE=off. Otherwise the
 * card says why Intune was not asked.
 */
import type { RequestContext, ServiceOptions } from '../../core/context';
import { describeError } from '../../core/errors';
import type { UserSession } from '../../core/model';
import type { Reply } from '../../core/replies';
import { REMOTE_ASSISTANCE_UPDATE } from '../../core/resource-actions';
import { ownsSession } from '../../core/session-owner';
import type { WhoamiIntune } from './card';

type Deps = Pick<ServiceOptions, 'authorizer' | 'intune' | 'log' | 'tokenOwner'>;

export async function whoamiReply(d: Deps, ctx: RequestContext): Promise<Reply> {
  const pre = d.authorizer.precheck(ctx.actor);
  const role = !pre.allowed ? 'none' : (pre.role ?? 'byGroup');
  let held: UserSession | undefined;
  let signedIn: boolean | undefined;
  try {
    held = ctx.session ?? (await ctx.heldSession?.());
    signedIn = ctx.session || ctx.heldSession ? Boolean(held) : undefined;
  } catch (e) {
    d.log.warn('whoami: could not ask the token service', { error: describeError(e) });
  }
  const intune: WhoamiIntune = { mode: d.intune.mode };
  // Only the user's own token (session-owner.ts): a token held under this channel id for somebody else is not used.
  if (held && pre.allowed && ownsSession(d.tokenOwner, held)) {
    const answer = await d.intune.answer(held, REMOTE_ASSISTANCE_UPDATE);
    if (answer) intune.answer = answer;
  }
  return {
    type: 'whoami',
    actor: ctx.actor,
    conversation: ctx.conversation.kind,
    tenantAllowed: pre.allowed || pre.reason !== 'wrongTenant',
    role,
    signedIn,
    intune,
  };
}
