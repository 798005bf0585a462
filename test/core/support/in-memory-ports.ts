/**
 * In-memory ports for the core's unit tests: partners in a Map behind the RemoteAssistanceGateway port,
 * group membership from a table, Intune role permissions per user (IntuneRbacGateway), a settable clock, and
 * the store on SQLite's :memory: database (the same code as production, held to the same contract:
 * test/store/operation-store.contract.test.ts), behind a wrapper that fails on demand (FlakyOperationStore).
 */
import type { ApprovalSettings } from '../../../src/core/approval-model';
import { Authorizer, type AuthorizationPolicy } from '../../../src/core/authorization';
import { IntunePermissions, type IntuneCheckMode } from '../../../src/core/intune-permissions';
import type { ServiceOptions } from '../../../src/core/context';
import { AppError } from '../../../src/core/errors';
import { silentLogger } from '../../../src/core/logger';
import type { Actor, OperationRecord, OperationState, Partner, UserSession } from '../../../src/core/model';
import {
  isAppCaller,
  type DirectoryGateway,
  type GraphAction,
  type GraphCallInfo,
  type GraphCaller,
  type HistoryQuery,
  type IntuneRbacGateway,
  type OperationPatch,
  type OperationStore,
  type RemoteAssistanceGateway,
} from '../../../src/core/ports';
import type { RolePermission } from '../../../src/core/resource-actions';
import type { ConversationAddress } from '../../../src/core/watch-model';
import { COMMAND_TABLE } from '../../../src/commands';
import { RemoteAssistanceService } from '../../../src/core/service';
import { openStore, type Store } from '../../../src/store';

export const TENANT = 'tenant-a';
export const ADMIN = 'aad-admin';
export const SECOND_ADMIN = 'aad-admin-2';
export const READER = 'aad-reader';
export const STRANGER = 'aad-stranger';

/** What each Graph action leaves the partner in here (as the simulator's ACTION_EFFECTS do). */
const ACTION_STATUS: { readonly [A in GraphAction]: Partner['onboardingStatus'] } = {
  disconnect: 'notOnboarded',
  beginOnboarding: 'onboarding',
};

export class MemoryGateway implements RemoteAssistanceGateway, DirectoryGateway, IntuneRbacGateway {
  readonly partners = new Map<string, Partner>();
  readonly calls: string[] = [];
  /** The next Graph action fails with this error (once). */
  failNextAction?: AppError;
  /** The next Graph action's answer is lost (graph.outcomeUnknown), after Graph acted or without it acting (once). */
  loseNextAnswer?: 'afterActing' | 'withoutActing';
  /** The next read of one partner (get) fails with this error (once). */
  failNextGet?: AppError;
  /** The first read of one partner after the next action fails with this error (the click reads it before, too). */
  failReadAfterAction?: AppError;
  /** Effective Intune permissions per user id; a user not listed holds an Intune role that allows everything. */
  readonly intuneRoles = new Map<string, RolePermission[]>();
  /** getEffectivePermissions lookups, per user id (kept apart from `calls`, which are the partner calls). */
  readonly permissionLookups: string[] = [];
  /** Every permission lookup fails with this error while set. */
  failPermissions?: AppError;

  constructor(partners: Partner[]) {
    for (const p of partners) this.partners.set(p.id, { ...p });
  }

  /** Reads made with the bot's own identity (app-only), per tenant. */
  readonly appReads: string[] = [];
  /** The next app-only read fails with this error (once). */
  failNextAppRead?: AppError;

  async list(caller: GraphCaller): Promise<Partner[]> {
    if (isAppCaller(caller)) {
      this.appReads.push(caller.tenantId);
      const failure = this.failNextAppRead;
      this.failNextAppRead = undefined;
      if (failure) throw failure;
    } else this.calls.push('list');
    return [...this.partners.values()].map((p) => ({ ...p }));
  }

  async get(_caller: GraphCaller, id: string): Promise<Partner> {
    this.calls.push(`get ${id}`);
    const failure = this.failNextGet;
    this.failNextGet = undefined;
    if (failure) throw failure;
    const p = this.partners.get(id);
    if (!p) throw new AppError('graph.notFound', 'no such partner', { status: 404 });
    return { ...p };
  }

  act(_session: UserSession, id: string, action: GraphAction): Promise<GraphCallInfo> {
    return this.perform(id, action, ACTION_STATUS[action]);
  }

  async memberOf(): Promise<string[]> {
    return [];
  }

  async effectivePermissions(session: UserSession): Promise<RolePermission[]> {
    this.permissionLookups.push(session.actor.aadObjectId);
    if (this.failPermissions) throw this.failPermissions;
    return (
      this.intuneRoles.get(session.actor.aadObjectId) ?? [
        { actions: [], resourceActions: [{ allowedResourceActions: ['*'], notAllowedResourceActions: [] }] },
      ]
    );
  }

  private async perform(id: string, action: GraphAction, status: Partner['onboardingStatus']): Promise<GraphCallInfo> {
    this.calls.push(`${action} ${id}`);
    const failure = this.failNextAction;
    this.failNextAction = undefined;
    if (failure) throw failure;
    const lose = this.loseNextAnswer;
    this.loseNextAnswer = undefined;
    const p = this.partners.get(id);
    if (!p) throw new AppError('graph.notFound', 'no such partner', { status: 404 });
    if (lose !== 'withoutActing') {
      p.onboardingStatus = status;
      // As the simulator does (graph-partners.ts): every beginOnboarding starts a new request of an hour.
      p.onboardingRequestExpiryDateTime =
        status === 'onboarding' ? new Date(Date.now() + 3_600_000).toISOString() : null;
    }
    if (this.failReadAfterAction) [this.failNextGet, this.failReadAfterAction] = [this.failReadAfterAction, undefined];
    if (lose)
      throw new AppError('graph.outcomeUnknown', 'answer lost', {
        status: 504,
        requestId: `req-lost-${this.calls.length}`,
      });
    return { requestId: `req-${this.calls.length}`, clientRequestId: `client-${this.calls.length}` };
  }
}

/**
 * The real store behind the port, failing on demand: `failTransitions` makes the next n transitions to the
 * given state throw (Infinity: the store stays down for them), as a database that went away would.
 */
export class FlakyOperationStore implements OperationStore {
  readonly failTransitions = new Map<OperationState, number>();
  failedWrites = 0;
  constructor(private readonly inner: OperationStore) {}

  insert(record: OperationRecord): Promise<void> {
    return this.inner.insert(record);
  }
  insertOpen(record: OperationRecord): Promise<OperationRecord> {
    return this.inner.insertOpen(record);
  }
  get(id: string): Promise<OperationRecord | undefined> {
    return this.inner.get(id);
  }
  async transition(
    id: string,
    from: readonly OperationState[],
    to: OperationState,
    patch: OperationPatch,
    options?: { notExpiredAt?: string },
  ) {
    const left = this.failTransitions.get(to) ?? 0;
    if (left > 0) {
      this.failTransitions.set(to, left - 1);
      this.failedWrites++;
      throw new Error('the database is not answering (simulated)');
    }
    return this.inner.transition(id, from, to, patch, options);
  }
  history(query: HistoryQuery): Promise<OperationRecord[]> {
    return this.inner.history(query);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

export const partners = (): Partner[] => [
  {
    id: 'p-teamviewer',
    displayName: 'TeamViewer Connector',
    onboardingStatus: 'onboarded',
    lastConnectionDateTime: '2025-03-01T09:00:00Z',
  },
  { id: 'p-other', displayName: 'Contoso Remote Help', onboardingStatus: 'notOnboarded' },
];

/** A stand-in for an SSO assertion that names its owner as a real one does in its oid and tid claims. */
export function fakeAssertion(tid: string, oid: string): string {
  return `fake-assertion:${tid}:${oid}`;
}

/** Reads a fakeAssertion's owner; anything else belongs to nobody (the session is then refused). */
export function fakeTokenOwner(assertion: string): { oid: string; tid: string } | undefined {
  const [prefix, tid, oid] = assertion.split(':');
  return prefix === 'fake-assertion' && tid && oid ? { oid, tid } : undefined;
}

export function actor(aadObjectId: string, name = aadObjectId): Actor {
  return { tenantId: TENANT, aadObjectId, name, locale: 'en-US' };
}

export interface Core {
  service: RemoteAssistanceService;
  gateway: MemoryGateway;
  store: Store;
  /** The store as the service sees it: make it fail with `flaky.failTransitions`. */
  flaky: FlakyOperationStore;
  /** The approval settings the service reads at every click: change them to play a restart with other settings. */
  approval: ApprovalSettings;
  clock: { now(): Date; advanceMinutes(m: number): void };
  /** A request context for this person in a personal chat (or the conversation named), signed in. */
  as(
    aadObjectId: string,
    options?: { signedIn?: boolean; conversationId?: string; kind?: ConversationAddress['kind'] },
  ): {
    actor: Actor;
    conversation: { id: string; kind: ConversationAddress['kind'] };
    session?: UserSession;
    address: ConversationAddress;
  };
  close(): Promise<void>;
}

/** Service options for a test; `approval` is merged into the defaults (off, 60 minutes, the store's channels). */
export type CoreOptions = Partial<Omit<ServiceOptions, 'approval'>> & {
  approval?: Partial<ApprovalSettings>;
  intuneCheckMode?: IntuneCheckMode;
};

export async function inMemoryCore(
  policy: Partial<AuthorizationPolicy> = {},
  coreOptions: CoreOptions = {},
): Promise<Core> {
  const { approval, intuneCheckMode, ...options } = coreOptions;
  const store = await openStore({ sqliteFile: ':memory:' });
  const flaky = new FlakyOperationStore(store.operations);
  const gateway = new MemoryGateway(partners());
  let now = Date.parse('2025-03-01T10:00:00.000Z');
  const clock = { now: () => new Date(now), advanceMinutes: (m: number) => void (now += m * 60_000) };
  const authorizer = new Authorizer(
    {
      allowedTenantIds: [TENANT],
      adminUserIds: [ADMIN, SECOND_ADMIN],
      adminGroupIds: [],
      readerUserIds: [READER],
      readerGroupIds: [],
      groupCacheSeconds: 300,
      ...policy,
    },
    gateway,
    clock,
  );
  let seq = 0;
  const approvalSettings: ApprovalSettings = {
    required: false,
    ttlMinutes: 60,
    approverUsers: 0,
    approverGroups: 0,
    channels: store.approvals,
    ...approval,
  };
  const service = new RemoteAssistanceService(
    {
      gateway,
      authorizer,
      intune: new IntunePermissions({
        gateway,
        clock,
        log: silentLogger,
        cacheSeconds: 300,
        adminContact: authorizer.policy.adminContact,
        mode: intuneCheckMode,
      }),
      store: flaky,
      clock,
      storeRetryDelaysMs: [1, 1, 1],
      newId: () => `op-${++seq}`,
      log: silentLogger,
      tokenOwner: fakeTokenOwner,
      operationTtlMinutes: 15,
      reconcileAfterSeconds: 120,
      historyLimit: 20,
      watch: { store: store.watch, intervalSeconds: 300, expiryWarningHours: 24 },
      ...options,
      approval: approvalSettings,
    },
    COMMAND_TABLE,
  );
  return {
    service,
    gateway,
    store,
    flaky,
    approval: approvalSettings,
    clock,
    as: (id, o = {}) => {
      const a = actor(id);
      const conversation = { id: o.conversationId ?? `a:${id}`, kind: o.kind ?? ('personal' as const) };
      return {
        actor: a,
        conversation,
        session: o.signedIn === false ? undefined : { actor: a, assertion: fakeAssertion(a.tenantId, a.aadObjectId) },
        address: {
          channelId: 'msteams',
          serviceUrl: 'https://smba.example/teams/',
          conversationId: conversation.id,
          kind: conversation.kind,
          tenantId: TENANT,
          botId: '28:bot',
        },
      };
    },
    close: () => store.close(),
  };
}
