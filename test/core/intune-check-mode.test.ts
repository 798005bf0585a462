/**
 * The Intune pre-check may only advise unless it has positive evidence (issue 16): "missing" only when Intune's
 * answer lists Remote Assistance actions of the user and none allows the change; an empty answer, an answer with
 * other categories only, or a wildcard it cannot read is "unknown", and the button is offered (Graph decides).
 */
import type { IntuneCheckMode } from '../../src/core/intune-permissions';
import type { UserSession } from '../../src/core/model';
import { readIntuneAnswer, REMOTE_ASSISTANCE_UPDATE, type RolePermission } from '../../src/core/resource-actions';
import { ADMIN, fakeAssertion, inMemoryCore, SECOND_ADMIN, STRANGER, type Core } from './support/in-memory-ports';

const listing = (allowed: string[], notAllowed: string[] = []): RolePermission[] => [
  { actions: [], resourceActions: [{ allowedResourceActions: allowed, notAllowedResourceActions: notAllowed }] },
];

const RA_READ = 'Microsoft.Intune_RemoteAssistance_Read';
const readOnly = listing([RA_READ]);

describe('readIntuneAnswer: "missing" only on positive evidence', () => {
  it.each([
    ['nothing', [], 'unknown', [], []],
    ['other categories only', listing(['Microsoft.Intune_Organization_Read']), 'unknown', [], []],
    ['Remote Assistance Read only', readOnly, 'missing', [RA_READ], []],
    [
      'Read, in other case',
      listing(['microsoft.intune_remoteassistance_read']),
      'missing',
      ['microsoft.intune_remoteassistance_read'],
      [],
    ],
    ['Update', listing([RA_READ, REMOTE_ASSISTANCE_UPDATE]), 'allowed', [RA_READ, REMOTE_ASSISTANCE_UPDATE], []],
    [
      'a wildcard that covers it',
      listing(['Microsoft.Intune_*', 'Microsoft.Intune_Organization_Read']),
      'allowed',
      ['Microsoft.Intune_*'],
      [],
    ],
    [
      'everything but Update, named',
      listing(['*'], [REMOTE_ASSISTANCE_UPDATE]),
      'missing',
      ['*'],
      [REMOTE_ASSISTANCE_UPDATE],
    ],
    [
      'everything but a wildcard it cannot read',
      listing(['*'], ['Microsoft.Intune_RemoteAssistance_*']),
      'unknown',
      ['*'],
      ['Microsoft.Intune_RemoteAssistance_*'],
    ],
    [
      'Read in one role, Update in another',
      [...readOnly, { actions: [REMOTE_ASSISTANCE_UPDATE], resourceActions: [] }],
      'allowed',
      [RA_READ, REMOTE_ASSISTANCE_UPDATE],
      [],
    ],
  ])('%s -> %s', (_what, permissions: RolePermission[], verdict, allowed, notAllowed) => {
    expect(readIntuneAnswer(permissions, REMOTE_ASSISTANCE_UPDATE)).toEqual({ verdict, allowed, notAllowed });
  });
});

describe('an admin for whom Intune lists nothing about Remote Assistance', () => {
  let core: Core;
  beforeEach(async () => {
    core = await inMemoryCore({ adminContact: 'the Intune team' });
  });
  afterEach(() => core.close());

  it.each([
    ['an empty answer', []],
    ['a role permission without resource actions', [{ actions: [], resourceActions: [] }]],
    [
      'other categories only (an Entra Intune Administrator without an Intune role assignment, maybe)',
      listing(['Microsoft.Intune_Organization_Read', 'Microsoft.Intune_ManagedDevices_Read']),
    ],
  ])('gets the confirmation with its Disconnect button after %s', async (_what, answer: RolePermission[]) => {
    core.gateway.intuneRoles.set(SECOND_ADMIN, answer);
    const reply = await core.service.handleCommand(
      { name: 'disconnect', partner: 'TeamViewer' },
      core.as(SECOND_ADMIN),
    );
    expect(reply).toMatchObject({ type: 'confirm', operation: { kind: 'disconnect' } });
    expect(reply).not.toHaveProperty('intuneAdvice');
    expect(await core.service.handleCommand({ name: 'list' }, core.as(SECOND_ADMIN))).not.toHaveProperty(
      'cannotChange',
    );
  });
});

describe('the modes, for a user whose answer lists Remote Assistance Read only', () => {
  let core: Core;
  const start = async (mode?: IntuneCheckMode, approval = false) => {
    core = await inMemoryCore(
      { adminContact: 'the Intune team', approverUserIds: ['aad-approver'] },
      { ...(mode ? { intuneCheckMode: mode } : {}), approval: { required: approval, approverUsers: 1 } },
    );
    core.gateway.intuneRoles.set(SECOND_ADMIN, readOnly);
  };
  afterEach(() => core.close());
  const run = (name: 'list' | 'disconnect', who = SECOND_ADMIN) =>
    core.service.handleCommand(name === 'list' ? { name } : { name, partner: 'TeamViewer' }, core.as(who));
  const advice = { action: REMOTE_ASSISTANCE_UPDATE, contact: 'the Intune team', enforced: false };

  it('advise (the default): the confirmation, with the advice; the click goes to Graph', async () => {
    await start();
    expect(await run('list')).toMatchObject({ type: 'partnerList', cannotChange: advice });
    const reply = await run('disconnect');
    expect(reply).toMatchObject({ type: 'confirm', intuneAdvice: advice });
    if (reply.type !== 'confirm') throw new Error('no confirmation');
    expect(await core.service.confirm(reply.operation.id, core.as(SECOND_ADMIN))).toMatchObject({
      reply: { type: 'operation', operation: { state: 'succeeded' } },
    });
    expect(core.gateway.calls.filter((c) => c.startsWith('disconnect'))).toHaveLength(1);
  });

  it('enforce: the refusal, no pending operation', async () => {
    await start('enforce');
    expect(await run('list')).toMatchObject({ cannotChange: { ...advice, enforced: true } });
    expect(await run('disconnect')).toMatchObject({ type: 'changeNotPermitted', missing: { enforced: true } });
    expect(await core.store.operations.history({ tenantId: 'tenant-a', limit: 10 })).toEqual([]);
  });

  it('off: Intune is not asked, nothing is said, the confirmation is offered', async () => {
    await start('off');
    expect(await run('list')).not.toHaveProperty('cannotChange');
    expect(await run('disconnect')).toMatchObject({ type: 'confirm' });
    expect(await run('disconnect')).not.toHaveProperty('intuneAdvice');
    expect(core.gateway.permissionLookups).toEqual([]);
  });

  it('advise under two-person approval: the approver sees Approve with the note, and the approval goes to Graph', async () => {
    await start('advise', true);
    const request = await run('disconnect', ADMIN);
    if (request.type !== 'confirm') throw new Error('no request');
    const channel = { conversationId: request.operation.conversationId };
    expect(await core.service.view(request.operation.id, core.as(SECOND_ADMIN, channel))).toMatchObject({
      reply: { viewer: 'approver', cannotApprove: advice },
    });
    expect(await core.service.confirm(request.operation.id, core.as(SECOND_ADMIN, channel))).toMatchObject({
      reply: { type: 'operation', operation: { state: 'succeeded' } },
    });
  });
});

describe('whoami shows what Intune answered', () => {
  let core: Core;
  afterEach(() => core.close());
  const whoami = (who: string, held: boolean) => {
    const ctx = core.as(who, { signedIn: false });
    const session: UserSession = {
      actor: ctx.actor,
      assertion: fakeAssertion(ctx.actor.tenantId, ctx.actor.aadObjectId),
    };
    return core.service.handleCommand(
      { name: 'whoami' },
      { ...ctx, heldSession: async () => (held ? session : undefined) },
    );
  };

  it('with a token the user holds: the Remote Assistance actions listed and the verdict, in the mode', async () => {
    core = await inMemoryCore({}, { intuneCheckMode: 'enforce' });
    core.gateway.intuneRoles.set(
      SECOND_ADMIN,
      listing([RA_READ, 'Microsoft.Intune_Organization_Read'], [REMOTE_ASSISTANCE_UPDATE]),
    );
    expect(await whoami(SECOND_ADMIN, true)).toMatchObject({
      signedIn: true,
      intune: {
        mode: 'enforce',
        answer: { verdict: 'missing', lookup: 'listed', allowed: [RA_READ], notAllowed: [REMOTE_ASSISTANCE_UPDATE] },
      },
    });
    expect(await whoami(ADMIN, true)).toMatchObject({ intune: { answer: { verdict: 'allowed', allowed: ['*'] } } });
  });

  it('not asked with a held token that belongs to somebody else (session-owner.ts)', async () => {
    core = await inMemoryCore({}, { intuneCheckMode: 'enforce' });
    const ctx = core.as(SECOND_ADMIN, { signedIn: false });
    const foreign: UserSession = { actor: ctx.actor, assertion: fakeAssertion(ctx.actor.tenantId, ADMIN) };
    const reply = await core.service.handleCommand({ name: 'whoami' }, { ...ctx, heldSession: async () => foreign });
    expect(reply).toMatchObject({ intune: { mode: 'enforce' } });
    expect(reply.type === 'whoami' && reply.intune?.answer).toBeFalsy();
  });

  it('not asked without a held token, for somebody who may not use the bot, or with the check off', async () => {
    core = await inMemoryCore();
    expect(await whoami(ADMIN, false)).toMatchObject({ signedIn: false, intune: { mode: 'advise' } });
    expect(await whoami(STRANGER, true)).toMatchObject({ role: 'none', intune: { mode: 'advise' } });
    expect(core.gateway.permissionLookups).toEqual([]);
    await core.close();
    core = await inMemoryCore({}, { intuneCheckMode: 'off' });
    expect(await whoami(ADMIN, true)).toEqual(expect.objectContaining({ intune: { mode: 'off' } }));
    expect(core.gateway.permissionLookups).toEqual([]);
  });
});
