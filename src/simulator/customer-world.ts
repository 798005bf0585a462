/**
 * The customer tenants' mutable state (customers.ts): each customer's partners, the app's consent there and a
 * throttle, and the partner tenant's GDAP relationships. `reset()` returns to the seed. Changes made by a person
 * or a test (`change`): revoke or grant the app's consent, expire or re-activate the relationship, throttle the
 * tenant's Graph (429 with Retry-After, for `count` requests or until lifted).
 */
import type { Partner } from '../core/model';
import { INTUNE_FULL_ACCESS_ROLES, type SimAppConsent, type SimCustomer, type SimRelationship } from './customers';
import { HttpError } from './http';
import { fullConsent } from './seed-customers';

export interface SimThrottle {
  retryAfterSeconds: number;
  /** Requests still answered 429; undefined: until lifted. */
  remaining?: number;
}

export interface CustomerState {
  customer: SimCustomer;
  partners: Map<string, Partner>;
  throttle?: SimThrottle;
}

/** A change to one customer (control endpoint POST /_sim/customers, `npm run sim -- customer ...`, tests). */
export interface CustomerChange {
  /** The customer's short name, tenant id or domain. */
  customer: string;
  /** false: the app's consent is revoked (its service principal is gone); true: consented again (everything). */
  consent?: boolean;
  /** 'expired': the relationship ended; 'active': renewed from now (730 days). */
  relationship?: 'expired' | 'active';
  /** Throttle the tenant's Graph (false: lift it). */
  throttle?: { retryAfterSeconds?: number; count?: number } | false;
}

/** A customer as the control endpoint and `npm run sim -- state` show it. */
export interface CustomerSnapshot {
  name: string;
  displayName: string;
  tenantId: string;
  consented: boolean;
  relationship: { id: string; status: string; endDateTime: string | null } | null;
  throttle: SimThrottle | null;
  partners: Partner[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function copyRelationship(r: SimRelationship): SimRelationship {
  return {
    ...r,
    roleDefinitionIds: [...r.roleDefinitionIds],
    accessAssignments: r.accessAssignments.map((a) => ({ ...a, roleDefinitionIds: [...a.roleDefinitionIds] })),
  };
}

export class CustomerWorld {
  private readonly byTenant = new Map<string, CustomerState>();
  relationships: SimRelationship[] = [];

  constructor(
    private readonly seedCustomers: SimCustomer[],
    private readonly seedRelationships: SimRelationship[],
  ) {
    this.reset();
  }

  reset(): void {
    this.byTenant.clear();
    for (const c of this.seedCustomers) {
      const customer: SimCustomer = { ...c, partners: [], ...(c.consent ? { consent: copyConsent(c.consent) } : {}) };
      this.byTenant.set(c.tenantId.toLowerCase(), {
        customer,
        partners: new Map(c.partners.map((p) => [p.id.toLowerCase(), { ...p }])),
      });
    }
    this.relationships = this.seedRelationships.map(copyRelationship);
  }

  list(): CustomerState[] {
    return [...this.byTenant.values()];
  }

  /** By tenant id, domain or short name (case ignored). */
  find(ref: string | undefined): CustomerState | undefined {
    if (!ref) return undefined;
    const key = ref.toLowerCase();
    return (
      this.byTenant.get(key) ??
      this.list().find((s) => s.customer.domain.toLowerCase() === key || s.customer.name.toLowerCase() === key)
    );
  }

  /** The relationship in force for the customer: an active one if any, else the latest. */
  relationshipOf(tenantId: string): SimRelationship | undefined {
    const all = this.relationships.filter((r) => r.customerTenantId.toLowerCase() === tenantId.toLowerCase());
    return all.find((r) => isActive(r)) ?? all[all.length - 1];
  }

  /** The Entra roles the partner-tenant user (by their groups) holds in the customer through active relationships. */
  gdapRoles(groups: readonly string[], tenantId: string, now = Date.now()): string[] {
    const member = new Set(groups.map((g) => g.toLowerCase()));
    const roles = new Set<string>();
    for (const r of this.relationships) {
      if (r.customerTenantId.toLowerCase() !== tenantId.toLowerCase() || !isActive(r, now)) continue;
      for (const a of r.accessAssignments) {
        if (!member.has(a.securityGroupId.toLowerCase())) continue;
        for (const role of a.roleDefinitionIds) if (r.roleDefinitionIds.includes(role)) roles.add(role);
      }
    }
    return [...roles];
  }

  /** Whether these roles make Intune treat the user as an Intune Administrator there. */
  static intuneFullAccess(roles: readonly string[]): boolean {
    return roles.some((r) => INTUNE_FULL_ACCESS_ROLES.includes(r));
  }

  /** Takes one throttled answer for the tenant: the Retry-After to send, or undefined when not throttled. */
  takeThrottle(state: CustomerState): number | undefined {
    const t = state.throttle;
    if (!t) return undefined;
    if (t.remaining !== undefined) {
      t.remaining -= 1;
      if (t.remaining <= 0) state.throttle = undefined;
    }
    return t.retryAfterSeconds;
  }

  change(change: CustomerChange, now = Date.now()): CustomerSnapshot {
    const state = this.find(typeof change?.customer === 'string' ? change.customer.trim() : undefined);
    if (!state)
      throw new HttpError(
        404,
        `No simulated customer '${String(change?.customer)}' (known: ${this.list()
          .map((s) => s.customer.name)
          .join(', ')})`,
      );
    if (change.consent === false) delete state.customer.consent;
    else if (change.consent === true) state.customer.consent = fullConsent();
    if (change.relationship !== undefined) this.changeRelationship(state, change.relationship, now);
    if (change.throttle === false) state.throttle = undefined;
    else if (change.throttle) state.throttle = throttleOf(change.throttle);
    return this.snapshot(state);
  }

  private changeRelationship(state: CustomerState, to: string, now: number): void {
    const r = this.relationshipOf(state.customer.tenantId);
    if (!r) throw new HttpError(404, `No GDAP relationship with '${state.customer.name}'`);
    if (to === 'expired') {
      r.status = 'expired';
      r.endDateTime = new Date(now - 60_000).toISOString();
    } else if (to === 'active') {
      r.status = 'active';
      r.activatedDateTime = new Date(now).toISOString();
      r.endDateTime = new Date(now + 730 * DAY_MS).toISOString();
    } else throw new HttpError(400, "relationship must be 'expired' or 'active'");
  }

  snapshot(state: CustomerState): CustomerSnapshot {
    const r = this.relationshipOf(state.customer.tenantId);
    return {
      name: state.customer.name,
      displayName: state.customer.displayName,
      tenantId: state.customer.tenantId,
      consented: state.customer.consent !== undefined,
      relationship: r
        ? {
            id: r.id,
            status: isActive(r) ? 'active' : r.status === 'active' ? 'expired' : r.status,
            endDateTime: r.endDateTime,
          }
        : null,
      throttle: state.throttle ? { ...state.throttle } : null,
      partners: [...state.partners.values()].map((p) => ({ ...p })),
    };
  }
}

function copyConsent(c: SimAppConsent): SimAppConsent {
  return { delegatedScopes: [...c.delegatedScopes], applicationPermissions: [...c.applicationPermissions] };
}

/** Active and not past its end (a relationship past its end date grants nothing, whatever its status says). */
export function isActive(r: SimRelationship, now = Date.now()): boolean {
  return r.status === 'active' && (r.endDateTime === null || Date.parse(r.endDateTime) > now);
}

function throttleOf(t: { retryAfterSeconds?: number; count?: number }): SimThrottle {
  const retryAfterSeconds = t.retryAfterSeconds ?? 1;
  if (typeof retryAfterSeconds !== 'number' || !(retryAfterSeconds >= 0))
    throw new HttpError(400, 'throttle.retryAfterSeconds must be a number >= 0');
  if (t.count !== undefined && (!Number.isInteger(t.count) || t.count < 1))
    throw new HttpError(400, 'throttle.count must be a whole number >= 1');
  return { retryAfterSeconds, ...(t.count !== undefined ? { remaining: t.count } : {}) };
}
