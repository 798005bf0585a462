/**
 * An MSP's customer tenants (issue 19; docs/msp.md): the ones this bot serves, who in the partner tenant may read or
 * act on each (deny by default), and the sessions that act in one. Configured (CUSTOMERS / CUSTOMERS_FILE, config.ts);
 * none configured: the bot serves its own tenant only, as before.
 */
import type { CustomerRef, UserSession } from './model';

/** A customer tenant as configured. `name` is what users type after `@` (lower case, unique, not `all`). */
export interface Customer {
  name: string;
  tenantId: string;
  displayName: string;
  /** Partner-tenant groups whose members may act (disconnect, reconnect, approve) in this customer. */
  technicianGroupIds: readonly string[];
  /** Partner-tenant groups whose members may read (list, status, history) this customer; technicians may too. */
  readerGroupIds: readonly string[];
}

/** The customers and the named groups of customers (`@eu`), as configured. */
export interface CustomerDirectory {
  readonly customers: readonly Customer[];
  /** Group name -> customer names. */
  readonly groups: Readonly<Record<string, readonly string[]>>;
}

export const NO_CUSTOMERS: CustomerDirectory = { customers: [], groups: {} };

/** What a `@name` after a command names: one customer, or several (`@all`, a group). */
export type Target =
  { kind: 'customer'; customer: Customer } | { kind: 'fleet'; selector: string; customers: readonly Customer[] };

/** Resolves `@name` (without the @). Undefined when nothing is called so. */
export function resolveTarget(directory: CustomerDirectory, name: string): Target | undefined {
  const key = name.trim().toLowerCase();
  if (key === 'all' && directory.customers.length > 0)
    return { kind: 'fleet', selector: 'all', customers: directory.customers };
  const group = directory.groups[key];
  if (group) {
    const customers = directory.customers.filter((c) => group.includes(c.name));
    return { kind: 'fleet', selector: key, customers };
  }
  const customer = directory.customers.find((c) => c.name === key);
  return customer ? { kind: 'customer', customer } : undefined;
}

export function customerRef(c: Pick<Customer, 'tenantId' | 'name'>): CustomerRef {
  return { tenantId: c.tenantId.toLowerCase(), name: c.name };
}

/** The same user's session, acting in `customer` (its Graph token from the customer's authority). */
export function inCustomer(session: UserSession, customer: Pick<Customer, 'tenantId' | 'name'>): UserSession {
  return { ...session, target: customerRef(customer) };
}

/** The same user's session in their own (partner) tenant: group checks and the GDAP lists are read there. */
export function atHome(session: UserSession): UserSession {
  if (!session.target) return session;
  const { target: _target, ...home } = session;
  return home;
}

/** The customer a record or a request acts in, by tenant id (ids compared without case). */
export function customerByTenant(directory: CustomerDirectory, tenantId: string): Customer | undefined {
  const t = tenantId.toLowerCase();
  return directory.customers.find((c) => c.tenantId.toLowerCase() === t);
}
