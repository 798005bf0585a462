/**
 * CardStore on Kysely: where each operation's card was posted (core/card-ref.ts). One statement per call;
 * saving again replaces the reference (a card re-sent in place of another keeps the newest message id).
 * Copies (a request for approval posted in the approvers' channel too) are kept apart, one per conversation.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CardRef, CardStore } from '../core/card-ref';
import { StoreError, type Database, type OperationCardsTable } from './db';

export class KyselyCardStore implements CardStore {
  constructor(private readonly db: Kysely<Database>) {}

  async save(operationId: string, card: CardRef): Promise<void> {
    const row = toRow(operationId, card);
    const { operation_id: _id, ...rest } = row;
    await this.db
      .insertInto('operation_cards')
      .values(row)
      .onConflict((oc) => oc.column('operation_id').doUpdateSet(rest))
      .execute();
  }

  async saveCopy(operationId: string, card: CardRef): Promise<void> {
    const row = toRow(operationId, card);
    const { operation_id: _id, conversation_id: _conversation, ...rest } = row;
    await this.db
      .insertInto('operation_card_copies')
      .values(row)
      .onConflict((oc) => oc.columns(['operation_id', 'conversation_id']).doUpdateSet(rest))
      .execute();
  }

  /**
   * One statement: the own card (`copy` 0) first, then the copies by when each was last saved (a replaced copy
   * counts from its replacement), the conversation breaking a tie.
   */
  async all(operationId: string): Promise<CardRef[]> {
    // Columns by name, not `*`: a union pairs them by position, and a later migration may add one to one table only.
    // The copies' part is built by the callback's expression builder: a builder of this.db would pass through the
    // statement counter on its own, counting one statement twice.
    const rows = await this.db
      .selectFrom('operation_cards')
      .select(CARD_COLUMNS)
      .select(sql<number>`0`.as('copy'))
      .where('operation_id', '=', operationId)
      .unionAll((eb) =>
        eb
          .selectFrom('operation_card_copies')
          .select(CARD_COLUMNS)
          .select(sql<number>`1`.as('copy'))
          .where('operation_id', '=', operationId),
      )
      .orderBy('copy')
      .orderBy('saved_at')
      .orderBy('conversation_id')
      .execute();
    return rows.map(toCard);
  }

  async get(operationId: string): Promise<CardRef | undefined> {
    const row = await this.db
      .selectFrom('operation_cards')
      .selectAll()
      .where('operation_id', '=', operationId)
      .executeTakeFirst();
    return row && toCard(row);
  }
}

const CARD_COLUMNS = [
  'operation_id',
  'activity_id',
  'service_url',
  'channel_id',
  'conversation_id',
  'conversation_type',
  'tenant_id',
  'bot_id',
  'locale',
  'time_zone',
  'saved_at',
] as const satisfies readonly (keyof OperationCardsTable)[];

function required(value: string | undefined, what: string): string {
  if (typeof value !== 'string' || !value) throw new StoreError('store.invalidInput', `A card reference needs ${what}`);
  return value;
}

function toRow(operationId: string, c: CardRef): OperationCardsTable {
  return {
    operation_id: required(operationId, 'an operation id'),
    activity_id: required(c.activityId, 'the message id'),
    service_url: required(c.serviceUrl, 'a service URL'),
    channel_id: required(c.channelId, 'a channel id'),
    conversation_id: required(c.conversationId, 'a conversation id'),
    conversation_type: c.conversationType ?? null,
    tenant_id: required(c.tenantId, 'a tenant id'),
    bot_id: required(c.botId, "the bot's id"),
    locale: c.locale || 'en-US',
    time_zone: c.timeZone ?? null,
    saved_at: new Date().toISOString(),
  };
}

function toCard(row: Selectable<OperationCardsTable>): CardRef {
  const card: CardRef = {
    activityId: row.activity_id,
    serviceUrl: row.service_url,
    channelId: row.channel_id,
    conversationId: row.conversation_id,
    tenantId: row.tenant_id,
    botId: row.bot_id,
    locale: row.locale,
  };
  if (row.conversation_type !== null) card.conversationType = row.conversation_type;
  if (row.time_zone !== null) card.timeZone = row.time_zone;
  return card;
}
