/**
 * ConversationCustomerStore on Kysely (issue 19; table conversation_customers, migration 0011): a conversation's
 * default customer (`customer contoso` in a channel). One statement per call: an upsert on (tenant_id,
 * conversation_id). Clearing keeps the row with a null customer, so who cleared it and when stays known. The
 * tenant ids are kept lowercased (GUIDs: their case carries no meaning), as the approvers' channels'.
 */
import type { Kysely } from 'kysely';
import type { CustomerRef, PersonRef } from '../core/model';
import type { ConversationCustomerStore } from '../core/ports';
import { StoreError } from './db';
import type { ConversationCustomersTable, Database } from './db';
import { customerColumns, iso, tenantKey, toCustomer } from './operation-store';

export class KyselyConversationCustomerStore implements ConversationCustomerStore {
  constructor(private readonly db: Kysely<Database>) {}

  async setConversationCustomer(
    tenantId: string,
    conversationId: string,
    customer: CustomerRef | undefined,
    by: PersonRef,
    at: string,
  ): Promise<void> {
    if (typeof by?.id !== 'string' || !by.id) {
      throw new StoreError('store.invalidInput', "A conversation's customer needs who set it");
    }
    const row: ConversationCustomersTable = {
      tenant_id: tenantKey(tenantId, 'tenantId'),
      conversation_id: conversationKey(conversationId),
      ...customerColumns(customer),
      set_by_id: by.id,
      set_by_name: by.name ?? '',
      set_at: iso(at, 'at'),
    };
    const { tenant_id: _tenant, conversation_id: _conversation, ...rest } = row;
    await this.db
      .insertInto('conversation_customers')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'conversation_id']).doUpdateSet(rest))
      .execute();
  }

  async conversationCustomer(tenantId: string, conversationId: string): Promise<CustomerRef | undefined> {
    if (typeof tenantId !== 'string' || !tenantId.trim()) return undefined;
    if (typeof conversationId !== 'string' || !conversationId) return undefined;
    const row = await this.db
      .selectFrom('conversation_customers')
      .select(['target_tenant_id', 'target_name'])
      .where('tenant_id', '=', tenantKey(tenantId, 'tenantId'))
      .where('conversation_id', '=', conversationId)
      .executeTakeFirst();
    return row && toCustomer(row);
  }
}

function conversationKey(value: unknown): string {
  if (typeof value !== 'string' || !value) throw new StoreError('store.invalidInput', 'A conversation id is required');
  return value;
}
