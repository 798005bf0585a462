/**
 * The fleet reads (issue 19, core/fleet-status.ts): `status TeamViewer @all` and `list @all` read every customer the
 * user may read, with the user's own token in that customer, at most FLEET_PARALLEL at once; a row each (the partner,
 * or why not with Entra's code); customers the user may not read are left out and counted; nothing is written.
 * In-memory ports; no store is involved (a read writes nothing: the operation store here refuses every write).
 */
import { Authorizer } from '../../src/core/authorization';
import type { Customer, CustomerDirectory } from '../../src/core/customers';
import { AppError } from '../../src/core/errors';
import { fleetRead, type FleetReadReply } from '../../src/core/fleet-status';
import { silentLogger } from '../../src/core/logger';
import type { Partner, UserSession } from '../../src/core/model';
import type { DirectoryGateway, GraphCaller, OperationStore, RemoteAssistanceGateway } from '../../src/core/ports';
import { isAppCaller } from '../../src/core/ports';
import type { Reply } from '../../src/core/replies';
import { fakeAssertion, fakeTokenOwner, partners } from './support/in-memory-ports';

const HOME = 'partner-tenant';
const TECH = 'aad-tech';
const READER = 'aad-reader';
const TECHS = 'group-techs';
const READERS = 'group-readers';
const customer = (name: string, technicians: string[], readers: string[] = []): Customer => ({
  name,
  tenantId: `tenant-${name}`,
  displayName: `${name[0].toUpperCase()}${name.slice(1)} Ltd`,
  technicianGroupIds: technicians,
  readerGroupIds: readers,
});
const CONTOSO = customer('contoso', [TECHS], [READERS]);
const FABRIKAM = customer('fabrikam', [TECHS], [READERS]);
const NORTHWIND = customer('northwind', [TECHS], [READERS]);
const WINGTIP = customer('wingtip', []);

/** A partner list per customer tenant (by the session's target); a refusal per tenant; who was called, how many at once. */
class Tenants implements RemoteAssistanceGateway, DirectoryGateway {
  readonly lists = new Map<string, Partner[]>();
  readonly refuse = new Map<string, AppError>();
  readonly calls: string[] = [];
  private busy = 0;
  maxBusy = 0;

  async list(caller: GraphCaller): Promise<Partner[]> {
    const tenant = isAppCaller(caller) ? caller.tenantId : (caller.target?.tenantId ?? HOME);
    this.calls.push(tenant);
    this.maxBusy = Math.max(this.maxBusy, ++this.busy);
    try {
      await new Promise((r) => setTimeout(r, 2));
      const refusal = this.refuse.get(tenant);
      if (refusal) throw refusal;
      return this.lists.get(tenant) ?? partners();
    } finally {
      this.busy--;
    }
  }
  get(): Promise<never> {
    throw new Error('a fleet read reads one list per customer, never one partner');
  }
  act(): Promise<never> {
    throw new Error('a fleet read changes nothing');
  }
  async memberOf(s: UserSession, groupIds: readonly string[]): Promise<string[]> {
    const mine = s.actor.aadObjectId === TECH ? [TECHS] : s.actor.aadObjectId === READER ? [READERS] : [];
    return groupIds.filter((g) => mine.includes(g));
  }
}

const noWrites = new Proxy({} as OperationStore, {
  get: (_t, name) => () => Promise.reject(new Error(`a fleet read wrote to the store (${String(name)})`)),
});

function setup(customers: Customer[], o: { parallel?: number; store?: OperationStore } = {}) {
  const gateway = new Tenants();
  const directory: CustomerDirectory = { customers, groups: {} };
  const clock = { now: () => new Date('2026-12-01T10:00:00Z') };
  const policy = {
    allowedTenantIds: [HOME],
    adminUserIds: [],
    adminGroupIds: [],
    readerUserIds: [],
    readerGroupIds: [],
    groupCacheSeconds: 300,
    customers: directory,
  };
  const d = {
    gateway,
    authorizer: new Authorizer(policy, gateway, clock),
    store: o.store ?? noWrites,
    clock,
    newId: () => 'id-1',
    log: silentLogger,
    tokenOwner: fakeTokenOwner,
    fleetParallel: o.parallel,
  };
  const target = { kind: 'fleet' as const, selector: 'all', customers };
  const read = async (who: string, argument?: string, assertionOf = who): Promise<Reply> => {
    const actor = { tenantId: HOME, aadObjectId: who, name: who, locale: 'en-US' };
    const session: UserSession = { actor, assertion: fakeAssertion(HOME, assertionOf) };
    return fleetRead(d, argument, target, { actor, conversation: { id: 'conv', kind: 'personal' }, session });
  };
  return { gateway, read };
}

const rows = (r: Reply) => {
  expect(r.type).toBe('fleetRead');
  return Object.fromEntries((r as FleetReadReply).rows.map((row) => [row.customer.name, row.outcome]));
};

describe('status TeamViewer @all (core)', () => {
  it('a row per customer: the partner read there, not consented (AADSTS90099), no access (AADSTS50020)', async () => {
    const s = setup([CONTOSO, FABRIKAM, NORTHWIND]);
    s.gateway.refuse.set(
      FABRIKAM.tenantId,
      new AppError('auth.customerNotConsented', 'AADSTS90099: The application has not been authorized in the tenant'),
    );
    s.gateway.refuse.set(NORTHWIND.tenantId, new AppError('auth.customerNoAccess', 'AADSTS50020: User account ...'));
    const reply = await s.read(TECH, 'TeamViewer');
    expect(rows(reply)).toEqual({
      contoso: {
        kind: 'partners',
        partners: [expect.objectContaining({ id: 'p-teamviewer', onboardingStatus: 'onboarded' })],
      },
      fabrikam: { kind: 'unreachable', errorKind: 'auth.customerNotConsented', code: 'AADSTS90099' },
      northwind: { kind: 'unreachable', errorKind: 'auth.customerNoAccess', code: 'AADSTS50020' },
    });
    expect(reply).toMatchObject({ command: 'status', query: 'TeamViewer', selector: 'all', hidden: 0 });
    // One list per customer, each in its own tenant; nothing at home.
    expect([...s.gateway.calls].sort()).toEqual([CONTOSO.tenantId, FABRIKAM.tenantId, NORTHWIND.tenantId]);
    // The technician may disconnect where the partner is onboarded: the fleet's button is offered.
    expect((reply as FleetReadReply).change).toBe('disconnect');
  });

  it('a customer the user may not read is left out (never called) and counted', async () => {
    const s = setup([CONTOSO, WINGTIP]);
    const reply = (await s.read(TECH, 'TeamViewer')) as FleetReadReply;
    expect(reply.rows.map((r) => r.customer.name)).toEqual(['contoso']);
    expect(reply.hidden).toBe(1);
    expect(s.gateway.calls).not.toContain(WINGTIP.tenantId);
  });

  it('a reader sees the rows but is offered no change; nothing to change offers none either', async () => {
    const s = setup([CONTOSO, FABRIKAM]);
    const asReader = (await s.read(READER, 'TeamViewer')) as FleetReadReply;
    expect(asReader.rows.map((r) => [r.customer.name, r.mayAct])).toEqual([
      ['contoso', false],
      ['fabrikam', false],
    ]);
    expect(asReader.change).toBeUndefined();
    const off = { ...partners()[0], onboardingStatus: 'notOnboarded' as const };
    s.gateway.lists.set(CONTOSO.tenantId, [off]);
    s.gateway.lists.set(FABRIKAM.tenantId, [off]);
    // Every partner already disconnected: the button offered is the next kind's (Reconnect), not Disconnect.
    expect(((await s.read(TECH, 'TeamViewer')) as FleetReadReply).change).toBe('reconnect');
  });

  it('no partner by that name in a customer is its row, not a failure of the card', async () => {
    const s = setup([CONTOSO, FABRIKAM]);
    s.gateway.lists.set(FABRIKAM.tenantId, []);
    expect(rows(await s.read(TECH, 'TeamViewer')).fabrikam).toEqual({ kind: 'noPartner', several: false });
  });

  it('reads run in parallel, at most FLEET_PARALLEL customers at once', async () => {
    const many = Array.from({ length: 20 }, (_, i) => customer(`c${i}`, [TECHS]));
    const s = setup(many);
    await s.read(TECH, 'TeamViewer');
    expect(s.gateway.calls).toHaveLength(20);
    expect(s.gateway.maxBusy).toBe(8);
    const two = setup(many, { parallel: 2 });
    await two.read(TECH, 'TeamViewer');
    expect(two.gateway.maxBusy).toBe(2);
  });

  it('a group lookup that fails is the card\'s failure (try again), never "left out: you may not read"', async () => {
    const s = setup([CONTOSO]);
    s.gateway.memberOf = async () => {
      throw new AppError('graph.unavailable', 'Service Unavailable', { status: 503 });
    };
    await expect(s.read(TECH, 'TeamViewer')).rejects.toMatchObject({ kind: 'graph.unavailable' });
    expect(s.gateway.calls).toEqual([]);
  });

  it("somebody else's token is refused before any Graph call, and the denial recorded", async () => {
    const inserted: unknown[] = [];
    const store = { insert: async (r: unknown) => void inserted.push(r) } as unknown as OperationStore;
    const s = setup([CONTOSO], { store });
    const reply = await s.read(TECH, 'TeamViewer', 'aad-someone-else');
    expect(reply).toMatchObject({ type: 'denied', reason: 'tokenUserMismatch' });
    expect(s.gateway.calls).toEqual([]);
    expect(inserted).toHaveLength(1);
  });
});

describe('list @all (core)', () => {
  it("each customer's partners, or why it cannot be reached; no change offered", async () => {
    const s = setup([CONTOSO, FABRIKAM]);
    s.gateway.refuse.set(FABRIKAM.tenantId, new AppError('graph.throttled', 'Too many requests', { status: 429 }));
    const reply = (await s.read(TECH)) as FleetReadReply;
    expect(reply.command).toBe('list');
    expect(rows(reply)).toEqual({
      contoso: { kind: 'partners', partners: partners() },
      fabrikam: { kind: 'unreachable', errorKind: 'graph.throttled' },
    });
    expect(reply.change).toBeUndefined();
  });
});
