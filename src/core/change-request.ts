/**
 * `disconnect X` / `reconnect X`: both change the connector, which Intune allows with the permission of the kind's
 * row ("Remote assistance connectors: Update" for both). When Intune's answer shows it missing: in enforce mode no confirmation card (its button
 * would only meet Intune's refusal); in advise mode the confirmation, with the note (Intune decides on the click).
 */
import type { CommandDeps, RequestContext } from './context';
import { kindSpec } from './kinds';
import type { MutatingKind, UserSession } from './model';
import type { Reply } from './replies';

export async function requestChange(
  d: CommandDeps,
  kind: MutatingKind,
  query: string | undefined,
  ctx: RequestContext,
  session: UserSession,
): Promise<Reply> {
  const missing = await d.intune.missing(session, kindSpec(kind).intunePermission);
  if (missing?.enforced)
    return { type: 'changeNotPermitted', kind, ...(query ? { partnerQuery: query } : {}), missing };
  const reply = await d.operations.request(kind, kind, query, session, ctx);
  return missing && reply.type === 'confirm' && !reply.copy ? { ...reply, intuneAdvice: missing } : reply;
}
