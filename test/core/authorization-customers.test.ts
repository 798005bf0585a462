/**
 * Who may read or act on a customer tenant (issue 19): deny by default, the customer's own groups decide, the home
 * tenant's roles give nothing there, and a customer's groups give nothing at home; membership is always asked in
 * the partner (home) tenant, whatever customer the session acts in.
 */
import { Authorizer } from '../../src/core/authorization';
import { inCustomer, type Customer } from '../../src/core/customers';
import type { Actor, UserSession } from '../../src/core/model';
import type { DirectoryGateway } from '../../src/core/ports';

const TENANT = '11111111-1111-1111-1111-111111111111';
const HOME_ADMIN = 'aaaaaaaa-0000-0000-0000-000000000001';
const TECH = 'bbbbbbbb-0000-0000-0000-000000000002';
const VIEWER = 'cccccccc-0000-0000-0000-000000000003';
const TECH_GROUP = 'dddddddd-0000-0000-0000-000000000004';
const VIEWER_GROUP = 'eeeeeeee-0000-0000-0000-000000000005';
const ADMIN_GROUP = 'ffffffff-0000-0000-0000-000000000006';
const CONTOSO: Customer = {
  name: 'contoso',
  tenantId: '22222222-2222-2222-2222-222222222222',
  displayName: 'Contoso Ltd',
  technicianGroupIds: [TECH_GROUP],
  readerGroupIds: [VIEWER_GROUP],
};
const FABRIKAM: Customer = {
  ...CONTOSO,
  name: 'fabrikam',
  tenantId: '33333333-3333-3333-3333-333333333333',
  technicianGroupIds: [],
  readerGroupIds: [],
};

const actor = (aadObjectId: string, tenantId = TENANT): Actor => ({
  tenantId,
  aadObjectId,
  name: 'x',
  locale: 'en-US',
});
const session = (a: Actor): UserSession => ({ actor: a, assertion: 'assertion' });

function setup() {
  const asked: { user: string; target?: string; groups: string[] }[] = [];
  const membership: Record<string, string[]> = {
    [HOME_ADMIN]: [ADMIN_GROUP],
    [TECH]: [TECH_GROUP],
    [VIEWER]: [VIEWER_GROUP],
  };
  const directory: DirectoryGateway = {
    async memberOf(s, groupIds) {
      asked.push({ user: s.actor.aadObjectId, target: s.target?.name, groups: [...groupIds] });
      return (membership[s.actor.aadObjectId] ?? []).filter((g) => groupIds.includes(g));
    },
  };
  const authz = new Authorizer(
    {
      allowedTenantIds: [TENANT],
      adminUserIds: [],
      adminGroupIds: [ADMIN_GROUP],
      readerUserIds: [],
      readerGroupIds: [],
      groupCacheSeconds: 300,
      customers: { customers: [CONTOSO, FABRIKAM], groups: {} },
    },
    directory,
    { now: () => new Date(1_000_000) },
  );
  return { authz, asked };
}

describe('Authorizer for customer tenants', () => {
  it("lets a customer's technicians act and approve there, and its readers only read", async () => {
    const { authz } = setup();
    const tech = session(actor(TECH));
    expect(await authz.decideForCustomer(tech.actor, 'admin', tech, CONTOSO)).toEqual({ allowed: true, role: 'admin' });
    expect(await authz.decideForCustomer(tech.actor, 'approver', tech, CONTOSO)).toEqual({
      allowed: true,
      role: 'admin',
    });
    const viewer = session(actor(VIEWER));
    expect(await authz.decideForCustomer(viewer.actor, 'reader', viewer, CONTOSO)).toEqual({
      allowed: true,
      role: 'reader',
    });
    expect(await authz.decideForCustomer(viewer.actor, 'admin', viewer, CONTOSO)).toEqual({
      allowed: false,
      reason: 'readOnly',
    });
  });

  it('denies by default: a customer without groups, and the home tenant admin in a customer', async () => {
    const { authz } = setup();
    const tech = session(actor(TECH));
    expect(await authz.decideForCustomer(tech.actor, 'reader', tech, FABRIKAM)).toEqual({
      allowed: false,
      reason: 'notAllowed',
    });
    const admin = session(actor(HOME_ADMIN));
    expect(await authz.decide(admin.actor, 'admin', admin)).toEqual({ allowed: true, role: 'admin' });
    expect(await authz.decideForCustomer(admin.actor, 'reader', admin, CONTOSO)).toEqual({
      allowed: false,
      reason: 'notAllowed',
    });
  });

  it("a customer's groups give no role in the bot's own tenant", async () => {
    const { authz } = setup();
    const tech = session(actor(TECH));
    expect(await authz.decide(tech.actor, 'reader', tech)).toEqual({ allowed: false, reason: 'notAllowed' });
  });

  it('asks the partner tenant once per user, even for a session acting in a customer, and refuses another tenant', async () => {
    const { authz, asked } = setup();
    const tech = inCustomer(session(actor(TECH)), CONTOSO);
    await authz.decideForCustomer(tech.actor, 'admin', tech, CONTOSO);
    await authz.decide(tech.actor, 'reader', tech);
    expect(asked).toEqual([{ user: TECH, target: undefined, groups: [ADMIN_GROUP, TECH_GROUP, VIEWER_GROUP] }]);
    const stranger = session(actor(TECH, CONTOSO.tenantId));
    expect(await authz.decideForCustomer(stranger.actor, 'reader', stranger, CONTOSO)).toEqual({
      allowed: false,
      reason: 'wrongTenant',
    });
  });
});
