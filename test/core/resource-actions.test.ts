/**
 * How an Intune resource action is matched against effective permissions: wildcards, notAllowed subtracted
 * within a role but not across roles (Azure RBAC's documented Actions/NotActions rules, which Intune's
 * resourceAction mirrors; see src/core/resource-actions.ts for the sources).
 */
import {
  allowsAction,
  matchesAction,
  REMOTE_ASSISTANCE_UPDATE,
  type RolePermission,
} from '../../src/core/resource-actions';

const role = (allowed: string[], notAllowed: string[] = []): RolePermission => ({
  actions: [],
  resourceActions: [{ allowedResourceActions: allowed, notAllowedResourceActions: notAllowed }],
});

describe('matchesAction', () => {
  it.each([
    ['Microsoft.Intune_RemoteAssistance_Update', true],
    ['microsoft.intune_remoteassistance_update', true], // action strings are not case-sensitive
    ['*', true],
    ['Microsoft.Intune_*', true],
    ['Microsoft.Intune_RemoteAssistance_*', true],
    ['*_Update', true],
    ['Microsoft.*_RemoteAssistance_*', true],
    ['Microsoft.Intune_*_Update', true],
    ['Microsoft.Intune_RemoteAssistance_Read', false],
    ['Microsoft.Intune_RemoteAssistanceApp_*', false], // the Remote Help app's permissions are another category
    ['Microsoft.Intune_RemoteAssistance_Update_More', false],
    ['Microsoft.Intune_RemoteAssistance', false],
    ['Microsoft.Intune_*_Read', false],
    ['Microsoft.Intune_RemoteAssistance_Update*x', false],
    ['', false],
    ['Microsoft.Intune_RemoteAssistance_Updat?', false], // only * is a wildcard
  ])('%s -> %s', (pattern, expected) => {
    expect(matchesAction(pattern, REMOTE_ASSISTANCE_UPDATE)).toBe(expected);
  });

  it('does not let an overlapping prefix and suffix match a shorter action', () => {
    expect(matchesAction('ab*ba', 'aba')).toBe(false);
    expect(matchesAction('ab*ba', 'abba')).toBe(true);
    expect(matchesAction('a*b*c', 'ac')).toBe(false);
    expect(matchesAction('a*b*c', 'abc')).toBe(true);
  });
});

describe('allowsAction', () => {
  it('is false without any permission, and for a read-only role', () => {
    expect(allowsAction([], REMOTE_ASSISTANCE_UPDATE)).toBe(false);
    expect(
      allowsAction(
        [role(['Microsoft.Intune_RemoteAssistance_Read', 'Microsoft.Intune_Organization_Read'])],
        REMOTE_ASSISTANCE_UPDATE,
      ),
    ).toBe(false);
  });

  it('is true for the exact action and for wildcards', () => {
    expect(
      allowsAction(
        [role(['Microsoft.Intune_RemoteAssistance_Read', REMOTE_ASSISTANCE_UPDATE])],
        REMOTE_ASSISTANCE_UPDATE,
      ),
    ).toBe(true);
    expect(allowsAction([role(['*'])], REMOTE_ASSISTANCE_UPDATE)).toBe(true);
    expect(allowsAction([role(['Microsoft.Intune_*'])], REMOTE_ASSISTANCE_UPDATE)).toBe(true);
  });

  it('subtracts notAllowed from the same role, also when it is itself a wildcard', () => {
    expect(allowsAction([role(['Microsoft.Intune_*'], [REMOTE_ASSISTANCE_UPDATE])], REMOTE_ASSISTANCE_UPDATE)).toBe(
      false,
    );
    expect(allowsAction([role(['*'], ['Microsoft.Intune_RemoteAssistance_*'])], REMOTE_ASSISTANCE_UPDATE)).toBe(false);
    expect(allowsAction([role(['*'], ['Microsoft.Intune_RemoteAssistance_Read'])], REMOTE_ASSISTANCE_UPDATE)).toBe(
      true,
    );
  });

  it("notAllowed is not a deny: another role's allow still allows", () => {
    const restricted = role(['Microsoft.Intune_*'], [REMOTE_ASSISTANCE_UPDATE]);
    expect(allowsAction([restricted, role([REMOTE_ASSISTANCE_UPDATE])], REMOTE_ASSISTANCE_UPDATE)).toBe(true);
    // ... also between two resourceActions of one rolePermission.
    expect(
      allowsAction(
        [{ actions: [], resourceActions: [...restricted.resourceActions, ...role(['*']).resourceActions] }],
        REMOTE_ASSISTANCE_UPDATE,
      ),
    ).toBe(true);
  });

  it('counts rolePermission.actions (beta\'s "Allowed Actions") as allowed', () => {
    expect(allowsAction([{ actions: [REMOTE_ASSISTANCE_UPDATE], resourceActions: [] }], REMOTE_ASSISTANCE_UPDATE)).toBe(
      true,
    );
    expect(
      allowsAction(
        [{ actions: ['Microsoft.Intune_RemoteAssistance_Read'], resourceActions: [] }],
        REMOTE_ASSISTANCE_UPDATE,
      ),
    ).toBe(false);
  });
});
