/**
 * OperationStore on Kysely: every method is at most ONE statement (insertOpen: one, plus a read when the
 * partner already has an open operation). The state change is a conditional
 * UPDATE ... WHERE id AND state IN (...) [AND expires_at > ?] RETURNING *, so of any number of concurrent
 * callers (one process or many, SQLite or PostgreSQL) exactly one gets the record back.
 * One open operation per partner (per target tenant: the bot's own or a customer's, 0011) is the partial unique
 * index `operations_one_open_per_partner` (migrations 0005, 0011): of concurrent inserts for one partner in one
 * tenant the database lets one through, in both engines.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { MUTATING_KINDS } from '../core/kinds';
import { APPROVAL_STATUSES, OPEN_STATES, SETTLED_BY } from '../core/model';
import type {
  ApprovalFacts,
  ApprovalStatus,
  CustomerRef,
  OnboardingStatus,
  OperationKind,
  OperationRecord,
  OperationState,
  PartnerBefore,
  SettledBy,
} from '../core/model';
import type { HistoryQuery, OperationStore } from '../core/ports';
import { StoreError } from './db';
import { OPEN_PER_PARTNER_INDEX } from './migrations';
import { QueryShapes } from './query-shapes';
import type { Database, OperationsTable } from './db';

type Patch = Parameters<OperationStore['transition']>[3];

const STATES: readonly OperationState[] = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
  'denied',
];
/** The kinds of core/kinds and `view`: all `insert` accepts (no database check since 0010) and the lists return. */
const KINDS: readonly OperationKind[] = [...MUTATING_KINDS, 'view'];
export const MAX_HISTORY_LIMIT = 500;

export class KyselyOperationStore implements OperationStore {
  private readonly shapes: QueryShapes;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly counter: { statements: number },
    private readonly closeAll: () => Promise<void>,
  ) {
    this.shapes = new QueryShapes(db, counter);
  }

  /** Statements this store has sent since it was opened. */
  stats(): { statements: number } {
    return { statements: this.counter.statements };
  }

  async insert(record: OperationRecord): Promise<void> {
    const row = toRow(record);
    let inserted: { id: string } | undefined;
    try {
      inserted = await this.db
        .insertInto('operations')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
    } catch (e) {
      if (!isOpenConflict(e)) throw e;
      // PostgreSQL may report the partner's index first when the SAME record is inserted twice at once.
      if (await this.get(record.id))
        throw new StoreError('store.duplicateId', `Operation "${record.id}" already exists; an id is never reused`);
      const where = record.customer ? ` in customer "${record.customer.name}"` : '';
      const why = `Partner "${record.partnerId}" already has an open operation${where}; "${record.id}" was not saved`;
      throw new StoreError('store.openOperationExists', why, e);
    }
    if (!inserted)
      throw new StoreError('store.duplicateId', `Operation "${record.id}" already exists; an id is never reused`);
  }

  async insertOpen(record: OperationRecord): Promise<OperationRecord> {
    if (!OPEN_STATES.includes(record.state))
      throw new StoreError('store.invalidInput', `insertOpen takes an open record (got state "${record.state}")`);
    // The open record in the way may be settled between the refused insert and the read: then try again.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.insert(record);
        return toRecord(toRow(record));
      } catch (e) {
        if (!(e instanceof StoreError) || e.kind !== 'store.openOperationExists') throw e;
      }
      const open = await openInTarget(this.db, toRow(record));
      if (open) return toRecord(open);
    }
    throw new StoreError(
      'store.openOperationExists',
      `Partner "${record.partnerId}" kept getting new open operations; "${record.id}" was not saved`,
    );
  }

  async get(id: string): Promise<OperationRecord | undefined> {
    const row = await this.db.selectFrom('operations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async transition(
    id: string,
    from: readonly OperationState[],
    to: OperationState,
    patch: Patch,
    options: { notExpiredAt?: string } = {},
  ): Promise<OperationRecord | undefined> {
    if (from.length === 0) return undefined;
    for (const s of [...from, to]) oneOf(STATES, s, 'state');
    const set: Partial<OperationsTable> = {
      state: to,
      updated_at: iso(patch.updatedAt ?? new Date().toISOString(), 'updatedAt'),
    };
    if (patch.executor) {
      set.executor_id = patch.executor.id;
      set.executor_name = patch.executor.name;
    }
    if (patch.graphRequestId !== undefined) set.graph_request_id = patch.graphRequestId;
    if (patch.errorKind !== undefined) set.error_kind = patch.errorKind;
    if (patch.settledBy !== undefined) set.settled_by = oneOf(SETTLED_BY, patch.settledBy, 'settledBy');
    if (patch.completedAt !== undefined) set.completed_at = iso(patch.completedAt, 'completedAt');
    if (patch.expiresAt !== undefined) set.expires_at = iso(patch.expiresAt, 'expiresAt');
    // The approval facts travel whole: the three columns are written from the object (an absent field clears its column).
    if (patch.approval !== undefined) Object.assign(set, approvalColumns(patch.approval));
    if (patch.before !== undefined) Object.assign(set, beforeColumns(patch.before));
    let query = this.db
      .updateTable('operations')
      .set(set)
      .where('id', '=', id)
      .where('state', 'in', [...from]);
    if (options.notExpiredAt !== undefined)
      query = query.where('expires_at', '>', iso(options.notExpiredAt, 'notExpiredAt'));
    const row = await query.returningAll().executeTakeFirst();
    return row && toRecord(row);
  }

  async history(query: HistoryQuery): Promise<OperationRecord[]> {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_HISTORY_LIMIT) {
      throw new StoreError(
        'store.invalidInput',
        `history limit must be an integer from 1 to ${MAX_HISTORY_LIMIT} (got ${query.limit})`,
      );
    }
    // An empty list of states means "any state", like an absent one.
    const states = query.states ?? [];
    for (const s of states) oneOf(STATES, s, 'state');
    const byPartner = query.partnerId !== undefined;
    // No customer asked: the bot's own tenant only, as before customers existed; 'any': every target tenant.
    const customer = query.customerTenantId;
    const oneCustomer = customer !== undefined && customer !== 'any';
    const target = customer === undefined ? 'own' : oneCustomer ? 'one' : 'any';
    const values = [
      query.tenantId,
      ...(byPartner ? [query.partnerId] : []),
      ...(oneCustomer ? [tenantKey(customer, 'customerTenantId')] : []),
      ...states,
      query.limit,
    ];
    const first = 1 + (byPartner ? 1 : 0) + (oneCustomer ? 1 : 0);
    const rows = await this.shapes.rows(`history:${byPartner}:${target}:${states.length}`, values, (db, v) => {
      let q = db.selectFrom('operations').selectAll().where('tenant_id', '=', v[0]).where('kind', 'in', KINDS);
      if (byPartner) q = q.where('partner_id', '=', v[1]);
      if (target === 'own') q = q.where('target_tenant_id', 'is', null);
      if (oneCustomer) q = q.where('target_tenant_id', '=', v[first - 1]);
      if (states.length > 0) q = q.where('state', 'in', v.slice(first, -1));
      return q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(v[v.length - 1]);
    });
    return rows.map(toRecord);
  }

  /**
   * `pending` records of every tenant whose expiry is not after `at`, longest overdue first (the sweeper expires them;
   * a confirm transition needs `expires_at > now`, so none of them can be confirmed any more).
   */
  async overduePending(at: string, limit: number): Promise<OperationRecord[]> {
    checkLimit(limit);
    const rows = await this.db
      .selectFrom('operations')
      .selectAll()
      .where('state', '=', 'pending')
      .where('kind', 'in', KINDS)
      .where('expires_at', '<=', iso(at, 'at'))
      .orderBy('expires_at', 'asc')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  /** `running` records of every tenant not updated since `updatedBefore`, oldest first (the sweeper's read; a kind only a newer version knows is left to it). */
  async staleRunning(updatedBefore: string, limit: number): Promise<OperationRecord[]> {
    checkLimit(limit);
    const rows = await this.db
      .selectFrom('operations')
      .selectAll()
      .where('state', '=', 'running')
      .where('kind', 'in', KINDS)
      .where('updated_at', '<', iso(updatedBefore, 'updatedBefore'))
      .orderBy('updated_at', 'asc')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  /** Closes the whole store (the bot storage shares the connection); safe to call more than once. */
  close(): Promise<void> {
    return this.closeAll();
  }
}

/** The open record of the row's partner in the row's target tenant, if any (the one in the way of an insert). */
export async function openInTarget(db: Kysely<Database> | Transaction<Database>, row: OperationsTable) {
  let q = db.selectFrom('operations').selectAll().where('tenant_id', '=', row.tenant_id);
  q = q.where('partner_id', '=', row.partner_id);
  const target = row.target_tenant_id;
  q = target === null ? q.where('target_tenant_id', 'is', null) : q.where('target_tenant_id', '=', target);
  return q.where('state', 'in', [...OPEN_STATES]).executeTakeFirst();
}

/** A tenant id as the store keeps it: a GUID's case carries no meaning, so lowercased. */
export function tenantKey(value: unknown, what: string): string {
  if (typeof value !== 'string' || !value.trim()) {
    throw new StoreError('store.invalidInput', `${what} must be a tenant id`);
  }
  return value.trim().toLowerCase();
}

type CustomerColumns = Pick<OperationsTable, 'target_tenant_id' | 'target_name'>;

/** The customer tenant an operation (or a conversation's default) names: two nulls for the bot's own tenant. */
export function customerColumns(c: CustomerRef | undefined): CustomerColumns {
  if (c === undefined) return { target_tenant_id: null, target_name: null };
  if (typeof c.name !== 'string' || !c.name) throw new StoreError('store.invalidInput', 'A customer needs a name');
  return { target_tenant_id: tenantKey(c.tenantId, 'customer.tenantId'), target_name: c.name };
}

export function toCustomer(row: Selectable<CustomerColumns>): CustomerRef | undefined {
  return row.target_tenant_id === null ? undefined : { tenantId: row.target_tenant_id, name: row.target_name ?? '' };
}

export function toRow(r: OperationRecord): OperationsTable {
  if (!r.id) throw new StoreError('store.invalidInput', 'An operation needs an id');
  if (r.fleetId !== undefined && (typeof r.fleetId !== 'string' || !r.fleetId)) {
    throw new StoreError('store.invalidInput', 'fleetId must be an id');
  }
  return {
    id: r.id,
    kind: oneOf(KINDS, r.kind, 'kind'),
    partner_id: r.partnerId,
    partner_name: r.partnerName,
    tenant_id: r.tenantId,
    conversation_id: r.conversationId,
    requester_id: r.requester.id,
    requester_name: r.requester.name,
    executor_id: r.executor?.id ?? null,
    executor_name: r.executor?.name ?? null,
    state: oneOf(STATES, r.state, 'state'),
    graph_request_id: r.graphRequestId ?? null,
    error_kind: r.errorKind ?? null,
    created_at: iso(r.createdAt, 'createdAt'),
    updated_at: iso(r.updatedAt, 'updatedAt'),
    expires_at: iso(r.expiresAt, 'expiresAt'),
    completed_at: r.completedAt === undefined ? null : iso(r.completedAt, 'completedAt'),
    settled_by: r.settledBy === undefined ? null : oneOf(SETTLED_BY, r.settledBy, 'settledBy'),
    ...approvalColumns(r.approval),
    ...beforeColumns(r.before),
    ...customerColumns(r.customer),
    fleet_id: r.fleetId ?? null,
  };
}

type BeforeColumns = Pick<OperationsTable, 'before_status' | 'before_expiry'>;

/** The partner as read before the call (migration 0008): two nulls when it was not read. */
function beforeColumns(b: PartnerBefore | undefined): BeforeColumns {
  if (b === undefined) return { before_status: null, before_expiry: null };
  if (typeof b.onboardingStatus !== 'string' || !b.onboardingStatus)
    throw new StoreError('store.invalidInput', 'before.onboardingStatus is required');
  const expiry = b.onboardingRequestExpiryDateTime;
  // Kept as Graph sent it when it is not an instant the store can normalize: a claim never fails over Graph's format.
  return { before_status: b.onboardingStatus, before_expiry: expiry === undefined ? null : normalizedOrAsSent(expiry) };
}

function normalizedOrAsSent(instant: string): string {
  try {
    return iso(instant, 'before.onboardingRequestExpiryDateTime');
  } catch {
    return instant;
  }
}

function toBefore(row: Selectable<BeforeColumns>): PartnerBefore | undefined {
  if (row.before_status === null) return undefined;
  const before: PartnerBefore = { onboardingStatus: row.before_status as OnboardingStatus };
  if (row.before_expiry !== null) before.onboardingRequestExpiryDateTime = row.before_expiry;
  return before;
}

type ApprovalColumns = Pick<OperationsTable, 'approval_status' | 'requester_channel_id' | 'decided_at'>;

/** An operation asked under two-person approval has a status; one without has three nulls. */
export function approvalColumns(a: ApprovalFacts | undefined): ApprovalColumns {
  if (a === undefined) return { approval_status: null, requester_channel_id: null, decided_at: null };
  return {
    approval_status: oneOf(APPROVAL_STATUSES, a.status, 'approval status'),
    requester_channel_id: a.requesterChannelId ?? null,
    decided_at: a.decidedAt === undefined ? null : iso(a.decidedAt, 'approval.decidedAt'),
  };
}

export function toApproval(row: Selectable<ApprovalColumns>): ApprovalFacts | undefined {
  if (row.approval_status === null) return undefined;
  const approval: ApprovalFacts = { status: row.approval_status as ApprovalStatus };
  if (row.requester_channel_id !== null) approval.requesterChannelId = row.requester_channel_id;
  if (row.decided_at !== null) approval.decidedAt = row.decided_at;
  return approval;
}

/** The database refused a second open operation for a partner in a tenant (the partial unique index of 0005, 0011). */
export function isOpenConflict(e: unknown): boolean {
  const o = e as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  if (!o || typeof o !== 'object') return false;
  if (o.code === '23505') return o.constraint === OPEN_PER_PARTNER_INDEX; // PostgreSQL unique_violation
  // better-sqlite3, for an index over an expression (0011): "UNIQUE constraint failed: index '<name>'"
  return o.code === 'SQLITE_CONSTRAINT_UNIQUE' && String(o.message).includes(`index '${OPEN_PER_PARTNER_INDEX}'`);
}

export function toRecord(row: Selectable<OperationsTable>): OperationRecord {
  const record: OperationRecord = {
    id: row.id,
    kind: row.kind as OperationKind,
    partnerId: row.partner_id,
    partnerName: row.partner_name,
    tenantId: row.tenant_id,
    conversationId: row.conversation_id,
    requester: { id: row.requester_id, name: row.requester_name },
    state: row.state as OperationState,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
  };
  if (row.executor_id !== null) record.executor = { id: row.executor_id, name: row.executor_name ?? '' };
  if (row.graph_request_id !== null) record.graphRequestId = row.graph_request_id;
  if (row.error_kind !== null) record.errorKind = row.error_kind;
  if (row.completed_at !== null) record.completedAt = row.completed_at;
  if (row.settled_by !== null) record.settledBy = row.settled_by as SettledBy;
  const approval = toApproval(row);
  if (approval) record.approval = approval;
  const before = toBefore(row);
  if (before) record.before = before;
  const customer = toCustomer(row);
  if (customer) record.customer = customer;
  if (row.fleet_id !== null) record.fleetId = row.fleet_id;
  return record;
}

export function oneOf<T extends string>(allowed: readonly T[], value: string, what: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new StoreError('store.invalidInput', `Unknown operation ${what} "${value}"`);
  }
  return value as T;
}

/**
 * Normalizes an instant to the stored form, `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC, fixed width), so that text
 * comparison and ordering are time comparison and ordering in both engines.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

export function iso(value: string, what: string): string {
  // A zone designator is required: without one, Date.parse would read the local time of the host.
  const t = typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : NaN;
  const out = Number.isNaN(t) ? '' : new Date(t).toISOString();
  if (out.length !== 24)
    throw new StoreError('store.invalidInput', `${what} must be an ISO 8601 date-time (got ${JSON.stringify(value)})`);
  return out;
}

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_LIMIT) {
    throw new StoreError(
      'store.invalidInput',
      `limit must be an integer from 1 to ${MAX_HISTORY_LIMIT} (got ${limit})`,
    );
  }
}
