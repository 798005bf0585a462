/**
 * The simulated users' Intune roles and Intune's refusal. A user with `intuneAdmin: false` holds no Intune role;
 * any other user holds a role whose allowed resource actions are `intuneResourceActions` (default `*`, what an
 * Intune Administrator may do) minus `intuneNotAllowedResourceActions`. Intune's names: "Remote assistance
 * connectors" Read / Update are Microsoft.Intune_RemoteAssistance_Read / _Update (MicrosoftDocs/memdocs
 * intune/intune-service/remote-actions/remote-assist.md names the Read one; the role-based access control
 * reference lists both).
 *
 * The simulator evaluates the role as Intune would, on its own (not with the bot's matcher): `*` stands for any
 * run of characters, case is ignored, a not-allowed action is taken out of the same role.
 *
 * In a customer tenant the user (a technician of the partner tenant) holds no Intune role assignment of the
 * customer's own; their access is the Entra roles GDAP gives their groups there (customer-world.ts): Intune
 * Administrator (or Global Administrator) is full access in Intune, anything else none.
 */
import { CustomerWorld } from './customer-world';
import { graphError, type GraphRequest } from './graph-common';
import type { SimUser } from './types';

export const REMOTE_ASSISTANCE_READ = 'Microsoft.Intune_RemoteAssistance_Read';
export const REMOTE_ASSISTANCE_UPDATE = 'Microsoft.Intune_RemoteAssistance_Update';

export interface SimIntuneRole {
  allowed: string[];
  notAllowed: string[];
}

/** The user's Intune role, or undefined when they hold none. */
export function intuneRole(user: SimUser): SimIntuneRole | undefined {
  if (user.intuneAdmin === false) return undefined;
  return {
    allowed: [...(user.intuneResourceActions ?? ['*'])],
    notAllowed: [...(user.intuneNotAllowedResourceActions ?? [])],
  };
}

/** The user's Intune role in the tenant the request acts in (the home tenant, or a customer through GDAP). */
export function intuneRoleIn(g: GraphRequest, user: SimUser): SimIntuneRole | undefined {
  if (!g.customer) return intuneRole(user);
  const roles = g.env.state.customers.gdapRoles(user.groups ?? [], g.customer.customer.tenantId);
  return CustomerWorld.intuneFullAccess(roles) ? { allowed: ['*'], notAllowed: [] } : undefined;
}

function pattern(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
}

export function userMayIn(g: GraphRequest, user: SimUser, action: string): boolean {
  return roleAllows(intuneRoleIn(g, user), action);
}

function roleAllows(role: SimIntuneRole | undefined, action: string): boolean {
  if (!role) return false;
  return role.allowed.some((a) => pattern(a).test(action)) && !role.notAllowed.some((a) => pattern(a).test(action));
}

/** Intune's own refusal, as Graph relays it (see test/contracts/fixtures/intune-denial-401.json). */
export function intuneDenial(g: GraphRequest): void {
  const inner = JSON.stringify(
    {
      _version: 3,
      Message: `An error has occurred - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: ${g.headers['request-id']} - Url: https://fef.simulated.manage.microsoft.com/StatelessRemoteAssistanceFEService${g.ctx.url.pathname}?api-version=2024-01-01`,
      CustomApiErrorPhrase: '',
      RetryAfter: null,
      ErrorSourceService: '',
      HttpHeaders: JSON.stringify({
        'WWW-Authenticate': 'Bearer realm="urn:intune:service,00000000-0000-0000-0000-000000000000"',
      }),
    },
    null,
    2,
  ).replace(/\n/g, '\r\n');
  const message = JSON.stringify({
    ErrorCode: 'Forbidden',
    Message: inner,
    Target: null,
    Details: null,
    InnerError: null,
    InstanceAnnotations: [],
  });
  graphError(g, 401, 'UnknownError', message);
}
