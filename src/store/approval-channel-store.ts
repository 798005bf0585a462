/**
 * ApprovalChannelStore on Kysely: each tenant's approvers' channel (`approvals here`), one row per tenant
 * (table approval_channels, migration 0007). One statement per call. Tenant ids are GUIDs whose case carries
 * no meaning: the key is the lowercased id, and a channel reads back with that id.
 */
import type { Kysely, Selectable } from 'kysely';
import type { ApprovalChannel } from '../core/approval-model';
import type { ApprovalChannelStore } from '../core/ports';
import { StoreError, type ApprovalChannelsTable, type Database } from './db';
import { iso } from './operation-store';
import { addressOfRow } from './watch-rows';

export class KyselyApprovalChannelStore implements ApprovalChannelStore {
  constructor(private readonly db: Kysely<Database>) {}

  async setApprovalChannel(channel: ApprovalChannel): Promise<void> {
    const row = toRow(channel);
    const { tenant_id: _tenant, ...rest } = row;
    await this.db
      .insertInto('approval_channels')
      .values(row)
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(rest))
      .execute();
  }

  async approvalChannel(tenantId: string): Promise<ApprovalChannel | undefined> {
    if (typeof tenantId !== 'string' || !tenantId) return undefined;
    const row = await this.db
      .selectFrom('approval_channels')
      .selectAll()
      .where('tenant_id', '=', tenantId.toLowerCase())
      .executeTakeFirst();
    return row && toChannel(row);
  }
}

function required(value: string | undefined, what: string): string {
  if (typeof value !== 'string' || !value)
    throw new StoreError('store.invalidInput', `An approvers' channel needs ${what}`);
  return value;
}

function toRow(c: ApprovalChannel): ApprovalChannelsTable {
  const tenant = required(c.tenantId, 'a tenant id').toLowerCase();
  const a = c.address;
  // The address is the tenant's own conversation: one of another tenant would post requests there.
  if (!a || required(a.tenantId, "the address's tenant id").toLowerCase() !== tenant) {
    throw new StoreError('store.invalidInput', "An approvers' channel must be a conversation of its own tenant");
  }
  return {
    tenant_id: tenant,
    channel_id: required(a.channelId, 'a channel id'),
    service_url: required(a.serviceUrl, 'a service URL'),
    conversation_id: required(a.conversationId, 'a conversation id'),
    conversation_kind: required(a.kind, 'a conversation kind'),
    bot_id: required(a.botId, "the bot's id"),
    set_by_id: required(c.setBy?.id, 'the id of who set it'),
    set_by_name: c.setBy?.name ?? '',
    locale: c.locale || 'en-US',
    time_zone: c.timeZone ?? null,
    set_at: iso(c.setAt, 'setAt'),
  };
}

function toChannel(row: Selectable<ApprovalChannelsTable>): ApprovalChannel {
  const channel: ApprovalChannel = {
    tenantId: row.tenant_id,
    address: addressOfRow(row),
    setBy: { id: row.set_by_id, name: row.set_by_name },
    locale: row.locale,
    setAt: row.set_at,
  };
  if (row.time_zone !== null) channel.timeZone = row.time_zone;
  return channel;
}
