/**
 * The user's token from the Bot Framework token service, kept in memory per user and connection.
 *
 * teams-ai asks the token service for the user's token (`GetToken`) on every turn that needs sign-in
 * (UserTokenAccess.getUserToken through the turn's UserTokenClient): one network round trip per command,
 * the largest removable cost of a command in the benchmark. Decided (issue 11): keep the answer until
 * 5 minutes before its `expiration`, and forget it on a sign-out, on an interaction-required or consent
 * answer, and when the on-behalf-of exchange refuses it (turn.ts calls `forgetUserToken`). The Graph token
 * made from it is already kept for its own lifetime (identity/obo-provider.ts), so the cache notices
 * nothing later than before; a sign-out done on another instance is noticed when the token expires or
 * the on-behalf-of exchange refuses it.
 *
 * The seam is the turn's UserTokenClient: adapter.ts wraps it in a CachingUserTokenClient for every turn
 * (teams-ai, botbuilder-dialogs' OAuthPrompt and this bot all read it from `turnState`). Only answers that
 * carry a token and a readable expiration are kept; "no token" (404) is never kept, so a user who signs in
 * is seen at once. Concurrent asks for the same user share one request. Bounded (LRU, `maxEntries`).
 */
import type { Activity, TokenResponse, TurnContext } from 'botbuilder';
import {
  UserTokenClient,
  type SignInUrlResponse,
  type TokenExchangeRequest,
  type TokenStatus,
} from 'botframework-connector';

/** A token is used from the cache while it has more than this left (as the Graph token and MSAL). */
export const USER_TOKEN_RENEW_BEFORE_MS = 5 * 60 * 1000;

export interface UserTokenCacheOptions {
  /** Users (x connections) kept; the least recently used goes first. Default 5000. */
  maxEntries?: number;
  /** For tests: the clock the expirations are compared with. */
  now?: () => number;
}

interface Entry {
  response: TokenResponse;
  expiresAt: number;
}

const keyOf = (channelId: string, userId: string, connectionName: string) =>
  `${channelId}\n${userId}\n${connectionName}`;

export class UserTokenCache {
  /** Off: every call goes to the token service, as without the cache (the benchmark compares both). */
  enabled = true;
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<TokenResponse | undefined>>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: UserTokenCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 5000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.inflight.clear();
  }

  /** The turn's token client, with this cache in front of GetToken. */
  wrap(inner: UserTokenClient): UserTokenClient {
    return inner instanceof CachingUserTokenClient ? inner : new CachingUserTokenClient(inner, this);
  }

  /** Forgets the user's token for one connection, or for all of them when `connectionName` is empty. */
  forget(userId: string, connectionName: string | undefined, channelId: string): void {
    const prefix = keyOf(channelId, userId, '');
    for (const key of [...this.entries.keys(), ...this.inflight.keys()]) {
      if (connectionName ? key === prefix + connectionName : key.startsWith(prefix)) {
        this.entries.delete(key);
        this.inflight.delete(key);
      }
    }
  }

  /** GetToken without a code: from the cache while the token is good, else one shared request. */
  async get(
    userId: string,
    connectionName: string,
    channelId: string,
    fetch: () => Promise<TokenResponse>,
  ): Promise<TokenResponse> {
    if (!this.enabled) return fetch();
    const key = keyOf(channelId, userId, connectionName);
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt - this.now() > USER_TOKEN_RENEW_BEFORE_MS) {
      this.entries.delete(key); // re-inserted: Map order is the LRU order
      this.entries.set(key, hit);
      return { ...hit.response };
    }
    if (hit) this.entries.delete(key);
    let pending = this.inflight.get(key);
    if (!pending) {
      const mine: Promise<TokenResponse | undefined> = fetch().then((response) => {
        // Forgotten meanwhile (a sign-out): the answer goes to those who asked, but is not kept.
        if (this.inflight.get(key) === mine) this.keepAt(key, response);
        return response;
      });
      pending = mine;
      this.inflight.set(key, mine);
      const done = () => {
        if (this.inflight.get(key) === mine) this.inflight.delete(key);
      };
      mine.then(done, done);
    }
    const response = await pending;
    return (response ? { ...response } : response) as TokenResponse;
  }

  /** Keeps an answer that carries a token with more than the renewal margin left; anything else is not kept. */
  keep(userId: string, connectionName: string, channelId: string, response: TokenResponse | undefined): void {
    this.keepAt(keyOf(channelId, userId, connectionName), response);
  }

  private keepAt(key: string, response: TokenResponse | undefined): void {
    if (!this.enabled || !response?.token) return;
    const expiresAt = Date.parse(response.expiration ?? '');
    if (!Number.isFinite(expiresAt) || expiresAt - this.now() <= USER_TOKEN_RENEW_BEFORE_MS) return;
    this.entries.delete(key);
    this.entries.set(key, { response: { ...response }, expiresAt });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** The turn's UserTokenClient with the cache in front of GetToken; every other call goes through. */
class CachingUserTokenClient extends UserTokenClient {
  constructor(
    readonly inner: UserTokenClient,
    readonly cache: UserTokenCache,
  ) {
    super();
  }

  async getUserToken(
    userId: string,
    connectionName: string,
    channelId: string,
    magicCode: string,
  ): Promise<TokenResponse> {
    if (magicCode) {
      // A sign-in code (channels): always the token service's answer; a token it gives is kept.
      const response = await this.inner.getUserToken(userId, connectionName, channelId, magicCode);
      this.cache.keep(userId, connectionName, channelId, response);
      return response;
    }
    return this.cache.get(userId, connectionName, channelId, () =>
      this.inner.getUserToken(userId, connectionName, channelId, magicCode),
    );
  }

  async exchangeToken(
    userId: string,
    connectionName: string,
    channelId: string,
    exchangeRequest: TokenExchangeRequest,
  ): Promise<TokenResponse> {
    const response = await this.inner.exchangeToken(userId, connectionName, channelId, exchangeRequest);
    this.cache.keep(userId, connectionName, channelId, response);
    return response;
  }

  async signOutUser(userId: string, connectionName: string, channelId: string): Promise<void> {
    // Forgotten first: even when the token service cannot be reached, this instance stops using the token.
    this.cache.forget(userId, connectionName, channelId);
    await this.inner.signOutUser(userId, connectionName, channelId);
  }

  getSignInResource(connectionName: string, activity: Activity, finalRedirect: string): Promise<SignInUrlResponse> {
    return this.inner.getSignInResource(connectionName, activity, finalRedirect);
  }

  getTokenStatus(userId: string, channelId: string, includeFilter: string): Promise<TokenStatus[]> {
    return this.inner.getTokenStatus(userId, channelId, includeFilter);
  }

  getAadTokens(
    userId: string,
    connectionName: string,
    resourceUrls: string[],
    channelId: string,
  ): Promise<Record<string, TokenResponse>> {
    return this.inner.getAadTokens(userId, connectionName, resourceUrls, channelId);
  }
}

/**
 * Forgets the turn user's token for `connectionName` (an interaction-required or consent answer, or the
 * on-behalf-of exchange refused it): the next turn asks the token service again.
 */
export function forgetUserToken(context: TurnContext, connectionName: string): void {
  const key = (context.adapter as { UserTokenClientKey?: symbol }).UserTokenClientKey;
  const client = key ? context.turnState.get(key) : undefined;
  const a = context.activity;
  if (client instanceof CachingUserTokenClient && a.from?.id)
    client.cache.forget(a.from.id, connectionName, a.channelId);
}
