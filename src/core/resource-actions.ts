/**
 * Intune's role permissions and how an action is matched against them.
 *
 * What Graph answers (beta metadata, schemas/beta-Prod.csdl: ComplexType rolePermission {actions,
 * resourceActions: Collection(resourceAction)}, resourceAction {allowedResourceActions,
 * notAllowedResourceActions}; test/contracts/fixtures/graph-beta-intune-rbac.xml). Intune names an action
 * `Microsoft.Intune_<Category>_<Action>`; the admin center's "Remote assistance connectors" category is
 * `RemoteAssistance` (MicrosoftDocs/memdocs intune/intune-service/remote-actions/remote-assist.md names its Read
 * permission `Microsoft.Intune_RemoteAssistance_Read`), so its Update permission, "Manage the state of the
 * TeamViewer connector", is `Microsoft.Intune_RemoteAssistance_Update`.
 *
 * Matching. Intune does not document wildcards; its resourceAction mirrors Azure RBAC's Actions/NotActions,
 * whose rules are documented (MicrosoftDocs/azure-docs articles/role-based-access-control/role-definitions.md,
 * "Actions" and "NotActions"), and are followed here:
 * - `*` stands for any run of characters, anywhere in the string (`*`, `Microsoft.Intune_*`,
 *   `Microsoft.Intune_RemoteAssistance_*`); action strings are compared without regard to case.
 * - An action is allowed by one resourceAction when an allowed pattern matches it and none of the SAME
 *   resourceAction's notAllowed patterns does ("Actions - NotActions = effective permissions").
 * - notAllowed is not a deny: another resourceAction (another role) that allows the action allows it.
 * - rolePermission.actions (beta, "Allowed Actions") are allowed patterns with nothing subtracted.
 */

/** Intune's "Remote assistance connectors: Update": change the state of the TeamViewer connector (disconnect, reconnect). */
export const REMOTE_ASSISTANCE_UPDATE = 'Microsoft.Intune_RemoteAssistance_Update';

export interface ResourceAction {
  allowedResourceActions: string[];
  notAllowedResourceActions: string[];
}

export interface RolePermission {
  /** beta only ("Allowed Actions"). */
  actions: string[];
  resourceActions: ResourceAction[];
}

/** True when `pattern` (which may hold `*` wildcards) matches `action`, ignoring case. */
export function matchesAction(pattern: string, action: string): boolean {
  const parts = pattern.toLowerCase().split('*');
  const text = action.toLowerCase();
  if (parts.length === 1) return parts[0] === text;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) return false;
  let at = first.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, at);
    if (found < 0 || found + middle.length > text.length - last.length) return false;
    at = found + middle.length;
  }
  return true;
}

function allowedBy(resourceAction: ResourceAction, action: string): boolean {
  return (
    resourceAction.allowedResourceActions.some((p) => matchesAction(p, action)) &&
    !resourceAction.notAllowedResourceActions.some((p) => matchesAction(p, action))
  );
}

/** Whether the effective permissions allow `action`. */
export function allowsAction(permissions: readonly RolePermission[], action: string): boolean {
  return permissions.some((p) => p.actions.some((a) => matchesAction(a, action)) || p.resourceActions.some((r) => allowedBy(r, action)));
}
