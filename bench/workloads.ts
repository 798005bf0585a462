/**
 * The people and the activities of the benchmark: N signed-in admins (half listed by id in ADMIN_USER_IDS,
 * half admins through the admin group, so the group check is exercised), partners to act on, and Teams
 * activities built exactly as the end-to-end tests build them (test/support/teams.ts).
 *
 * The recording connector (test/support) is tapped: what the bot posts is counted per kind (card messages,
 * typing indicators, card updates) and every confirmation card's operation goes into a queue, so that each
 * click is on its own pending operation - each click does real work, once. A partner has at most one open
 * operation (src/core/open-operations.ts): the disconnect/click windows ask on each partner at most once per
 * round (Rig.disconnectAndClick). In the mix, a disconnect of a partner whose request is still open is answered
 * with that operation's state (counted as openCards) or, asked in another conversation while it is pending, with
 * the request itself and its buttons (a kept copy, src/core/open-request-here.ts; counted as copyCards). A copy is
 * queued for a click like any confirmation card, so an operation may be clicked more than once: the first click to
 * reach the store acts, the others are answered with its state ("in progress", or done already).
 */
import type { Partner } from '../src/core/model';
import { DEFAULT_ADMIN_GROUP_ID, DEFAULT_TENANT_ID, defaultPartners, type SimUser } from '../src/simulator';
import type { RecordingConnector } from '../test/support/recording-connector';
import { actionsOf, cardOf, TeamsClient, type TeamsUser } from '../test/support/teams';

export const OPERATOR_OID = 'b0000000-0000-4000-8000-0000000fffff';

const hex12 = (i: number) => i.toString(16).padStart(12, '0');

export function benchUsers(n: number): {
  users: SimUser[];
  idListed: string[];
  groupMembers: string[];
  operator: SimUser;
} {
  const users: SimUser[] = [];
  for (let i = 0; i < n; i++) {
    const viaGroup = i % 2 === 1;
    users.push({
      channelUserId: `29:1bench-user-${i}`,
      aadObjectId: `b0000000-0000-4000-8000-${hex12(i)}`,
      tenantId: DEFAULT_TENANT_ID,
      name: `Bench User ${i}`,
      userPrincipalName: `bench${i}@example.com`,
      signedIn: true,
      groups: viaGroup ? [DEFAULT_ADMIN_GROUP_ID] : [],
      intuneAdmin: true,
    });
  }
  const operator: SimUser = {
    channelUserId: '29:1bench-operator',
    aadObjectId: OPERATOR_OID,
    tenantId: DEFAULT_TENANT_ID,
    name: 'Bench Operator',
    userPrincipalName: 'operator@example.com',
    signedIn: false,
    groups: [],
    intuneAdmin: true,
  };
  return {
    users,
    idListed: users.filter((u) => !u.groups?.length).map((u) => u.aadObjectId),
    groupMembers: users.filter((u) => u.groups?.length).map((u) => u.aadObjectId),
    operator,
  };
}

/** The simulator's two seed partners and more, named so that each name resolves to exactly one partner. */
export function benchPartners(n: number): Partner[] {
  const partners = defaultPartners().map((p) => ({ ...p, onboardingStatus: 'onboarded' as const }));
  for (let i = partners.length; i < n; i++) {
    partners.push({
      id: `c0000000-0000-4000-8000-${hex12(i)}`,
      displayName: `Bench Partner ${String(i).padStart(3, '0')}`,
      onboardingUrl: 'https://remotehelp.example/onboarding',
      onboardingStatus: 'onboarded',
      lastConnectionDateTime: '2025-11-03T08:42:17.3895271Z',
      onboardingRequestExpiryDateTime: null,
    });
  }
  return partners.slice(0, n);
}

export const teamsUser = (u: SimUser): TeamsUser => ({
  id: u.channelUserId,
  aadObjectId: u.aadObjectId,
  tenantId: u.tenantId,
  name: u.name,
});

export interface PendingOp {
  operationId: string;
  /** The id the connector gave the card: the click's replyToId. */
  cardId: string;
  user: TeamsUser;
}

export interface TapCounts {
  /** Messages posted (cards or text), typing indicators posted, card updates (PUT), anything else. */
  messages: number;
  typing: number;
  updates: number;
  other: number;
  /** Posted cards by what they show. */
  statusCards: number;
  confirmCards: number;
  /** Confirmation cards of an operation already shown elsewhere: the open request shown again (issue 16, "no dead ends"). */
  copyCards: number;
  /** "An operation is already open" (one open operation per partner): a disconnect of a partner with one pending or running. */
  openCards: number;
  otherCards: number;
}

const zero = (): TapCounts => ({
  messages: 0,
  typing: 0,
  updates: 0,
  other: 0,
  statusCards: 0,
  confirmCards: 0,
  copyCards: 0,
  openCards: 0,
  otherCards: 0,
});

/** Drains the recording connector: counts, and queues the operations of confirmation cards. */
export class ConnectorTap {
  counts = zero();
  readonly ops: PendingOp[] = [];
  /** Operations whose confirmation card was seen: a later card of one of them is a copy. */
  private readonly shown = new Set<string>();
  constructor(
    private readonly connector: RecordingConnector,
    private readonly usersByConversation: Map<string, TeamsUser>,
  ) {}

  drain(): void {
    const calls = this.connector.calls.splice(0);
    for (const call of calls) {
      const a = call.activity;
      if (call.method === 'PUT') {
        this.counts.updates++;
        continue;
      }
      if (call.method !== 'POST') {
        this.counts.other++;
        continue;
      }
      if (a.type === 'typing') {
        this.counts.typing++;
        continue;
      }
      if (a.type !== 'message') {
        this.counts.other++;
        continue;
      }
      this.counts.messages++;
      const card = cardOf(a);
      if (!card) continue;
      const actions = actionsOf(card);
      const confirm = actions.find((x) => x.verb === 'op.confirm');
      if (confirm) {
        this.counts.confirmCards++;
        const operationId = String(confirm.data.operationId);
        if (this.shown.has(operationId)) this.counts.copyCards++;
        this.shown.add(operationId);
        const user = this.usersByConversation.get(call.conversationId);
        if (user && call.id) this.ops.push({ operationId, cardId: call.id, user });
      } else if (actions.some((x) => x.verb === 'command' && x.data.command === 'history' && x.data.partner)) {
        this.counts.statusCards++;
      } else if (
        actions.length === 1 &&
        actions[0].verb === 'command' &&
        actions[0].data.command === 'status' &&
        actions[0].data.partner
      ) {
        this.counts.openCards++; // src/cards/open-operation-card.ts: its one button is the partner's status
      } else {
        this.counts.otherCards++;
      }
    }
  }

  take(): TapCounts {
    this.drain();
    const c = this.counts;
    this.counts = zero();
    return c;
  }
}

export type Kind = 'status' | 'disconnect' | 'click';

export interface NextActivity {
  kind: Kind;
  body: string;
  /** A click's operation: of several clicks on one operation, only the first to reach the store acts. */
  operationId?: string;
}

/** Activities for one workload, round-robin over the users and partners. */
export class ActivitySource {
  private u = 0;
  private p = 0;
  private fake = 0;
  readonly sent: Record<Kind, number> = { status: 0, disconnect: 0, click: 0 };
  /** Operations clicked so far, and how many clicks were the first on their operation (each acts on Graph once). */
  private readonly clicked = new Set<string>();
  firstClicks = 0;

  constructor(
    private readonly teams: TeamsClient,
    private readonly users: TeamsUser[],
    private readonly partners: Partner[],
    private readonly tap: ConnectorTap,
    /** For the baseline, which posts no confirmation cards: clicks carry made-up operation ids. */
    private readonly fakeClicks = false,
  ) {}

  private user(): TeamsUser {
    return this.users[this.u++ % this.users.length];
  }

  private partner(): Partner {
    return this.partners[this.p++ % this.partners.length];
  }

  status(): NextActivity {
    this.sent.status++;
    return {
      kind: 'status',
      body: JSON.stringify(this.teams.message(this.user(), `status ${this.partner().displayName}`)),
    };
  }

  disconnect(): NextActivity {
    this.sent.disconnect++;
    return {
      kind: 'disconnect',
      body: JSON.stringify(this.teams.message(this.user(), `disconnect ${this.partner().displayName}`)),
    };
  }

  /** A click on the Disconnect button of the next pending operation; undefined when none is waiting. */
  click(): NextActivity | undefined {
    let op: PendingOp | undefined;
    if (this.fakeClicks) {
      const n = this.fake++;
      op = { operationId: `00000000-0000-4000-8000-${hex12(n)}`, cardId: `activity-fake-${n}`, user: this.user() };
    } else {
      if (this.tap.ops.length === 0) this.tap.drain();
      op = this.tap.ops.shift();
    }
    if (!op) return undefined;
    this.sent.click++;
    if (!this.clicked.has(op.operationId)) this.firstClicks++;
    this.clicked.add(op.operationId);
    return {
      kind: 'click',
      operationId: op.operationId,
      body: JSON.stringify(this.teams.action(op.user, 'op.confirm', { operationId: op.operationId }, op.cardId)),
    };
  }

  /** The mix: status, disconnect, status, click (a status instead when no operation is waiting yet). */
  mixed(i: number): NextActivity {
    switch (i % 4) {
      case 1:
        return this.disconnect();
      case 3:
        return this.click() ?? this.status();
      default:
        return this.status();
    }
  }
}
