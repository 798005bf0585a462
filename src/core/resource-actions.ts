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
 *
 * Evidence (issue 16). The action's name is inferred and Intune does not document wildcards, `scope='*'`, nor what
 * it answers for holders of Entra's Intune Administrator or Global Administrator role without an Intune role
 * assignment. So `readIntuneAnswer` says 'missing' only on positive evidence: the answer names at least one action
 * of the action's category (Microsoft.Intune_RemoteAssistance_*, as a literal name, any case) and nothing allows
 * the action. A wildcard that covers it allows it (evidence of "allowed" never locks anybody out); an empty answer,
 * other categories only, or a wildcard among the not-allowed ones is 'unknown'.
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
  return permissions.some(
    (p) => p.actions.some((a) => matchesAction(a, action)) || p.resourceActions.some((r) => allowedBy(r, action)),
  );
}

export type IntuneVerdict = 'allowed' | 'missing' | 'unknown';

/** What Intune's answer says about one action, and the entries of it that concern the action. */
export interface IntuneReading {
  verdict: IntuneVerdict;
  /** Allowed entries of the action's category, or wildcards that cover the action (as Intune wrote them). */
  allowed: string[];
  /** The same among the not-allowed entries. */
  notAllowed: string[];
}

/** `Microsoft.Intune_RemoteAssistance_` for `Microsoft.Intune_RemoteAssistance_Update`. */
function categoryOf(action: string): string {
  return action.slice(0, action.lastIndexOf('_') + 1).toLowerCase();
}

/** Reads the user's effective permissions for `action` (see "Evidence" above). */
export function readIntuneAnswer(permissions: readonly RolePermission[], action: string): IntuneReading {
  const category = categoryOf(action);
  const named = (entry: string) => !entry.includes('*') && entry.toLowerCase().startsWith(category);
  const concerns = (entry: string) => named(entry) || (entry.includes('*') && matchesAction(entry, action));
  const allowedEntries = permissions.flatMap((p) => [
    ...p.actions,
    ...p.resourceActions.flatMap((r) => r.allowedResourceActions),
  ]);
  const notAllowedEntries = permissions.flatMap((p) => p.resourceActions.flatMap((r) => r.notAllowedResourceActions));
  const allowed = [...new Set(allowedEntries.filter(concerns))];
  const notAllowed = [...new Set(notAllowedEntries.filter(concerns))];
  const evidence = [...allowedEntries, ...notAllowedEntries].some(named);
  const verdict: IntuneVerdict = allowsAction(permissions, action) ? 'allowed' : evidence ? 'missing' : 'unknown';
  return { verdict, allowed, notAllowed };
}
