import { Authorizer, type AuthorizationPolicy } from '../../src/core/authorization';
import type { Actor, UserSession } from '../../src/core/model';
import type { DirectoryGateway } from '../../src/core/ports';

const TENANT = '11111111-1111-1111-1111-111111111111';
const ADMIN = 'aaaaaaaa-0000-0000-0000-000000000001';
const READER = 'bbbbbbbb-0000-0000-0000-000000000002';
const NOBODY = 'cccccccc-0000-0000-0000-000000000003';
const ADMIN_GROUP = 'dddddddd-0000-0000-0000-000000000004';
const READER_GROUP = 'eeeeeeee-0000-0000-0000-000000000005';

const actor = (aadObjectId: string, tenantId = TENANT): Actor => ({
  tenantId,
  aadObjectId,
  name: 'x',
  locale: 'en-US',
});
const session = (a: Actor): UserSession => ({ actor: a, assertion: 'assertion' });

function setup(policy: Partial<AuthorizationPolicy> = {}, membership: Record<string, string[]> = {}) {
  const calls: string[] = [];
  const directory: DirectoryGateway = {
    async memberOf(s, groupIds) {
      calls.push(s.actor.aadObjectId);
      return (membership[s.actor.aadObjectId] ?? []).filter((g) => groupIds.includes(g));
    },
  };
  let now = 1_000_000;
  const clock = { now: () => new Date(now) };
  const authz = new Authorizer(
    {
      allowedTenantIds: [TENANT],
      adminUserIds: [ADMIN],
      adminGroupIds: [],
      readerUserIds: [READER],
      readerGroupIds: [],
      groupCacheSeconds: 300,
      ...policy,
    },
    directory,
    clock,
  );
  return { authz, calls, advance: (ms: number) => (now += ms) };
}

describe('Authorizer', () => {
  it('denies another tenant, even a listed admin id', async () => {
    const { authz } = setup();
    const a = actor(ADMIN, '99999999-9999-9999-9999-999999999999');
    expect(authz.precheck(a)).toEqual({ allowed: false, reason: 'wrongTenant' });
    expect(await authz.decide(a, 'reader', session(a))).toEqual({ allowed: false, reason: 'wrongTenant' });
  });
  it('denies by default', async () => {
    const { authz } = setup();
    expect(await authz.decide(actor(NOBODY), 'reader', session(actor(NOBODY)))).toEqual({
      allowed: false,
      reason: 'notAllowed',
    });
    expect(authz.precheck(actor(''))).toEqual({ allowed: false, reason: 'notAllowed' });
  });
  it('lets admins read and write, readers only read', async () => {
    const { authz } = setup();
    expect(await authz.decide(actor(ADMIN.toUpperCase()), 'admin', session(actor(ADMIN)))).toEqual({
      allowed: true,
      role: 'admin',
    });
    expect(await authz.decide(actor(READER), 'reader', session(actor(READER)))).toEqual({
      allowed: true,
      role: 'reader',
    });
    expect(await authz.decide(actor(READER), 'admin', session(actor(READER)))).toEqual({
      allowed: false,
      reason: 'readOnly',
    });
  });
  it('resolves groups through the directory, cached for minutes', async () => {
    const { authz, calls, advance } = setup(
      { adminGroupIds: [ADMIN_GROUP], readerGroupIds: [READER_GROUP] },
      { [NOBODY]: [ADMIN_GROUP], [READER]: [READER_GROUP] },
    );
    const a = actor(NOBODY);
    expect(authz.precheck(a)).toEqual({ allowed: true });
    expect(await authz.decide(a, 'admin', session(a))).toEqual({ allowed: true, role: 'admin' });
    expect(await authz.decide(a, 'admin', session(a))).toEqual({ allowed: true, role: 'admin' });
    expect(calls).toEqual([NOBODY]);
    advance(301_000);
    await authz.decide(a, 'reader', session(a));
    expect(calls).toEqual([NOBODY, NOBODY]);
    expect(await authz.decide(actor(READER), 'admin', session(actor(READER)))).toEqual({
      allowed: false,
      reason: 'readOnly',
    });
  });
  it('asks the directory once for concurrent commands of one user', async () => {
    const { authz, calls } = setup({ adminGroupIds: [ADMIN_GROUP] }, { [NOBODY]: [ADMIN_GROUP] });
    const a = actor(NOBODY);
    const decisions = await Promise.all([1, 2, 3].map(() => authz.decide(a, 'admin', session(a))));
    expect(decisions).toEqual([1, 2, 3].map(() => ({ allowed: true, role: 'admin' })));
    expect(calls).toEqual([NOBODY]);
  });
  it('never asks the directory about a listed admin', async () => {
    const { authz, calls } = setup({ adminGroupIds: [ADMIN_GROUP] });
    await authz.decide(actor(ADMIN), 'admin', session(actor(ADMIN)));
    expect(calls).toEqual([]);
  });
});
