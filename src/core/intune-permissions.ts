/**
 * Before the bot offers a button that would change the connector (Disconnect, Reconnect, Approve), it may ask
 * Intune what the user's roles allow (GET /deviceManagement/getEffectivePermissions, through the
 * IntuneRbacGateway). Per user, the answer is kept for INTUNE_PERMISSION_CACHE_SECONDS and concurrent commands
 * share one lookup (SingleFlightCache).
 *
 * This is advice, not the authorization: a click is authorized by the bot and then refused or not by Graph itself,
 * whose 401/403 stays the last word (explained as the missing Intune permission). What the check cannot verify
 * offline (the action's inferred name, `scope='*'`, wildcards, the answer for Entra's Intune Administrator without
 * an Intune role assignment) must never lock a user out, so (resource-actions.ts, readIntuneAnswer):
 * - the verdict is 'missing' only on positive evidence; anything else is 'allowed' or 'unknown';
 * - INTUNE_CHECK_MODE says what a 'missing' does: `off` (never asked; no Graph call), `advise` (the default: the
 *   buttons stay, with a note), `enforce` (the buttons are left out and disconnect / reconnect / Approve refused);
 * - a check that cannot be made (Graph unavailable, the token lacks DeviceManagementRBAC.Read.All, an unreadable
 *   answer) is 'unknown', logged, not kept. Intune's own refusal of the lookup (401 with ErrorCode Forbidden) is
 *   kept as an answer, and it lists nothing: 'unknown' too (an Entra Intune Administrator may get it).
 */
import { describeError, isAppError } from './errors';
import type { Logger } from './logger';
import type { UserSession } from './model';
import type { Clock, IntuneRbacGateway } from './ports';
import type { MissingIntunePermission } from './replies';
import { readIntuneAnswer, type IntuneReading, type IntuneVerdict, type RolePermission } from './resource-actions';
import { SingleFlightCache } from './single-flight-cache';

export type { IntuneVerdict } from './resource-actions';

/** INTUNE_CHECK_MODE (see the module comment). */
export type IntuneCheckMode = 'off' | 'advise' | 'enforce';
export const INTUNE_CHECK_MODES: readonly IntuneCheckMode[] = ['off', 'advise', 'enforce'];

/** What Intune answered for a user about one action (whoami shows it). */
export interface IntuneAnswer extends IntuneReading {
  /** 'listed': Intune answered with a list; 'refused': Intune refused the lookup (401 Forbidden); 'failed': no answer. */
  lookup: 'listed' | 'refused' | 'failed';
}

export interface IntunePermissionOptions {
  gateway: IntuneRbacGateway;
  clock: Clock;
  log: Logger;
  /** How long a user's effective permissions are trusted. */
  cacheSeconds: number;
  /** Whom a user without the permission should ask (ADMIN_CONTACT). */
  adminContact?: string;
  /** INTUNE_CHECK_MODE; default 'advise'. */
  mode?: IntuneCheckMode;
}

interface Lookup {
  refused: boolean;
  permissions: RolePermission[];
}

export class IntunePermissions {
  private readonly cache: SingleFlightCache<Lookup>;
  readonly mode: IntuneCheckMode;

  constructor(private readonly o: IntunePermissionOptions) {
    this.cache = new SingleFlightCache(o.clock, o.cacheSeconds * 1000);
    this.mode = o.mode ?? 'advise';
  }

  /** What Intune answered for the session's user about `action`; undefined in mode `off` (nothing is asked). */
  async answer(session: UserSession, action: string): Promise<IntuneAnswer | undefined> {
    if (this.mode === 'off') return undefined;
    const user = session.actor.aadObjectId;
    let found: Lookup;
    try {
      const key = `${session.actor.tenantId.toLowerCase()}/${user.toLowerCase()}`;
      found = await this.cache.get(key, () => this.lookUp(session));
    } catch (e) {
      this.o.log.warn('intune permission check failed: the buttons are offered, Intune decides on the click', {
        action,
        user,
        error: describeError(e),
      });
      return { verdict: 'unknown', allowed: [], notAllowed: [], lookup: 'failed' };
    }
    const reading = readIntuneAnswer(found.permissions, action);
    if (reading.verdict === 'unknown')
      this.o.log.debug('intune permission check: no evidence either way, the buttons are offered', {
        action,
        user,
        refused: found.refused,
      });
    if (reading.verdict === 'missing')
      this.o.log.debug('intune permission missing', { action, user, mode: this.mode, notAllowed: reading.notAllowed });
    return { ...reading, lookup: found.refused ? 'refused' : 'listed' };
  }

  /** Whether the session's user may do `action` in Intune; 'unknown' when that could not be found out (or mode `off`). */
  async verdict(session: UserSession, action: string): Promise<IntuneVerdict> {
    return (await this.answer(session, action))?.verdict ?? 'unknown';
  }

  /** For a reply: what Intune says is missing, whom to ask, and whether it is enforced; undefined when nothing is. */
  async missing(session: UserSession, action: string): Promise<MissingIntunePermission | undefined> {
    if ((await this.verdict(session, action)) !== 'missing') return undefined;
    return { action, contact: this.o.adminContact, enforced: this.mode === 'enforce' };
  }

  private async lookUp(session: UserSession): Promise<Lookup> {
    try {
      return { refused: false, permissions: await this.o.gateway.effectivePermissions(session) };
    } catch (e) {
      if (isAppError(e) && e.kind === 'graph.forbidden' && e.status === 401) return { refused: true, permissions: [] };
      throw e;
    }
  }
}
