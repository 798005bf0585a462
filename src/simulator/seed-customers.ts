/**
 * The default MSP world: the home tenant (the Agents Playground's) is the partner tenant; three customers reached
 * through GDAP, each showing one way a customer can be (un)reachable:
 * - Contoso: relationship active, access assignment MSP technicians -> Intune Administrator, the app consented.
 * - Fabrikam: relationship active with the same assignment, but the app was never consented there.
 * - Northwind: the app is consented, but the relationship has EXPIRED.
 * `fleetWorld(n)` makes n reachable customers for benchmarks.
 */
import type { Partner } from '../core/model';
import { INTUNE_ADMINISTRATOR_ROLE_ID, type SimAppConsent, type SimCustomer, type SimRelationship } from './customers';
import { DEFAULT_APPLICATION_PERMISSIONS, DEFAULT_CONSENTED_SCOPES, MSP_TECHNICIANS_GROUP_ID } from './seed';

export const CONTOSO_TENANT_ID = '7c3e1a52-4b6d-4f8e-9a10-2b3c4d5e6f01';
export const FABRIKAM_TENANT_ID = '8d4f2b63-5c7e-4a9f-8b21-3c4d5e6f7a02';
export const NORTHWIND_TENANT_ID = '9e5a3c74-6d8f-4bab-9c32-4d5e6f7a8b03';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What a customer admin (or Partner Center's application consent) granted the bot's app there: the same
 * permissions as in the partner tenant (the app's required permissions, consented with .default).
 */
export function fullConsent(): SimAppConsent {
  return {
    delegatedScopes: [...DEFAULT_CONSENTED_SCOPES],
    applicationPermissions: [...DEFAULT_APPLICATION_PERMISSIONS],
  };
}

/** A hex block of `length` from a number (for ids that are stable per index). */
function hex(n: number, length: number): string {
  return n.toString(16).padStart(length, '0').slice(-length);
}

function teamViewer(index: number): Partner {
  return {
    id: `5f0c5e2a-8b1d-4c3e-9a7f-${hex(0xc0000 + index, 12)}`,
    displayName: 'TeamViewer Connector',
    onboardingUrl: 'https://login.teamviewer.com/nav/integrations/intune',
    onboardingStatus: 'onboarded',
    lastConnectionDateTime: '2025-11-03T08:42:17.3895271Z',
    onboardingRequestExpiryDateTime: null,
  };
}

function customer(
  index: number,
  tenantId: string,
  name: string,
  displayName: string,
  consent?: SimAppConsent,
): SimCustomer {
  return {
    tenantId,
    name,
    displayName,
    domain: `${name}.onmicrosoft.com`,
    partners: [teamViewer(index)],
    ...(consent ? { consent } : {}),
  };
}

export function defaultCustomers(): SimCustomer[] {
  return [
    customer(1, CONTOSO_TENANT_ID, 'contoso', 'Contoso Ltd', fullConsent()),
    customer(2, FABRIKAM_TENANT_ID, 'fabrikam', 'Fabrikam Inc'),
    customer(3, NORTHWIND_TENANT_ID, 'northwind', 'Northwind Traders', fullConsent()),
  ];
}

/** A relationship to `c`, active since 30 days (or ended 10 days ago when `expired`). */
function relationship(index: number, c: SimCustomer, expired = false, now = Date.now()): SimRelationship {
  const created = now - (expired ? 760 : 31) * DAY_MS;
  const activated = created + DAY_MS;
  return {
    id: `${hex(0x5d027261 + index, 8)}-d21f-4aa9-b7db-7fa1f56fb163-8777b240-c6f0-4469-9e98-${hex(index, 12)}`,
    displayName: `MSP Intune ${c.displayName}`,
    customerTenantId: c.tenantId,
    status: expired ? 'expired' : 'active',
    createdDateTime: new Date(created).toISOString(),
    activatedDateTime: new Date(activated).toISOString(),
    endDateTime: new Date(activated + 730 * DAY_MS).toISOString(),
    duration: 'P730D',
    autoExtendDuration: 'PT0S',
    roleDefinitionIds: [INTUNE_ADMINISTRATOR_ROLE_ID],
    accessAssignments: [
      {
        id: `${hex(0x1a2b3c4d + index, 8)}-0000-4000-8000-${hex(index, 12)}`,
        securityGroupId: MSP_TECHNICIANS_GROUP_ID,
        roleDefinitionIds: [INTUNE_ADMINISTRATOR_ROLE_ID],
      },
    ],
  };
}

export function defaultRelationships(customers: SimCustomer[] = defaultCustomers()): SimRelationship[] {
  return customers.map((c, i) => relationship(i + 1, c, c.tenantId === NORTHWIND_TENANT_ID));
}

/** `count` customers, each consented and with an active relationship (customer-001 ...): for benchmarks. */
export function fleetWorld(count: number): { customers: SimCustomer[]; relationships: SimRelationship[] } {
  const customers = Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    return customer(
      i + 1,
      `f1ee7000-0000-4000-8000-${hex(i + 1, 12)}`,
      `customer-${n}`,
      `Customer ${n}`,
      fullConsent(),
    );
  });
  return { customers, relationships: customers.map((c, i) => relationship(i + 1, c)) };
}
