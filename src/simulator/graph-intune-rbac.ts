/**
 * Simulated GET /deviceManagement/getEffectivePermissions: what the signed-in user's Intune role allows. Held to
 * the beta metadata (test/contracts/fixtures/graph-beta-intune-rbac.xml), which declares two overloads bound to
 * deviceManagement:
 * - getEffectivePermissions(scope='...') -> Collection(graph.rolePermission): one rolePermission with one
 *   resourceAction {allowedResourceActions, notAllowedResourceActions} from the user's role (intune-roles.ts);
 *   `actions` exists on the beta type only. The scope is not interpreted (the simulated tenant has one scope).
 * - getEffectivePermissions() -> Collection(Edm.String), beta only. Its contents are not documented; the
 *   simulator answers the allowed actions (an assumption, the bot does not use it).
 * Delegated permissions (api-reference/{beta,v1.0}/api/intune-rbac-devicemanagement-geteffectivepermissions.md):
 * beta DeviceManagementConfiguration.Read.All, .ReadWrite.All, DeviceManagementRBAC.Read.All, .ReadWrite.All;
 * v1.0 the two RBAC ones. A user without any Intune role gets Intune's 401 Forbidden, as everywhere in Intune.
 * A user's `intuneEffectivePermissions` replaces the answer (not what the partner endpoints enforce): the cases
 * Microsoft does not document (Entra's Intune Administrator without an Intune role assignment).
 */
import { sendJson } from './http';
import type { Claims } from './jwt';
import { graphError, hasScope, methodNotAllowed, ODATA_JSON, type GraphRequest } from './graph-common';
import { intuneDenial, intuneRoleIn } from './intune-roles';

export const EFFECTIVE_PERMISSIONS_SCOPES: Record<string, readonly string[]> = {
  beta: [
    'DeviceManagementConfiguration.Read.All',
    'DeviceManagementConfiguration.ReadWrite.All',
    'DeviceManagementRBAC.Read.All',
    'DeviceManagementRBAC.ReadWrite.All',
  ],
  'v1.0': ['DeviceManagementRBAC.Read.All', 'DeviceManagementRBAC.ReadWrite.All'],
};

const SEGMENT = /^(?:microsoft\.graph\.)?getEffectivePermissions(?:\((.*)\))?$/;
/** An OData string literal: single quotes, a quote inside doubled. */
const SCOPE_PARAMETER = /^scope='((?:[^']|'')*)'$/;

/** True when `segment` names the function (with or without its parameters). */
export function isEffectivePermissionsSegment(segment: string | undefined): boolean {
  return segment !== undefined && SEGMENT.test(segment);
}

export function effectivePermissions(g: GraphRequest, claims: Claims, rest: string[]): void {
  const { ctx, env } = g;
  const match = SEGMENT.exec(rest[0] ?? '');
  if (!match || rest.length > 1) {
    graphError(g, 400, 'BadRequest', `Resource not found for the segment '${rest[rest.length - 1] ?? ''}'.`);
    return;
  }
  const parameters = (match[1] ?? '').trim();
  const scoped = parameters !== '';
  if (scoped && !SCOPE_PARAMETER.test(parameters)) {
    graphError(
      g,
      400,
      'BadRequest',
      `The parameters '${parameters}' are not valid for the function 'microsoft.graph.getEffectivePermissions'.`,
    );
    return;
  }
  if (!scoped && g.version !== 'beta') {
    graphError(
      g,
      400,
      'BadRequest',
      "The function 'microsoft.graph.getEffectivePermissions' requires the parameter 'scope'.",
    );
    return;
  }
  if (ctx.method !== 'GET') return methodNotAllowed(g);
  const allowedScopes = EFFECTIVE_PERMISSIONS_SCOPES[g.version] ?? [];
  if (!hasScope(claims, allowedScopes)) {
    graphError(
      g,
      403,
      'Forbidden',
      `Application is not authorized to perform this operation. Application must have one of the following scopes: ${allowedScopes.join(', ')}`,
    );
    return;
  }
  const user = env.state.userByOid(ctx.oid);
  // A user's own answer is the home tenant's (a customer's Intune answers from the GDAP roles).
  const answer = g.customer ? undefined : user?.intuneEffectivePermissions;
  if (answer === 'refused') return intuneDenial(g);
  const role = answer
    ? { allowed: answer, notAllowed: [] }
    : user
      ? intuneRoleIn(g, user)
      : { allowed: ['*'], notAllowed: [] };
  if (!role) return intuneDenial(g);
  const metadata = `${env.httpsBase}/${g.version}/$metadata`;
  if (!scoped) {
    sendJson(
      ctx.res,
      200,
      { '@odata.context': `${metadata}#Collection(Edm.String)`, value: role.allowed },
      g.headers,
      ODATA_JSON,
    );
    return;
  }
  const permission = {
    ...(g.version === 'beta' ? { actions: [] as string[] } : {}),
    resourceActions: [{ allowedResourceActions: role.allowed, notAllowedResourceActions: role.notAllowed }],
  };
  // An empty list (intuneEffectivePermissions: []) is an empty collection.
  const value = answer && answer.length === 0 ? [] : [permission];
  sendJson(
    ctx.res,
    200,
    { '@odata.context': `${metadata}#Collection(microsoft.graph.rolePermission)`, value },
    g.headers,
    ODATA_JSON,
  );
}
