/**
 * Who may do what. Deny by default.
 *
 * - The actor's tenant must be one of the allowed tenants, or nothing at all is allowed (not even a read).
 * - Admins (listed by AAD object id, or members of a listed Entra group) may read and change.
 * - Readers (listed the same way) may only read: list and status. `history` is for admins, since it shows
 *   who did what, including denied attempts.
 * - Approvers (two-person approval: admins, and the users and groups listed as approvers) may approve or reject
 *   another person's request. A listed approver who is not an admin may also read (they judge a request by the
 *   partner's state).
 * - `help` is open to everyone: it shows no tenant data.
 *
 * Group membership needs the user's Graph token, so it is resolved only after sign-in, through the
 * DirectoryGateway, and cached per user for a few minutes (not looked up per command); concurrent commands
 * of one user wait for the same lookup instead of each asking Graph.
 */
import type { Actor, UserSession } from './model';
import type { Clock, DirectoryGateway } from './ports';
import { SingleFlightCache } from './single-flight-cache';
import type { Access } from './catalogue';
import { atHome, type Customer, type CustomerDirectory } from './customers';
import type { DenialReason } from './replies';

export type Role = 'admin' | 'reader' | 'none';

export interface AuthorizationPolicy {
  allowedTenantIds: readonly string[];
  adminUserIds: readonly string[];
  adminGroupIds: readonly string[];
  readerUserIds: readonly string[];
  readerGroupIds: readonly string[];
  /** Approvers besides the admins (APPROVER_USER_IDS, APPROVER_GROUP_IDS); empty by default. */
  approverUserIds?: readonly string[];
  approverGroupIds?: readonly string[];
  /** Whom a denied user should ask, shown on the denial card. */
  adminContact?: string;
  /** How long a group-membership answer is trusted. */
  groupCacheSeconds: number;
  /** An MSP's customer tenants and who may read or act on each (core/customers.ts); none by default. */
  customers?: CustomerDirectory;
}

/**
 * What a command or click needs: the reader role (admins have it too), the admin role, or to be an approver
 * (admins are; so are the listed approvers).
 */
export type Need = Exclude<Access, 'everyone'> | 'approver';

export type Decision = { allowed: true; role: Role } | { allowed: false; reason: DenialReason };

const norm = (s: string) => s.trim().toLowerCase();

export class Authorizer {
  private readonly tenants: Set<string>;
  private readonly admins: Set<string>;
  private readonly readers: Set<string>;
  private readonly groups: string[];
  private readonly adminGroups: Set<string>;
  private readonly approvers: Set<string>;
  private readonly approverGroups: Set<string>;
  /** The home tenant's groups (admins, readers, approvers): only these give a role in the bot's own tenant. */
  private readonly homeGroups: Set<string>;
  /** Per user; concurrent commands of one user share one checkMemberGroups. */
  private readonly membership: SingleFlightCache<Set<string>>;

  constructor(
    readonly policy: AuthorizationPolicy,
    private readonly directory: DirectoryGateway,
    clock: Clock,
  ) {
    this.membership = new SingleFlightCache(clock, policy.groupCacheSeconds * 1000);
    this.tenants = new Set(policy.allowedTenantIds.map(norm));
    this.admins = new Set(policy.adminUserIds.map(norm));
    this.readers = new Set(policy.readerUserIds.map(norm));
    this.adminGroups = new Set(policy.adminGroupIds.map(norm));
    this.approvers = new Set((policy.approverUserIds ?? []).map(norm));
    this.approverGroups = new Set((policy.approverGroupIds ?? []).map(norm));
    this.homeGroups = new Set(
      [...policy.adminGroupIds, ...policy.readerGroupIds, ...(policy.approverGroupIds ?? [])].map(norm),
    );
    // One membership question per user covers the customers' groups too (checkMemberGroups takes up to 20 ids).
    const customerGroups = (policy.customers?.customers ?? []).flatMap((c) => [
      ...c.technicianGroupIds,
      ...c.readerGroupIds,
    ]);
    this.groups = [...new Set([...this.homeGroups, ...customerGroups.map(norm)])];
  }

  /** True when group membership may still grant a role, i.e. the check needs the user's token. */
  get usesGroups(): boolean {
    return this.groups.length > 0;
  }

  /**
   * What can be decided without Graph: the tenant, and the users listed by id. `undefined` role means
   * "only a group could allow this user" (decided by `decide` once a session exists).
   */
  precheck(actor: Actor): { allowed: false; reason: DenialReason } | { allowed: true; role?: Role } {
    if (!actor.tenantId || !this.tenants.has(norm(actor.tenantId))) return { allowed: false, reason: 'wrongTenant' };
    const oid = norm(actor.aadObjectId || '');
    if (!oid) return { allowed: false, reason: 'notAllowed' };
    if (this.admins.has(oid)) return { allowed: true, role: 'admin' };
    if (this.usesGroups) return { allowed: true }; // a group may still allow (or raise a reader to admin)
    if (this.readers.has(oid) || this.approvers.has(oid)) return { allowed: true, role: 'reader' };
    return { allowed: false, reason: 'notAllowed' };
  }

  /** Named as an approver by id (admins approve too; group members are known only with a session). */
  isListedApprover(actor: Actor): boolean {
    return this.approvers.has(norm(actor.aadObjectId || ''));
  }

  /** The full decision. `session` is needed only when groups are configured and the id lists did not decide. */
  async decide(actor: Actor, need: Need, session?: UserSession): Promise<Decision> {
    const pre = this.precheck(actor);
    if (!pre.allowed) return pre;
    let role: Role = pre.role ?? 'none';
    let approver = this.isListedApprover(actor);
    if (role !== 'admin' && this.usesGroups && session) {
      const member = new Set([...(await this.memberGroups(session))].filter((g) => this.homeGroups.has(g)));
      if ([...member].some((g) => this.adminGroups.has(g))) role = 'admin';
      else if (role === 'none' && [...member].length > 0) role = 'reader';
      approver ||= [...member].some((g) => this.approverGroups.has(g));
    }
    if (role === 'none' && (this.readers.has(norm(actor.aadObjectId)) || approver)) role = 'reader';
    if (role === 'admin') return { allowed: true, role };
    if (need === 'approver')
      return approver
        ? { allowed: true, role }
        : { allowed: false, reason: role === 'reader' ? 'readOnly' : 'notAllowed' };
    if (role === 'reader') return need === 'reader' ? { allowed: true, role } : { allowed: false, reason: 'readOnly' };
    return { allowed: false, reason: 'notAllowed' };
  }

  /**
   * The decision for one customer tenant (issue 19), deny by default: its technicians' groups may act and approve
   * (`admin`, `approver`), its readers' groups and the technicians may read. Membership is the partner tenant's
   * (asked with the user's own token, whatever customer the session acts in). The home tenant's roles give nothing
   * here; Intune and Entra in the customer still decide with the technician's own token.
   */
  async decideForCustomer(actor: Actor, need: Need, session: UserSession, customer: Customer): Promise<Decision> {
    if (!actor.tenantId || !this.tenants.has(norm(actor.tenantId))) return { allowed: false, reason: 'wrongTenant' };
    if (!norm(actor.aadObjectId || '')) return { allowed: false, reason: 'notAllowed' };
    const member = await this.memberGroups(session);
    const technician = customer.technicianGroupIds.some((g) => member.has(norm(g)));
    if (technician) return { allowed: true, role: 'admin' };
    const reader = customer.readerGroupIds.some((g) => member.has(norm(g)));
    if (reader) return need === 'reader' ? { allowed: true, role: 'reader' } : { allowed: false, reason: 'readOnly' };
    return { allowed: false, reason: 'notAllowed' };
  }

  private memberGroups(session: UserSession): Promise<Set<string>> {
    const key = `${norm(session.actor.tenantId)}/${norm(session.actor.aadObjectId)}`;
    // Always the partner (home) tenant's directory, whatever customer the session acts in.
    return this.membership.get(
      key,
      async () => new Set((await this.directory.memberOf(atHome(session), this.groups)).map(norm)),
    );
  }
}
