/**
 * The simulator's mutable state: partners, users and their sign-ins, faults, counters and the call log.
 * `reset()` returns everything to the seed.
 */
import { randomInt } from 'node:crypto';
import type { Partner } from '../core/model';
import { CustomerWorld } from './customer-world';
import type {
  CallRecord,
  GraphFault,
  HeldOutcome,
  HeldRequest,
  SimUser,
  SimulatorCounters,
  UserFaultFlags,
} from './types';

interface QueuedFault {
  remaining: number;
  fault: GraphFault;
}

export interface StoredUserToken {
  token: string;
  expiresAt: number;
}

/** The Graph actions a test can hold on arrival. */
export type HeldAction = 'disconnect' | 'beginOnboarding';

export class HeldDisconnect implements HeldRequest {
  isReached = false;
  /** A request of its action has taken this hold. */
  taken = false;
  readonly reached: Promise<void>;
  private markReached!: () => void;
  private outcome?: HeldOutcome;
  private waiters: ((outcome: HeldOutcome) => void)[] = [];

  constructor(readonly action: HeldAction = 'disconnect') {
    this.reached = new Promise((resolve) => {
      this.markReached = resolve;
    });
  }

  /** Called by the Graph route when the disconnect arrives; resolves with the outcome once released. */
  arrive(): Promise<HeldOutcome> {
    this.isReached = true;
    this.markReached();
    if (this.outcome) return Promise.resolve(this.outcome);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get released(): boolean {
    return this.outcome !== undefined;
  }

  release(outcome: HeldOutcome = 'complete'): void {
    if (this.outcome) return;
    this.outcome = outcome;
    for (const waiter of this.waiters.splice(0)) waiter(outcome);
  }
}

export class SimState {
  partners = new Map<string, Partner>();
  users: SimUser[] = [];
  private readonly usersByChannelId = new Map<string, SimUser>();
  private readonly usersByOid = new Map<string, SimUser>();
  /** The token the token service holds per signed-in channel user. */
  readonly userTokens = new Map<string, StoredUserToken>();
  /** Pending 6-digit sign-in codes per channel user. */
  readonly signInCodes = new Map<string, string>();
  /** Sign-in states handed out by GetSignInResource (id -> channel user id). */
  readonly signInStates = new Map<string, { channelUserId?: string; connectionName?: string }>();

  private graphFaults: QueuedFault[] = [];
  readonly userFlags = new Map<string, UserFaultFlags>();
  graphLatencyMs = 0;
  /** Partners per page of GET .../remoteAssistancePartners (a $top in the request overrides it). */
  pageSize: number;
  /** Fault: nextLinks point at this origin instead of the simulator's (a misbehaving or hostile service). */
  nextLinkOrigin?: string;
  private holds: HeldDisconnect[] = [];

  calls: CallRecord[] = [];
  counters: SimulatorCounters = { oboByUser: {}, oboTotal: 0, discovery: 0, graph: 0 };

  constructor(
    private readonly seedUsers: SimUser[],
    private readonly seedPartners: Partner[],
    private readonly seedLatencyMs: number,
    private readonly callLogLimit: number,
    private readonly seedPageSize = 100,
    /** The customer tenants and the partner tenant's GDAP relationships (customer-world.ts). */
    readonly customers = new CustomerWorld([], []),
  ) {
    this.pageSize = seedPageSize;
    this.reset();
  }

  reset(): void {
    this.customers.reset();
    this.partners = new Map(this.seedPartners.map((p) => [p.id.toLowerCase(), { ...p }]));
    this.users = this.seedUsers.map((u) => ({
      ...u,
      groups: [...(u.groups ?? [])],
      ...(u.intuneResourceActions ? { intuneResourceActions: [...u.intuneResourceActions] } : {}),
      ...(u.intuneNotAllowedResourceActions
        ? { intuneNotAllowedResourceActions: [...u.intuneNotAllowedResourceActions] }
        : {}),
      ...(Array.isArray(u.intuneEffectivePermissions)
        ? { intuneEffectivePermissions: [...u.intuneEffectivePermissions] }
        : {}),
    }));
    this.usersByChannelId.clear();
    this.usersByOid.clear();
    for (const user of this.users) {
      this.usersByChannelId.set(user.channelUserId, user);
      this.usersByOid.set(user.aadObjectId.toLowerCase(), user);
    }
    this.userTokens.clear();
    this.signInCodes.clear();
    this.signInStates.clear();
    this.clearFaults();
    this.graphLatencyMs = this.seedLatencyMs;
    this.pageSize = this.seedPageSize;
    this.calls = [];
    this.counters = { oboByUser: {}, oboTotal: 0, discovery: 0, graph: 0 };
  }

  clearFaults(): void {
    this.graphFaults = [];
    this.nextLinkOrigin = undefined;
    this.userFlags.clear();
    for (const customer of this.customers.list()) customer.throttle = undefined;
    for (const held of this.holds) held.release('drop');
    this.holds = [];
  }

  userByChannelId(id: string): SimUser | undefined {
    return this.usersByChannelId.get(id);
  }

  userByOid(oid: string | undefined): SimUser | undefined {
    return oid ? this.usersByOid.get(oid.toLowerCase()) : undefined;
  }

  knownTenant(tenant: string): boolean {
    const t = tenant.toLowerCase();
    return this.users.some((u) => u.tenantId.toLowerCase() === t) || this.customers.find(t) !== undefined;
  }

  addGraphFault(count: number, fault: GraphFault): void {
    if (count > 0) this.graphFaults.push({ remaining: count, fault: { ...fault } });
  }

  /** The fault that applies to this Graph request, consuming one use of it. */
  takeGraphFault(method: string, path: string): GraphFault | undefined {
    const index = this.graphFaults.findIndex(
      ({ fault }) =>
        (!fault.method || fault.method.toUpperCase() === method) &&
        (!fault.pathIncludes || path.includes(fault.pathIncludes)),
    );
    if (index < 0) return undefined;
    const queued = this.graphFaults[index];
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.graphFaults.splice(index, 1);
    return queued.fault;
  }

  pendingGraphFaults(): { remaining: number; fault: GraphFault }[] {
    return this.graphFaults.map((q) => ({ remaining: q.remaining, fault: { ...q.fault } }));
  }

  flagsFor(oid: string | undefined): UserFaultFlags {
    return (oid && this.userFlags.get(oid.toLowerCase())) || {};
  }

  setUserFlags(oid: string, flags: UserFaultFlags): void {
    const key = oid.toLowerCase();
    this.userFlags.set(key, { ...this.userFlags.get(key), ...flags });
  }

  /** Holds not yet released (armed, or holding a request). */
  get heldDisconnects(): HeldDisconnect[] {
    this.holds = this.holds.filter((h) => !h.released);
    return [...this.holds];
  }

  holdNextDisconnect(action: HeldAction = 'disconnect'): HeldDisconnect {
    const held = new HeldDisconnect(action);
    this.holds.push(held);
    return held;
  }

  /** The armed hold for this action, if any (each hold takes one request). */
  takeHeldDisconnect(action: HeldAction = 'disconnect'): HeldDisconnect | undefined {
    const held = this.holds.find((h) => h.action === action && !h.taken && !h.released);
    if (held) held.taken = true;
    return held;
  }

  /** Releases every hold that is holding a request now. */
  releaseReached(outcome: HeldOutcome): number {
    const reached = this.holds.filter((h) => h.isReached && !h.released);
    for (const held of reached) held.release(outcome);
    return reached.length;
  }

  newSignInCode(channelUserId: string): string {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.signInCodes.set(channelUserId, code);
    return code;
  }

  countObo(oid: string): void {
    this.counters.oboTotal += 1;
    this.counters.oboByUser[oid] = (this.counters.oboByUser[oid] ?? 0) + 1;
  }

  record(call: CallRecord): void {
    this.calls.push(call);
    if (this.calls.length > this.callLogLimit * 2) this.calls = this.calls.slice(-this.callLogLimit);
  }

  recentCalls(limit: number): CallRecord[] {
    return this.calls.slice(-limit);
  }

  partnerList(): Partner[] {
    return [...this.partners.values()].map((p) => ({ ...p }));
  }

  /** What happens on the partner's side when its admin finishes onboarding: onboarded, connected now. */
  completeOnboarding(id: string): void {
    const p = this.partners.get(id.toLowerCase());
    if (!p) throw new Error(`No simulated partner '${id}'`);
    Object.assign(p, {
      onboardingStatus: 'onboarded',
      lastConnectionDateTime: new Date().toISOString(),
      onboardingRequestExpiryDateTime: null,
    });
  }
}
