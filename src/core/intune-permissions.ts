/**
 * Before the bot offers a button that would change the connector (Disconnect, Reconnect; Approve later), it
 * asks Intune what the user's roles allow (GET /deviceManagement/getEffectivePermissions, through the
 * IntuneRbacGateway), so that nobody is handed a button Intune would refuse. Per user, the answer is kept for
 * INTUNE_PERMISSION_CACHE_SECONDS and concurrent commands share one lookup (SingleFlightCache).
 *
 * This is a courtesy, not the authorization: a click is still authorized by the bot and then refused or not by
 * Graph itself, whose 401/403 stays the last word. So when the check cannot be made (Graph unavailable, the
 * token lacks DeviceManagementRBAC.Read.All, an unreadable answer) the verdict is 'unknown', it is logged,
 * and the button is offered. Intune's own refusal of the lookup (401 with ErrorCode Forbidden: the user holds
 * no Intune role at all) is an answer: no permissions.
 */
import { describeError, isAppError } from './errors';
import type { Logger } from './logger';
import type { UserSession } from './model';
import type { Clock, IntuneRbacGateway } from './ports';
import type { MissingIntunePermission } from './replies';
import { allowsAction, type RolePermission } from './resource-actions';
import { SingleFlightCache } from './single-flight-cache';

export type IntuneVerdict = 'allowed' | 'missing' | 'unknown';

export interface IntunePermissionOptions {
  gateway: IntuneRbacGateway;
  clock: Clock;
  log: Logger;
  /** How long a user's effective permissions are trusted. */
  cacheSeconds: number;
  /** Whom a user without the permission should ask (ADMIN_CONTACT). */
  adminContact?: string;
}

export class IntunePermissions {
  private readonly cache: SingleFlightCache<RolePermission[]>;

  constructor(private readonly o: IntunePermissionOptions) {
    this.cache = new SingleFlightCache(o.clock, o.cacheSeconds * 1000);
  }

  /** Whether the session's user may do `action` in Intune; 'unknown' when that could not be found out. */
  async verdict(session: UserSession, action: string): Promise<IntuneVerdict> {
    const user = session.actor.aadObjectId;
    let permissions: RolePermission[];
    try {
      const key = `${session.actor.tenantId.toLowerCase()}/${user.toLowerCase()}`;
      permissions = await this.cache.get(key, () => this.lookUp(session));
    } catch (e) {
      this.o.log.warn('intune permission check failed: the buttons are offered, Intune decides on the click', { action, user, error: describeError(e) });
      return 'unknown';
    }
    const allowed = allowsAction(permissions, action);
    if (!allowed) this.o.log.debug('intune permission missing: the button is not offered', { action, user });
    return allowed ? 'allowed' : 'missing';
  }

  /** For a reply: what is missing and whom to ask, or undefined when the button may be offered. */
  async missing(session: UserSession, action: string): Promise<MissingIntunePermission | undefined> {
    return (await this.verdict(session, action)) === 'missing' ? { action, contact: this.o.adminContact } : undefined;
  }

  private async lookUp(session: UserSession): Promise<RolePermission[]> {
    try {
      return await this.o.gateway.effectivePermissions(session);
    } catch (e) {
      if (isAppError(e) && e.kind === 'graph.forbidden' && e.status === 401) return [];
      throw e;
    }
  }
}
