/**
 * The answer of GET /deviceManagement/getEffectivePermissions(scope='...') -> the core's RolePermission[].
 *
 * Graph sends {"value": [rolePermission]} (beta metadata: the overload with `scope` returns
 * Collection(graph.rolePermission); test/contracts/fixtures/graph-beta-intune-rbac.xml). Collections that are
 * absent or null are empty; entries that are not strings are dropped. An answer without a `value` array is not
 * a permission list at all: graph.unexpected (the check then offers the buttons and Intune decides).
 */
import { AppError } from '../core/errors';
import type { ResourceAction, RolePermission } from '../core/resource-actions';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const objects = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v)
    ? v.filter((o): o is Record<string, unknown> => !!o && typeof o === 'object' && !Array.isArray(o))
    : [];

function resourceActionFromGraph(raw: Record<string, unknown>): ResourceAction {
  return {
    allowedResourceActions: strings(raw.allowedResourceActions),
    notAllowedResourceActions: strings(raw.notAllowedResourceActions),
  };
}

export function rolePermissionsFromGraph(body: Record<string, unknown>): RolePermission[] {
  if (!Array.isArray(body.value))
    throw new AppError('graph.unexpected', 'getEffectivePermissions answered without a value array');
  return objects(body.value).map((p) => ({
    actions: strings(p.actions),
    resourceActions: objects(p.resourceActions).map(resourceActionFromGraph),
  }));
}
