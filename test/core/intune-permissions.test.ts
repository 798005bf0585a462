/**
 * The Intune permission check before a button is offered: per-user cache, one lookup for concurrent commands,
 * and the fallbacks (a failed check offers the button; Intune's own 401 Forbidden lists nothing: unknown). Then
 * what the use cases answer with it in enforce mode (in-memory ports); advise and off: intune-check-mode.test.ts.
 */
import { AppError } from '../../src/core/errors';
import { IntunePermissions } from '../../src/core/intune-permissions';
import type { Logger } from '../../src/core/logger';
import type { UserSession } from '../../src/core/model';
import type { IntuneRbacGateway } from '../../src/core/ports';
import { REMOTE_ASSISTANCE_UPDATE, type RolePermission } from '../../src/core/resource-actions';
import { ADMIN, inMemoryCore, READER, SECOND_ADMIN, type Core } from './support/in-memory-ports';

const readOnly: RolePermission[] = [
  {
    actions: [],
    resourceActions: [
      { allowedResourceActions: ['Microsoft.Intune_RemoteAssistance_Read'], notAllowedResourceActions: [] },
    ],
  },
];
const everything: RolePermission[] = [
  { actions: [], resourceActions: [{ allowedResourceActions: ['Microsoft.Intune_*'], notAllowedResourceActions: [] }] },
];
const session = (oid: string, tenantId = 'tenant-a'): UserSession => ({
  actor: { tenantId, aadObjectId: oid, name: oid, locale: 'en-US' },
  assertion: 'assertion',
});

function rig(answer: (s: UserSession) => Promise<RolePermission[]>, cacheSeconds = 300) {
  let now = Date.parse('2026-12-01T10:00:00Z');
  const asked: string[] = [];
  const warnings: Record<string, unknown>[] = [];
  const gateway: IntuneRbacGateway = {
    effectivePermissions: (s) => {
      asked.push(s.actor.aadObjectId);
      return answer(s);
    },
  };
  const log: Logger = { debug() {}, info() {}, warn: (_m, f) => void warnings.push(f ?? {}), error() {} };
  const check = new IntunePermissions({
    gateway,
    clock: { now: () => new Date(now) },
    log,
    cacheSeconds,
    adminContact: 'the Intune team',
  });
  return { check, asked, warnings, advance: (s: number) => void (now += s * 1000) };
}

describe('IntunePermissions', () => {
  it("allowed, missing: from the user's effective permissions; what is missing names the action and the contact", async () => {
    const r = rig(async (s) => (s.actor.aadObjectId === 'helpdesk' ? readOnly : everything));
    expect(await r.check.verdict(session('admin'), REMOTE_ASSISTANCE_UPDATE)).toBe('allowed');
    expect(await r.check.verdict(session('helpdesk'), REMOTE_ASSISTANCE_UPDATE)).toBe('missing');
    expect(await r.check.missing(session('helpdesk'), REMOTE_ASSISTANCE_UPDATE)).toEqual({
      action: REMOTE_ASSISTANCE_UPDATE,
      contact: 'the Intune team',
      enforced: false,
    });
    expect(await r.check.missing(session('admin'), REMOTE_ASSISTANCE_UPDATE)).toBeUndefined();
  });

  it('asks once per user for the cache time, then again', async () => {
    const r = rig(async () => readOnly, 300);
    for (let i = 0; i < 3; i++) await r.check.verdict(session('helpdesk'), REMOTE_ASSISTANCE_UPDATE);
    await r.check.verdict(session('admin'), REMOTE_ASSISTANCE_UPDATE);
    expect(r.asked).toEqual(['helpdesk', 'admin']);
    r.advance(299);
    await r.check.verdict(session('helpdesk'), REMOTE_ASSISTANCE_UPDATE);
    expect(r.asked).toHaveLength(2);
    r.advance(2);
    await r.check.verdict(session('helpdesk'), REMOTE_ASSISTANCE_UPDATE);
    expect(r.asked).toEqual(['helpdesk', 'admin', 'helpdesk']);
  });

  it('keeps users of different tenants apart, and ids regardless of case', async () => {
    const r = rig(async () => everything);
    await r.check.verdict(session('User-1'), REMOTE_ASSISTANCE_UPDATE);
    await r.check.verdict(session('user-1'), REMOTE_ASSISTANCE_UPDATE);
    await r.check.verdict(session('user-1', 'tenant-b'), REMOTE_ASSISTANCE_UPDATE);
    expect(r.asked).toEqual(['User-1', 'user-1']);
  });

  it('concurrent commands of one user share one lookup', async () => {
    let release!: (p: RolePermission[]) => void;
    const r = rig(() => new Promise((resolve) => (release = resolve)));
    const verdicts = Promise.all(
      [1, 2, 3, 4].map(() => r.check.verdict(session('helpdesk'), REMOTE_ASSISTANCE_UPDATE)),
    );
    await new Promise((resolve) => setImmediate(resolve));
    release(readOnly);
    expect(await verdicts).toEqual(['missing', 'missing', 'missing', 'missing']);
    expect(r.asked).toEqual(['helpdesk']);
  });

  it('a failed check is "unknown" (the button is offered), logged, and not kept: the next command asks again', async () => {
    let fail = true;
    const r = rig(async () => {
      if (fail) throw new AppError('graph.unavailable', 'Graph answered 503', { status: 503, requestId: 'req-1' });
      return readOnly;
    });
    expect(await r.check.verdict(session('helpdesk'), REMOTE_ASSISTANCE_UPDATE)).toBe('unknown');
    expect(await r.check.missing(session('helpdesk'), REMOTE_ASSISTANCE_UPDATE)).toBeUndefined();
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings[0]).toMatchObject({
      action: REMOTE_ASSISTANCE_UPDATE,
      user: 'helpdesk',
      error: { kind: 'graph.unavailable', requestId: 'req-1' },
    });
    fail = false;
    expect(await r.check.verdict(session('helpdesk'), REMOTE_ASSISTANCE_UPDATE)).toBe('missing');
    expect(r.asked).toHaveLength(3);
  });

  it('a 403 (the token lacks DeviceManagementRBAC.Read.All) is a failed check, not a missing permission', async () => {
    const r = rig(async () => {
      throw new AppError('graph.forbidden', 'Graph answered 403 Forbidden', { status: 403, code: 'Forbidden' });
    });
    expect(await r.check.verdict(session('admin'), REMOTE_ASSISTANCE_UPDATE)).toBe('unknown');
    expect(r.warnings).toHaveLength(1);
  });

  it("Intune's 401 Forbidden (no Intune role assignment) is an answer that lists nothing: unknown (issue 16), and it is kept", async () => {
    const r = rig(async () => {
      throw new AppError('graph.forbidden', 'Graph answered 401 UnknownError', { status: 401, code: 'UnknownError' });
    });
    expect(await r.check.answer(session('nobody'), REMOTE_ASSISTANCE_UPDATE)).toEqual({
      verdict: 'unknown',
      lookup: 'refused',
      allowed: [],
      notAllowed: [],
    });
    expect(await r.check.verdict(session('nobody'), REMOTE_ASSISTANCE_UPDATE)).toBe('unknown');
    expect(r.asked).toHaveLength(1);
    expect(r.warnings).toEqual([]);
  });
});

describe('the use cases with the Intune permission check enforced (in-memory ports)', () => {
  let core: Core;
  beforeEach(async () => {
    core = await inMemoryCore({ adminContact: 'the Intune team' }, { intuneCheckMode: 'enforce' });
    core.gateway.intuneRoles.set(SECOND_ADMIN, readOnly);
  });
  afterEach(() => core.close());

  const run = (text: string, who: string) => {
    const [name, ...rest] = text.split(' ');
    const partner = rest.join(' ') || undefined;
    return core.service.handleCommand({ name: name as 'list', ...(partner ? { partner } : {}) }, core.as(who));
  };

  it('list and status say what is missing for a user without the permission, and nothing for one with it', async () => {
    const missing = { action: REMOTE_ASSISTANCE_UPDATE, contact: 'the Intune team', enforced: true };
    expect(await run('list', SECOND_ADMIN)).toMatchObject({ type: 'partnerList', cannotChange: missing });
    expect(await run('status TeamViewer', SECOND_ADMIN)).toMatchObject({
      type: 'partnerStatus',
      cannotChange: missing,
    });
    expect(await run('list', ADMIN)).not.toHaveProperty('cannotChange');
    expect(await run('status TeamViewer', ADMIN)).not.toHaveProperty('cannotChange');
    // A reader (bot role) is checked too: the answer is about Intune, not about this bot's lists.
    core.gateway.intuneRoles.set(READER, readOnly);
    expect(await run('list', READER)).toMatchObject({ cannotChange: missing });
  });

  it('disconnect and reconnect without the permission: no confirmation, no pending operation, no Graph call', async () => {
    expect(await run('disconnect TeamViewer', SECOND_ADMIN)).toEqual({
      type: 'changeNotPermitted',
      kind: 'disconnect',
      partnerQuery: 'TeamViewer',
      missing: { action: REMOTE_ASSISTANCE_UPDATE, contact: 'the Intune team', enforced: true },
    });
    expect(await run('reconnect', SECOND_ADMIN)).toMatchObject({ type: 'changeNotPermitted', kind: 'reconnect' });
    expect(core.gateway.calls).toEqual([]);
    expect(await core.store.operations.history({ tenantId: 'tenant-a', limit: 10 })).toEqual([]);
    expect((await run('disconnect TeamViewer', ADMIN)).type).toBe('confirm');
  });

  it('when the check fails the buttons are offered: Graph stays the last word', async () => {
    core.gateway.failPermissions = new AppError('graph.network', 'Graph could not be reached');
    expect(await run('list', SECOND_ADMIN)).not.toHaveProperty('cannotChange');
    expect((await run('disconnect TeamViewer', SECOND_ADMIN)).type).toBe('confirm');
  });

  it('a failing list is what the user is told about; the check is not made', async () => {
    const list = core.gateway.list.bind(core.gateway);
    core.gateway.list = async () => {
      throw new AppError('graph.throttled', 'Graph answered 429', { status: 429, retryAfterSeconds: 5 });
    };
    expect(await run('list', SECOND_ADMIN)).toMatchObject({ type: 'error', error: { kind: 'graph.throttled' } });
    expect(core.gateway.permissionLookups).toEqual([]);
    core.gateway.list = list;
  });

  it('one lookup per user across commands', async () => {
    await run('list', SECOND_ADMIN);
    await run('status TeamViewer', SECOND_ADMIN);
    await run('disconnect TeamViewer', SECOND_ADMIN);
    await Promise.all([run('list', ADMIN), run('list', ADMIN), run('status TeamViewer', ADMIN)]);
    expect(core.gateway.permissionLookups).toEqual([SECOND_ADMIN, ADMIN]);
  });
});
