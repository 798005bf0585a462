/**
 * Where an operation's card lives, so that ANY instance can replace it later for everyone: the one that
 * finishes a click after its answer window, or the sweeper settling what a crashed instance left behind.
 * Kept with the operation when the card is posted (a conversation reference plus the message id).
 */
import type { Reply } from './replies';
import type { ConversationAddress } from './watch-model';

export interface CardRef {
  /** The id the channel gave the message that carries the card (a click's replyToId). */
  activityId: string;
  /** The channel's service URL for this conversation (the Bot Connector's). */
  serviceUrl: string;
  /** e.g. msteams */
  channelId: string;
  conversationId: string;
  /** personal, groupChat or channel, as the channel said. */
  conversationType?: string;
  tenantId: string;
  /** The bot's id in the channel (28:...). */
  botId: string;
  /** The language and time zone the card was written in, for the replacement. */
  locale: string;
  timeZone?: string;
}

/**
 * store/: the cards of each operation. Its own card is where it was asked; a request for approval also has a copy
 * in the tenant's approvers' channel (one per conversation).
 */
export interface CardStore {
  /** Remembers (or replaces) where the operation's own card is. */
  save(operationId: string, card: CardRef): Promise<void>;
  get(operationId: string): Promise<CardRef | undefined>;
  /** Remembers a copy of the operation's card in another conversation (replaces the copy in that conversation). */
  saveCopy(operationId: string, card: CardRef): Promise<void>;
  /** Every card of the operation: its own first (when known), then the copies, oldest first. */
  all(operationId: string): Promise<CardRef[]>;
}

/** bot/: replaces a card for everyone in its conversation, with the bot's own credentials; posts a new one. */
export interface CardPublisher {
  /** Rejects when the channel refused the update. */
  update(card: CardRef, reply: Reply): Promise<void>;
  /**
   * Posts `reply` as a new card into a conversation the bot was not asked in (the approvers' channel), written in
   * `view`'s language; resolves to where it is. Rejects when the channel refused it.
   */
  post(address: ConversationAddress, reply: Reply, view: { locale: string; timeZone?: string }): Promise<CardRef>;
}

/** Both together: what a use case needs to bring an operation's card up to date. */
export interface CardUpdates {
  cards: CardStore;
  publisher: CardPublisher;
}
