/**
 * Which sign-in prompts are open, and whose each sign-in card is. teams-ai keeps its OAuthPrompt per user
 * in the conversation state but tells nobody; the bot notes every prompt it sends (who, in which
 * conversation, the card's token-exchange id), in the shared bot storage so that every instance sees it.
 * A sign-in invoke can then be told apart: the card's owner continues their own prompt in teams-ai; anybody
 * else (another member of a group chat or channel, a sign-in after the prompt expired, a duplicate) is
 * answered by the bot itself (sign-in-guard.ts).
 */
import type { Storage } from 'botbuilder';

/** How long a prompt waits: botbuilder's OAuthPrompt default (OAuthLoginTimeoutMsValue, 15 minutes), set explicitly in routes/sign-in.ts. */
export const SIGN_IN_TIMEOUT_MS = 15 * 60 * 1000;
const MAX_CARDS_PER_USER = 10;

export interface SignInScope {
  channelId: string;
  conversationId: string;
}

export interface CardOwner {
  userId: string;
  name: string;
  /** The owner's sign-in through this card already finished (success or failure). */
  closed: boolean;
}

interface UserRecord {
  name: string;
  at: number;
  exchangeIds: string[];
}

interface CardRecord {
  userId: string;
  name: string;
  at: number;
  closed?: boolean;
}

export class SignInPrompts {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {}

  /** teams-ai sent `userId` a sign-in card (with this token-exchange id when it carries one). */
  async opened(scope: SignInScope, userId: string, name: string, exchangeId?: string): Promise<void> {
    const userKey = this.userKey(scope, userId);
    const previous = ((await this.storage.read([userKey]))[userKey] as UserRecord | undefined)?.exchangeIds ?? [];
    const exchangeIds = exchangeId
      ? [...previous.filter((id) => id !== exchangeId), exchangeId].slice(-MAX_CARDS_PER_USER)
      : previous;
    const changes: Record<string, UserRecord | CardRecord> = { [userKey]: { name, at: this.now(), exchangeIds } };
    if (exchangeId) changes[this.cardKey(scope, exchangeId)] = { userId, name, at: this.now() };
    await this.storage.write(changes);
  }

  /** Whether `userId` has a prompt waiting in this conversation. */
  async isOpen(scope: SignInScope, userId: string): Promise<boolean> {
    const key = this.userKey(scope, userId);
    const record = (await this.storage.read([key]))[key] as UserRecord | undefined;
    return !!record && this.now() - record.at < SIGN_IN_TIMEOUT_MS;
  }

  /** Whose sign-in card carries this token-exchange id (undefined when the bot did not note it). */
  async cardOwner(scope: SignInScope, exchangeId: string): Promise<CardOwner | undefined> {
    const key = this.cardKey(scope, exchangeId);
    const record = (await this.storage.read([key]))[key] as CardRecord | undefined;
    return record ? { userId: record.userId, name: record.name, closed: Boolean(record.closed) } : undefined;
  }

  /** The prompt of `userId` ended (signed in, or failed): later invokes for their cards are not theirs to continue. */
  async closed(scope: SignInScope, userId: string): Promise<void> {
    const userKey = this.userKey(scope, userId);
    const record = (await this.storage.read([userKey]))[userKey] as UserRecord | undefined;
    if (!record) return;
    const cardKeys = record.exchangeIds.map((id) => this.cardKey(scope, id));
    const cards = cardKeys.length ? await this.storage.read(cardKeys) : {};
    const changes: Record<string, CardRecord> = {};
    for (const [key, card] of Object.entries(cards) as [string, CardRecord & { eTag?: string }][]) {
      changes[key] = { userId: card.userId, name: card.name, at: card.at, closed: true };
    }
    if (Object.keys(changes).length) await this.storage.write(changes);
    await this.storage.delete([userKey]);
  }

  private userKey(scope: SignInScope, userId: string): string {
    return `signin-prompt/${scope.channelId}/${scope.conversationId}/user/${userId}`;
  }

  private cardKey(scope: SignInScope, exchangeId: string): string {
    return `signin-prompt/${scope.channelId}/${scope.conversationId}/card/${exchangeId}`;
  }
}
