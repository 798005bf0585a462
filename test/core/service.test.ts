/**
 * The core's use cases with in-memory ports: what each kind of person gets for each command, and the life
 * of an operation (request -> click -> exactly one Graph action), without HTTP, Teams or Graph.
 */
import { COMMANDS } from '../../src/commands';
import { OPERATION_KINDS } from '../../src/core/catalogue';
import { AppError } from '../../src/core/errors';
import type { OnboardingStatus, UserSession } from '../../src/core/model';
import type { Reply } from '../../src/core/replies';
import { ADMIN, inMemoryCore, READER, SECOND_ADMIN, STRANGER, type Core } from './support/in-memory-ports';

describe('the core use cases (in-memory ports)', () => {
  let core: Core;
  beforeEach(async () => {
    core = await inMemoryCore();
  });
  afterEach(() => core.close());

  /** The admins' shared chat: a card there may be clicked by anybody in it. */
  const TEAM = { conversationId: '19:admins@thread.v2' };
  const run = (text: string, who = ADMIN, o?: { signedIn?: boolean; conversationId?: string }) => {
    const [name, ...rest] = text.split(' ');
    const partner = rest.join(' ') || undefined;
    return core.service.handleCommand(
      { name: name as (typeof COMMANDS)[number]['name'], ...(partner ? { partner } : {}) },
      core.as(who, o),
    );
  };
  const confirmCard = async (text: string, who = ADMIN, o?: { conversationId?: string }) => {
    const reply = await run(text, who, o);
    if (reply.type !== 'confirm') throw new Error(`expected a confirmation, got ${reply.type}`);
    return reply.operation;
  };

  it('answers every command of the catalogue (the dispatch table is complete)', async () => {
    for (const spec of COMMANDS) {
      const reply: Reply = await run(spec.argument === 'required' ? `${spec.name} TeamViewer` : spec.name);
      expect(reply.type).not.toBe('error');
    }
  });

  it("applies each command's access from the catalogue: a reader may list and look, not act or read the history", async () => {
    expect((await run('list', READER)).type).toBe('partnerList');
    expect((await run('status TeamViewer', READER)).type).toBe('partnerStatus');
    for (const spec of COMMANDS.filter((c) => c.access === 'admin')) {
      expect(await run(`${spec.name} TeamViewer`, READER)).toMatchObject({ type: 'denied', reason: 'readOnly' });
    }
    expect(core.gateway.calls.filter((c) => c !== 'list')).toEqual([]);
  });

  it('records every denial, with the operation kind the command would have asked for', async () => {
    await run('disconnect TeamViewer', STRANGER);
    await run('list', STRANGER);
    const denied = await core.store.operations.history({ tenantId: 'tenant-a', states: ['denied'], limit: 10 });
    expect(denied.map((d) => [d.kind, d.errorKind])).toEqual([
      ['view', 'authz.notAllowed'],
      ['disconnect', 'authz.notAllowed'],
    ]);
  });

  it('help needs no sign-in and no Graph; a Graph command without a session asks for a sign-in', async () => {
    expect(await run('help', STRANGER, { signedIn: false })).toMatchObject({ type: 'help', canAct: false });
    expect(await run('list', ADMIN, { signedIn: false })).toMatchObject({
      type: 'error',
      error: { kind: 'auth.signInRequired' },
      retry: { command: 'list' },
    });
    expect(core.gateway.calls).toEqual([]);
  });

  it.each(Object.entries(OPERATION_KINDS))(
    '%s: asks first, then one click makes exactly one Graph call and the partner reaches its state',
    async (kind, spec) => {
      // The partner this kind would change (read from its row); when no fixture partner would (refresh needs one that
      // is onboarding), Contoso is put where the kind leads first.
      const fits = (p: { onboardingStatus: OnboardingStatus }) => !spec.alreadyThere(p.onboardingStatus);
      const target = [...core.gateway.partners.values()].find(fits) ?? core.gateway.partners.get('p-other')!;
      if (!fits(target)) target.onboardingStatus = spec.resultingStatus;
      const name = target.displayName.split(' ')[0];
      const op = await confirmCard(`${kind} ${name}`, ADMIN, TEAM);
      expect(op).toMatchObject({ kind, state: 'pending', requester: { id: ADMIN } });
      expect(core.gateway.calls.filter((c) => c !== 'list')).toEqual([]); // asking acts on nothing

      const clicks = await Promise.all([
        core.service.confirm(op.id, core.as(SECOND_ADMIN, TEAM)),
        core.service.confirm(op.id, core.as(ADMIN, TEAM)),
      ]);
      expect(core.gateway.calls.filter((c) => c.startsWith(spec.graphAction))).toEqual([
        `${spec.graphAction} ${op.partnerId}`,
      ]);
      expect(core.gateway.partners.get(op.partnerId)?.onboardingStatus).toBe(spec.resultingStatus);
      expect(clicks.map((c) => c.reply.type)).toEqual(['operation', 'operation']);
      expect(await core.store.operations.get(op.id)).toMatchObject({
        state: 'succeeded',
        executor: { id: SECOND_ADMIN },
        settledBy: 'graph',
      });
    },
  );

  it('says "nothing to do" instead of asking when the partner is already there', async () => {
    expect(await run('disconnect Contoso')).toMatchObject({ type: 'partnerStatus', nothingToDo: 'disconnect' });
    expect(await run('reconnect TeamViewer')).toMatchObject({ type: 'partnerStatus', nothingToDo: 'reconnect' });
  });

  it('keeps the card usable after a retryable failure, and fails it for everyone after a final one', async () => {
    const op = await confirmCard('disconnect TeamViewer');
    core.gateway.failNextAction = new AppError('graph.throttled', 'busy', { status: 429, retryAfterSeconds: 30 });
    expect(await core.service.confirm(op.id, core.as(ADMIN))).toMatchObject({
      audience: 'clicker',
      reply: { error: { kind: 'graph.throttled' } },
    });
    expect((await core.store.operations.get(op.id))?.state).toBe('pending');

    core.gateway.failNextAction = new AppError('graph.forbidden', 'no role', { status: 403 });
    expect(await core.service.confirm(op.id, core.as(ADMIN))).toMatchObject({
      audience: 'everyone',
      reply: { error: { kind: 'graph.forbidden' } },
    });
    expect(await core.store.operations.get(op.id)).toMatchObject({ state: 'failed', errorKind: 'graph.forbidden' });
  });

  it("a reader's click is refused and recorded; the requester may cancel; an expired card acts on nothing", async () => {
    const op = await confirmCard('disconnect TeamViewer', ADMIN, TEAM);
    expect(await core.service.confirm(op.id, core.as(READER, TEAM))).toMatchObject({
      audience: 'clicker',
      reply: { type: 'denied', reason: 'readOnly' },
    });
    expect(await core.service.cancel(op.id, core.as(ADMIN, TEAM))).toMatchObject({
      audience: 'everyone',
      reply: { operation: { state: 'cancelled' } },
    });

    const late = await confirmCard('disconnect TeamViewer');
    core.clock.advanceMinutes(16);
    expect(await core.service.confirm(late.id, core.as(ADMIN))).toMatchObject({
      reply: { operation: { state: 'expired' } },
    });
    expect(core.gateway.calls.filter((c) => c.startsWith('disconnect'))).toEqual([]);
  });

  it('a click naming an operation of another tenant, or a made-up id, finds nothing', async () => {
    const op = await confirmCard('disconnect TeamViewer');
    const outsider = core.as(ADMIN);
    outsider.actor.tenantId = 'tenant-b';
    expect(await core.service.confirm(op.id, outsider)).toEqual({
      reply: { type: 'operationUnknown' },
      audience: 'clicker',
    });
    expect(await core.service.confirm('../../etc', core.as(ADMIN))).toEqual({
      reply: { type: 'operationUnknown' },
      audience: 'clicker',
    });
  });
});

describe('whoami (in-memory ports)', () => {
  let core: Core;
  beforeEach(async () => {
    core = await inMemoryCore({ adminGroupIds: [] });
  });
  afterEach(() => core.close());

  const whoami = (
    ctx: Omit<ReturnType<Core['as']>, 'session'> & {
      session?: UserSession;
      heldSession?: () => Promise<UserSession | undefined>;
    },
  ) => core.service.handleCommand({ name: 'whoami' }, ctx);
  const held = (id: string): UserSession => ({ actor: core.as(id).actor, assertion: 'held' });

  it('tells each person their identity, tenant and role, with no Graph call and no sign-in needed', async () => {
    expect(await whoami(core.as(ADMIN, { signedIn: false }))).toMatchObject({
      type: 'whoami',
      actor: { aadObjectId: ADMIN, tenantId: 'tenant-a' },
      role: 'admin',
      tenantAllowed: true,
      conversation: 'personal',
    });
    expect(await whoami(core.as(READER))).toMatchObject({ role: 'reader' });
    expect(await whoami(core.as(STRANGER))).toMatchObject({ role: 'none', tenantAllowed: true });
    const outsider = core.as(ADMIN);
    outsider.actor.tenantId = 'tenant-b';
    expect(await whoami(outsider)).toMatchObject({ role: 'none', tenantAllowed: false });
    expect(core.gateway.calls).toEqual([]);
    expect(await core.store.operations.history({ tenantId: 'tenant-a', limit: 10 })).toEqual([]); // nothing to record
  });

  it('says whether the user is signed in when the host can tell, and "unknown" when asking fails', async () => {
    expect(
      await whoami({ ...core.as(ADMIN, { signedIn: false }), heldSession: async () => held(ADMIN) }),
    ).toMatchObject({ signedIn: true });
    expect(await whoami({ ...core.as(ADMIN, { signedIn: false }), heldSession: async () => undefined })).toMatchObject({
      signedIn: false,
    });
    const failing = await whoami({
      ...core.as(ADMIN, { signedIn: false }),
      heldSession: async () => Promise.reject(new Error('token service down')),
    });
    expect(failing).toMatchObject({ type: 'whoami' });
    expect((failing as { signedIn?: boolean }).signedIn).toBeUndefined();
  });

  it('with groups configured, a person not listed by id learns that a group decides', async () => {
    const grouped = await inMemoryCore({ adminGroupIds: ['group-admins'] });
    try {
      expect(await grouped.service.handleCommand({ name: 'whoami' }, grouped.as(STRANGER))).toMatchObject({
        role: 'byGroup',
      });
      expect(grouped.gateway.calls).toEqual([]);
    } finally {
      await grouped.close();
    }
  });
});
