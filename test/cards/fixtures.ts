import type { ApprovalChannel } from '../../src/core/approval-model';
import { AppError, type ErrorKind } from '../../src/core/errors';
import type { ActionRecord, ApprovalFacts, Partner } from '../../src/core/model';
import type { Reply } from '../../src/core/replies';
import type { WatchSubscription } from '../../src/core/watch-model';

export const PARTNER: Partner = {
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  displayName: 'TeamViewer Connector',
  onboardingStatus: 'onboarded',
  onboardingUrl: 'https://login.teamviewer.com/intune/onboard?x=1',
  lastConnectionDateTime: '2026-11-28T09:30:00Z',
  onboardingRequestExpiryDateTime: null,
};

export function partner(over: Partial<Partner> = {}): Partner {
  return { ...PARTNER, ...over };
}

export function operation(over: Partial<ActionRecord> = {}): ActionRecord {
  return {
    id: 'op-7f3a',
    kind: 'disconnect',
    partnerId: PARTNER.id,
    partnerName: PARTNER.displayName,
    tenantId: 'tenant-1',
    conversationId: 'conv-1',
    requester: { id: 'user-alice', name: 'Alice Admin' },
    state: 'pending',
    createdAt: '2026-11-28T10:00:00Z',
    updatedAt: '2026-11-28T10:00:00Z',
    expiresAt: '2026-11-28T10:15:00Z',
    ...over,
  };
}

/** Alice's id in Teams (an MRI), as the requester of a request under two-person approval. */
export const ALICE_MRI = '29:1alice-mri';

/** An operation asked under two-person approval: waiting by default, asked by Alice (whose MRI is known). */
export function approvalOperation(
  over: Partial<ActionRecord> = {},
  approval: Partial<ApprovalFacts> = {},
): ActionRecord {
  return operation({ ...over, approval: { status: 'waiting', requesterChannelId: ALICE_MRI, ...approval } });
}

export function appError(kind: ErrorKind, details: ConstructorParameters<typeof AppError>[2] = {}): AppError {
  return new AppError(kind, `test ${kind}`, details);
}

/** One of every Reply (and every operation state), for the shape checks. */
export function subscription(id: string, over: Partial<WatchSubscription> = {}): WatchSubscription {
  return {
    id,
    tenantId: 'tenant-1',
    address: {
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/amer/',
      conversationId: `19:${id}@thread.tacv2`,
      kind: 'channel',
      tenantId: 'tenant-1',
      botId: '28:bot',
    },
    createdBy: { id: 'user-bob', name: 'Bob Operator' },
    locale: 'en-US',
    createdAt: '2026-11-20T09:00:00Z',
    ...over,
  };
}

/** The approvers' channel of tenant-1, set by Bob. */
export function approvalChannel(over: Partial<ApprovalChannel> = {}): ApprovalChannel {
  return {
    tenantId: 'tenant-1',
    address: {
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/amer/',
      conversationId: '19:approvers@thread.tacv2',
      kind: 'channel',
      tenantId: 'tenant-1',
      botId: '28:bot',
    },
    setBy: { id: 'user-bob', name: 'Bob Operator' },
    locale: 'en-US',
    setAt: '2026-11-20T09:00:00Z',
    ...over,
  };
}

export function everyReply(): [string, Reply][] {
  const bob = { id: 'user-bob', name: 'Bob Operator' };
  return [
    ['help (can act)', { type: 'help', canAct: true }],
    ['help (read only)', { type: 'help', canAct: false }],
    [
      'partnerList',
      {
        type: 'partnerList',
        partners: [
          partner(),
          partner({ id: 'p2', displayName: 'Old', onboardingStatus: 'notOnboarded', lastConnectionDateTime: null }),
        ],
      },
    ],
    ['partnerList (empty)', { type: 'partnerList', partners: [] }],
    [
      'partnerList (no Intune permission to change)',
      {
        type: 'partnerList',
        partners: [partner()],
        cannotChange: {
          action: 'Microsoft.Intune_RemoteAssistance_Update',
          contact: 'it-admins@contoso.com',
          enforced: true,
        },
      },
    ],
    [
      'partnerList (Intune advises against a change)',
      {
        type: 'partnerList',
        partners: [partner()],
        cannotChange: { action: 'Microsoft.Intune_RemoteAssistance_Update', enforced: false },
      },
    ],
    [
      'partnerStatus (no Intune permission to change)',
      {
        type: 'partnerStatus',
        partner: partner(),
        cannotChange: { action: 'Microsoft.Intune_RemoteAssistance_Update', enforced: true },
      },
    ],
    [
      'changeNotPermitted (disconnect)',
      {
        type: 'changeNotPermitted',
        kind: 'disconnect',
        partnerQuery: 'TeamViewer',
        missing: {
          action: 'Microsoft.Intune_RemoteAssistance_Update',
          contact: 'it-admins@contoso.com',
          enforced: true,
        },
      },
    ],
    [
      'changeNotPermitted (reconnect, no query, no contact)',
      {
        type: 'changeNotPermitted',
        kind: 'reconnect',
        missing: { action: 'Microsoft.Intune_RemoteAssistance_Update', enforced: true },
      },
    ],
    [
      'partnerStatus',
      {
        type: 'partnerStatus',
        partner: partner({ onboardingStatus: 'onboarding', onboardingRequestExpiryDateTime: '2026-12-05T10:00:00Z' }),
      },
    ],
    [
      'partnerStatus (running)',
      { type: 'partnerStatus', partner: partner(), running: operation({ state: 'running', executor: bob }) },
    ],
    [
      'choosePartner (several)',
      {
        type: 'choosePartner',
        command: 'disconnect',
        query: 'team',
        candidates: [partner(), partner({ id: 'p2', displayName: 'TeamViewer EU' })],
        noMatch: false,
      },
    ],
    [
      'choosePartner (none)',
      { type: 'choosePartner', command: 'status', query: 'nope', candidates: [], noMatch: true },
    ],
    [
      'choosePartner (no query)',
      { type: 'choosePartner', command: 'reconnect', query: '', candidates: [partner()], noMatch: false },
    ],
    ['confirm (disconnect)', { type: 'confirm', operation: operation(), partner: partner() }],
    [
      'confirm (disconnect, Intune advises against it)',
      {
        type: 'confirm',
        operation: operation(),
        partner: partner(),
        intuneAdvice: { action: 'Microsoft.Intune_RemoteAssistance_Update', enforced: false },
      },
    ],
    [
      'confirm (reconnect)',
      {
        type: 'confirm',
        operation: operation({ kind: 'reconnect' }),
        partner: partner({ onboardingStatus: 'notOnboarded' }),
      },
    ],
    [
      'operation pending + throttled',
      {
        type: 'operation',
        operation: operation({ errorKind: 'graph.throttled' }),
        alreadyDecided: false,
        error: appError('graph.throttled', { retryAfterSeconds: 30 }),
      },
    ],
    [
      'operation running',
      { type: 'operation', operation: operation({ state: 'running', executor: bob }), alreadyDecided: true },
    ],
    [
      'operation succeeded',
      {
        type: 'operation',
        operation: operation({
          state: 'succeeded',
          executor: bob,
          completedAt: '2026-11-28T10:04:00Z',
          graphRequestId: 'req-1',
        }),
        alreadyDecided: false,
      },
    ],
    [
      'operation succeeded (reconnect, stale)',
      {
        type: 'operation',
        operation: operation({
          kind: 'reconnect',
          state: 'succeeded',
          executor: bob,
          completedAt: '2026-11-28T10:04:00Z',
        }),
        alreadyDecided: true,
      },
    ],
    [
      'operation failed',
      {
        type: 'operation',
        operation: operation({
          state: 'failed',
          executor: bob,
          errorKind: 'graph.forbidden',
          completedAt: '2026-11-28T10:04:00Z',
        }),
        alreadyDecided: false,
        error: appError('graph.forbidden', { requestId: 'req-9', clientRequestId: 'cli-9' }),
      },
    ],
    [
      'operation failed (stale, recorded kind only)',
      {
        type: 'operation',
        operation: operation({
          state: 'failed',
          executor: bob,
          errorKind: 'reconciled.notApplied',
          graphRequestId: 'req-8',
        }),
        alreadyDecided: true,
      },
    ],
    [
      'operation cancelled',
      {
        type: 'operation',
        operation: operation({ state: 'cancelled', executor: bob, completedAt: '2026-11-28T10:02:00Z' }),
        alreadyDecided: true,
      },
    ],
    [
      'operation expired',
      {
        type: 'operation',
        operation: operation({ state: 'expired', completedAt: '2026-11-28T10:20:00Z' }),
        alreadyDecided: false,
      },
    ],
    [
      'operation denied',
      {
        type: 'operation',
        operation: operation({ state: 'denied', executor: bob, errorKind: 'authz.readOnly' }),
        alreadyDecided: true,
      },
    ],
    [
      'operation running, outcome unknown',
      {
        type: 'operation',
        operation: operation({ state: 'running', executor: bob, errorKind: 'graph.outcomeUnknown' }),
        alreadyDecided: false,
        error: appError('graph.outcomeUnknown', { status: 504, requestId: 'req-5' }),
      },
    ],
    [
      'operation succeeded (settled by a read)',
      {
        type: 'operation',
        operation: operation({
          state: 'succeeded',
          executor: bob,
          settledBy: 'read',
          completedAt: '2026-11-28T10:04:00Z',
        }),
        alreadyDecided: false,
      },
    ],
    [
      'operation failed (settled by a read)',
      {
        type: 'operation',
        operation: operation({
          state: 'failed',
          executor: bob,
          settledBy: 'read',
          errorKind: 'graph.outcomeUnknown',
          completedAt: '2026-11-28T10:04:00Z',
        }),
        alreadyDecided: false,
      },
    ],
    [
      'operation succeeded (settled by the sweeper)',
      {
        type: 'operation',
        operation: operation({
          state: 'succeeded',
          executor: bob,
          settledBy: 'sweeper',
          completedAt: '2026-11-28T10:04:00Z',
        }),
        alreadyDecided: true,
      },
    ],
    ['operationOpen (pending, here)', { type: 'operationOpen', operation: operation(), here: true }],
    [
      'operationOpen (running, elsewhere)',
      {
        type: 'operationOpen',
        operation: operation({ kind: 'reconnect', state: 'running', executor: bob }),
        here: false,
      },
    ],
    ['operationUnknown', { type: 'operationUnknown' }],
    [
      'didYouMean',
      {
        type: 'didYouMean',
        typed: 'disconect TeamViewer',
        suggestion: { name: 'disconnect', word: 'disconnect', partner: 'TeamViewer' },
      },
    ],
    [
      'confirm (continued elsewhere)',
      {
        type: 'confirm',
        operation: operation(),
        partner: partner(),
        continued: { by: bob, at: '2026-11-28T10:05:00Z', where: 'groupChat' },
      },
    ],
    [
      'history',
      {
        type: 'history',
        operations: [
          operation({ state: 'succeeded', executor: bob }),
          {
            ...operation({
              id: 'op-2',
              state: 'denied',
              partnerId: '',
              partnerName: '',
              errorKind: 'authz.notAllowed',
            }),
            kind: 'view',
          },
        ],
        partnerQuery: 'TeamViewer',
      },
    ],
    ['history (empty)', { type: 'history', operations: [] }],
    ['denied (wrongTenant)', { type: 'denied', reason: 'wrongTenant', actor: bob }],
    ['denied (notAllowed)', { type: 'denied', reason: 'notAllowed', actor: bob, contact: 'it-admins@contoso.com' }],
    ['denied (readOnly)', { type: 'denied', reason: 'readOnly', actor: bob }],
    ['denied (otherConversation)', { type: 'denied', reason: 'otherConversation', actor: bob }],
    [
      'error (consent)',
      {
        type: 'error',
        error: appError('auth.consentRequired'),
        retry: { command: 'list' },
        consentUrl: 'https://login.microsoftonline.com/tenant-1/adminconsent?client_id=x',
      },
    ],
    ['error (network, no retry)', { type: 'error', error: appError('graph.network') }],
    [
      'whoami',
      {
        type: 'whoami',
        actor: { tenantId: 'tenant-1', aadObjectId: 'user-bob', name: 'Bob Operator', locale: 'en-US' },
        conversation: 'channel',
        tenantAllowed: true,
        role: 'byGroup',
        intune: { mode: 'advise' },
      },
    ],
    [
      'whoami (Intune answered)',
      {
        type: 'whoami',
        actor: { tenantId: 'tenant-1', aadObjectId: 'user-bob', name: 'Bob Operator', locale: 'en-US' },
        conversation: 'personal',
        tenantAllowed: true,
        role: 'admin',
        signedIn: true,
        intune: {
          mode: 'enforce',
          answer: {
            verdict: 'missing',
            lookup: 'listed',
            allowed: ['Microsoft.Intune_RemoteAssistance_Read'],
            notAllowed: [],
          },
        },
      },
    ],
    [
      'watchStarted',
      { type: 'watchStarted', created: true, conversation: 'channel', intervalSeconds: 300, partners: [partner()] },
    ],
    [
      'watchStarted (already, cannot read)',
      {
        type: 'watchStarted',
        created: false,
        conversation: 'groupChat',
        intervalSeconds: 90,
        readError: appError('graph.forbidden'),
      },
    ],
    ['watchStopped', { type: 'watchStopped', existed: true }],
    ['watchStopped (none)', { type: 'watchStopped', existed: false }],
    [
      'watching',
      { type: 'watching', subscriptions: [subscription('s1'), subscription('s2')], hereId: 's2', intervalSeconds: 300 },
    ],
    ['watching (none)', { type: 'watching', subscriptions: [], intervalSeconds: 3600 }],
    [
      'watchNotice (status)',
      {
        type: 'watchNotice',
        notice: { kind: 'statusChanged', partner: partner({ onboardingStatus: 'notOnboarded' }), from: 'onboarded' },
        observedAt: '2026-11-28T10:05:00Z',
      },
    ],
    [
      'watchNotice (expiring)',
      {
        type: 'watchNotice',
        notice: {
          kind: 'expiring',
          partner: partner({ onboardingStatus: 'onboarding', onboardingRequestExpiryDateTime: '2026-11-29T08:00:00Z' }),
          expired: false,
        },
        observedAt: '2026-11-28T10:05:00Z',
      },
    ],
    [
      'watchNotice (expired)',
      {
        type: 'watchNotice',
        notice: {
          kind: 'expiring',
          partner: partner({ onboardingStatus: 'onboarding', onboardingRequestExpiryDateTime: '2026-11-28T08:00:00Z' }),
          expired: true,
        },
        observedAt: '2026-11-28T10:05:00Z',
      },
    ],
    [
      'watchNotice (added)',
      {
        type: 'watchNotice',
        notice: {
          kind: 'added',
          partner: partner({ id: 'p3', displayName: 'Fabrikam Assist', onboardingStatus: 'notOnboarded' }),
        },
        observedAt: '2026-11-28T10:05:00Z',
      },
    ],
    ['confirm (approval, everybody)', { type: 'confirm', operation: approvalOperation(), partner: partner() }],
    [
      'confirm (approval, requester)',
      {
        type: 'confirm',
        operation: approvalOperation({ kind: 'reconnect' }),
        partner: partner({ onboardingStatus: 'notOnboarded' }),
        viewer: 'requester',
      },
    ],
    [
      'operation (approval waiting, approver, throttled)',
      {
        type: 'operation',
        operation: approvalOperation({ errorKind: 'graph.throttled' }),
        alreadyDecided: false,
        error: appError('graph.throttled', { retryAfterSeconds: 30 }),
        viewer: 'approver',
      },
    ],
    [
      'operation (approval waiting, onlooker, no requester id)',
      {
        type: 'operation',
        operation: approvalOperation({}, { requesterChannelId: undefined }),
        alreadyDecided: false,
        viewer: 'onlooker',
      },
    ],
    [
      'operation (approved, running)',
      {
        type: 'operation',
        operation: approvalOperation(
          { state: 'running', executor: bob },
          { status: 'approved', decidedAt: '2026-11-28T10:03:00Z' },
        ),
        alreadyDecided: false,
      },
    ],
    [
      'operation (approved, succeeded)',
      {
        type: 'operation',
        operation: approvalOperation(
          { state: 'succeeded', executor: bob, completedAt: '2026-11-28T10:04:00Z' },
          { status: 'approved', decidedAt: '2026-11-28T10:03:00Z' },
        ),
        alreadyDecided: false,
      },
    ],
    [
      'operation (approved, failed)',
      {
        type: 'operation',
        operation: approvalOperation(
          { state: 'failed', executor: bob, errorKind: 'graph.forbidden', completedAt: '2026-11-28T10:04:00Z' },
          { status: 'approved', decidedAt: '2026-11-28T10:03:00Z' },
        ),
        alreadyDecided: true,
      },
    ],
    [
      'operation (rejected)',
      {
        type: 'operation',
        operation: approvalOperation(
          { state: 'cancelled', executor: bob, completedAt: '2026-11-28T10:03:00Z' },
          { status: 'rejected', decidedAt: '2026-11-28T10:03:00Z' },
        ),
        alreadyDecided: true,
      },
    ],
    [
      'operation (withdrawn)',
      {
        type: 'operation',
        operation: approvalOperation(
          { state: 'cancelled', executor: { id: 'user-alice', name: 'Alice Admin' } },
          { status: 'withdrawn', decidedAt: '2026-11-28T10:02:00Z' },
        ),
        alreadyDecided: false,
      },
    ],
    [
      'operation (approval expired)',
      { type: 'operation', operation: approvalOperation({ state: 'expired' }), alreadyDecided: false },
    ],
    [
      'history (approvals)',
      {
        type: 'history',
        operations: [
          approvalOperation(
            { id: 'h1', state: 'succeeded', executor: bob },
            { status: 'approved', decidedAt: '2026-11-28T10:03:00Z' },
          ),
          approvalOperation(
            { id: 'h2', state: 'cancelled', executor: bob },
            { status: 'rejected', decidedAt: '2026-11-28T10:03:00Z' },
          ),
          approvalOperation({ id: 'h3' }),
        ],
      },
    ],
    ['denied (ownRequest)', { type: 'denied', reason: 'ownRequest', actor: bob }],
    [
      'approvals (on, channel set)',
      {
        type: 'approvals',
        policy: { required: true, ttlMinutes: 60, approverUsers: 2, approverGroups: 1 },
        channel: approvalChannel(),
      },
    ],
    [
      'approvals (on, just set here)',
      {
        type: 'approvals',
        policy: { required: true, ttlMinutes: 30, approverUsers: 0, approverGroups: 0 },
        channel: approvalChannel(),
        set: true,
      },
    ],
    [
      'approvals (on, no channel, typed in a chat)',
      {
        type: 'approvals',
        policy: { required: true, ttlMinutes: 60, approverUsers: 0, approverGroups: 3 },
        notHere: 'groupChat',
      },
    ],
    [
      'approvals (off)',
      { type: 'approvals', policy: { required: false, ttlMinutes: 60, approverUsers: 0, approverGroups: 0 } },
    ],
    [
      'watchNotice (removed)',
      {
        type: 'watchNotice',
        notice: { kind: 'removed', partner: { id: 'p3', displayName: 'Fabrikam Assist' } },
        observedAt: '2026-11-28T10:05:00Z',
      },
    ],
    [
      'watchNotice (new customers)',
      {
        type: 'watchNotice',
        notice: {
          kind: 'newCustomers',
          customers: [
            { name: 'wingtip', displayName: 'Wingtip Toys' },
            { name: 'tailspin', displayName: 'Tailspin *Toys*' },
          ],
        },
        observedAt: '2026-11-28T10:05:00Z',
      },
    ],
  ];
}
