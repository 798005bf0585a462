/**
 * FleetStore on Kysely (issue 19; table fleet_operations, migration 0011). A fleet's children are rows of
 * `operations` with `fleet_id` set, so the operation store's guarantees hold for each of them unchanged.
 *
 * insertFleet is ONE transaction (serialized-transaction.ts): the children first, each `INSERT ... ON CONFLICT DO
 * NOTHING RETURNING id` (a child refused by the open-operations index is read back as the open one in its way),
 * then the fleet row with its members. Any failure rolls back everything. transitionFleet is one conditional
 * UPDATE ... WHERE id AND state IN (...) RETURNING *, as OperationStore.transition.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { OPERATION_KINDS } from '../core/catalogue';
import { FLEET_STATES } from '../core/fleet-model';
import type { FleetMember, FleetPatch, FleetRecord, FleetState } from '../core/fleet-model';
import { OPEN_STATES } from '../core/model';
import type { MutatingKind, OperationRecord } from '../core/model';
import type { FleetStore } from '../core/ports';
import { StoreError } from './db';
import type { Database, FleetOperationsTable, OperationsTable } from './db';
import {
  approvalColumns,
  checkLimit,
  customerColumns,
  iso,
  oneOf,
  openInTarget,
  toApproval,
  toRecord,
  toRow,
} from './operation-store';
import { serializedTransaction } from './serialized-transaction';

const KINDS = Object.keys(OPERATION_KINDS) as MutatingKind[];

export class KyselyFleetStore implements FleetStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sqlitePath?: string,
  ) {}

  async insertFleet(fleet: FleetRecord, children: readonly OperationRecord[]): Promise<FleetRecord> {
    const row = toFleetRow(fleet);
    const members = parseMembers(row.members);
    const taken = new Set<FleetMember>();
    const childRows = children.map((child) => {
      const r = toRow(child);
      return { row: r, member: memberOf(members, taken, r, row) };
    });
    return serializedTransaction(this.db, this.sqlitePath, async (trx) => {
      for (const { row: child, member } of childRows) {
        const open = await insertChild(trx, child);
        member.operationId = open?.id ?? child.id;
        if (open) member.alreadyOpen = true;
        else delete member.alreadyOpen;
      }
      const saved = { ...row, members: JSON.stringify(members) };
      const inserted = await trx
        .insertInto('fleet_operations')
        .values(saved)
        .onConflict((oc) => oc.column('id').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!inserted) throw new StoreError('store.duplicateId', `Fleet "${fleet.id}" already exists`);
      return toFleet(inserted);
    });
  }

  async getFleet(id: string): Promise<FleetRecord | undefined> {
    const row = await this.db.selectFrom('fleet_operations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toFleet(row);
  }

  async fleetChildren(fleetId: string): Promise<OperationRecord[]> {
    const rows = await this.db
      .selectFrom('operations')
      .selectAll()
      .where('fleet_id', '=', fleetId)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(toRecord);
  }

  async transitionFleet(
    id: string,
    from: readonly FleetState[],
    to: FleetState,
    patch: FleetPatch,
    options: { notExpiredAt?: string } = {},
  ): Promise<FleetRecord | undefined> {
    if (from.length === 0) return undefined;
    for (const s of [...from, to]) fleetState(s);
    const set: Partial<FleetOperationsTable> = {
      state: to,
      updated_at: iso(patch.updatedAt ?? new Date().toISOString(), 'updatedAt'),
    };
    if (patch.executor) {
      set.executor_id = patch.executor.id;
      set.executor_name = patch.executor.name;
    }
    if (patch.approval !== undefined) Object.assign(set, approvalColumns(patch.approval));
    if (patch.members !== undefined) set.members = membersJson(patch.members);
    if (patch.completedAt !== undefined) set.completed_at = iso(patch.completedAt, 'completedAt');
    if (patch.expiresAt !== undefined) set.expires_at = iso(patch.expiresAt, 'expiresAt');
    let query = this.db
      .updateTable('fleet_operations')
      .set(set)
      .where('id', '=', id)
      .where('state', 'in', [...from]);
    if (options.notExpiredAt !== undefined) {
      query = query.where('expires_at', '>', iso(options.notExpiredAt, 'notExpiredAt'));
    }
    const row = await query.returningAll().executeTakeFirst();
    return row && toFleet(row);
  }

  async fleetHistory(tenantId: string, limit: number): Promise<FleetRecord[]> {
    checkLimit(limit);
    const rows = await this.db
      .selectFrom('fleet_operations')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('kind', 'in', KINDS) // a kind only a newer version knows is left out, as in OperationStore.history
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toFleet);
  }
}

/**
 * Inserts a child unless its partner has an open operation in its customer: then resolves to that one. The one in
 * the way may close between the refused insert and the read: then the insert is tried again.
 */
async function insertChild(trx: Transaction<Database>, child: OperationsTable): Promise<{ id: string } | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await trx
      .insertInto('operations')
      .values(child)
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return undefined;
    const taken = await trx.selectFrom('operations').select('id').where('id', '=', child.id).executeTakeFirst();
    if (taken) throw new StoreError('store.duplicateId', `Operation "${child.id}" already exists (ids are not reused)`);
    const open = await openInTarget(trx, child);
    if (open) return { id: open.id };
  }
  const why = `Partner "${child.partner_id}" kept getting new open operations; "${child.id}" was not saved`;
  throw new StoreError('store.openOperationExists', why);
}

/** The member a child belongs to; a child must be open, of this fleet and tenant, and in one of its customers. */
function memberOf(
  members: FleetMember[],
  taken: Set<FleetMember>,
  child: OperationsTable,
  fleet: FleetOperationsTable,
): FleetMember {
  const bad = (why: string) => new StoreError('store.invalidInput', `Child "${child.id}" of "${fleet.id}" ${why}`);
  if (child.fleet_id !== fleet.id) throw bad('must have its fleetId');
  if (child.tenant_id !== fleet.tenant_id) throw bad("must be in the fleet's tenant");
  if (!(OPEN_STATES as readonly string[]).includes(child.state)) throw bad('must be open (pending or running)');
  if (child.kind !== fleet.kind) throw bad("must be of the fleet's kind");
  const member = members.find((m) => m.customer.tenantId === child.target_tenant_id);
  if (!member) throw bad("must act in one of the fleet's customers");
  if (taken.has(member)) throw bad('is the second child of its customer');
  taken.add(member);
  return member;
}

function toFleetRow(f: FleetRecord): FleetOperationsTable {
  const required = (value: unknown, what: string): string => {
    if (typeof value !== 'string' || !value) throw new StoreError('store.invalidInput', `A fleet needs ${what}`);
    return value;
  };
  return {
    id: required(f.id, 'an id'),
    tenant_id: required(f.tenantId, 'a tenant id'),
    conversation_id: required(f.conversationId, 'a conversation id'),
    kind: oneOf(KINDS, f.kind, 'kind'),
    partner_query: required(f.partnerQuery, 'a partner'),
    selector: required(f.selector, 'a selector'),
    requester_id: required(f.requester?.id, "the requester's id"),
    requester_name: f.requester.name ?? '',
    executor_id: f.executor?.id ?? null,
    executor_name: f.executor?.name ?? null,
    state: fleetState(f.state),
    ...approvalColumns(f.approval),
    members: membersJson(f.members),
    created_at: iso(f.createdAt, 'createdAt'),
    updated_at: iso(f.updatedAt, 'updatedAt'),
    expires_at: iso(f.expiresAt, 'expiresAt'),
    completed_at: f.completedAt === undefined ? null : iso(f.completedAt, 'completedAt'),
  };
}

function fleetState(value: string): FleetState {
  if (!(FLEET_STATES as readonly string[]).includes(value)) {
    throw new StoreError('store.invalidInput', `Unknown fleet state "${value}"`);
  }
  return value as FleetState;
}

/** Entra's codes as they read (AADSTS and digits); anything else is not kept. */
const ENTRA_CODE = /^AADSTS\d{1,9}$/;

/** The members as stored: each customer once, its tenant id lowercased; only the known fields are kept. */
function membersJson(members: readonly FleetMember[]): string {
  if (!Array.isArray(members)) throw new StoreError('store.invalidInput', 'A fleet needs its members');
  const seen = new Set<string>();
  const clean = members.map((m) => {
    const c = customerColumns(m?.customer);
    const tenantId = c.target_tenant_id as string;
    if (seen.has(tenantId)) throw new StoreError('store.invalidInput', `Customer "${tenantId}" is twice in the fleet`);
    seen.add(tenantId);
    const member: FleetMember = { customer: { tenantId, name: c.target_name as string } };
    if (typeof m.operationId === 'string' && m.operationId) member.operationId = m.operationId;
    if (m.alreadyOpen === true) member.alreadyOpen = true;
    if (typeof m.unreachable === 'string' && m.unreachable) member.unreachable = m.unreachable;
    if (typeof m.code === 'string' && ENTRA_CODE.test(m.code)) member.code = m.code;
    if (typeof m.status === 'string' && m.status) member.status = m.status;
    return member;
  });
  return JSON.stringify(clean);
}

function parseMembers(json: string): FleetMember[] {
  return JSON.parse(json) as FleetMember[];
}

function toFleet(row: Selectable<FleetOperationsTable>): FleetRecord {
  const fleet: FleetRecord = {
    id: row.id,
    tenantId: row.tenant_id,
    conversationId: row.conversation_id,
    kind: row.kind as MutatingKind,
    partnerQuery: row.partner_query,
    selector: row.selector,
    requester: { id: row.requester_id, name: row.requester_name },
    state: row.state as FleetState,
    members: parseMembers(row.members),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
  };
  if (row.executor_id !== null) fleet.executor = { id: row.executor_id, name: row.executor_name ?? '' };
  const approval = toApproval(row);
  if (approval) fleet.approval = approval;
  if (row.completed_at !== null) fleet.completedAt = row.completed_at;
  return fleet;
}
