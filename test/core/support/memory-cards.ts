/** An in-memory CardStore and CardPublisher for core tests: what the host keeps and what it was asked to post or update. */
import type { CardPublisher, CardRef, CardStore } from '../../../src/core/card-ref';
import { sameConversation } from '../../../src/core/click-scope';
import type { Reply } from '../../../src/core/replies';
import type { ConversationAddress } from '../../../src/core/watch-model';

/** Cards as the host keeps them: the own card and copies, in memory (the Kysely store is held to the same contract in test/store). */
export class Cards implements CardStore, CardPublisher {
  readonly own = new Map<string, CardRef>();
  readonly copies = new Map<string, CardRef[]>();
  readonly posted: { address: ConversationAddress; reply: Reply }[] = [];
  readonly updated: { card: CardRef; reply: Reply }[] = [];
  async save(id: string, card: CardRef) {
    this.own.set(id, card);
  }
  async get(id: string) {
    return this.own.get(id);
  }
  async saveCopy(id: string, card: CardRef) {
    this.copies.set(id, [
      ...(this.copies.get(id) ?? []).filter((c) => !sameConversation(c.conversationId, card.conversationId)),
      card,
    ]);
  }
  async all(id: string) {
    return [...(this.own.has(id) ? [this.own.get(id)!] : []), ...(this.copies.get(id) ?? [])];
  }
  async update(card: CardRef, reply: Reply) {
    this.updated.push({ card, reply });
  }
  async post(address: ConversationAddress, reply: Reply, view: { locale: string }): Promise<CardRef> {
    this.posted.push({ address, reply });
    return {
      activityId: `posted-${this.posted.length}`,
      serviceUrl: address.serviceUrl,
      channelId: address.channelId,
      conversationId: address.conversationId,
      tenantId: address.tenantId,
      botId: address.botId,
      locale: view.locale,
    };
  }
}
