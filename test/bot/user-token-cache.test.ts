/**
 * The rules of the kept user token (the end-to-end counts are in test/e2e/user-token-cache.test.ts): kept
 * until 5 minutes before its expiration, never a "no token" answer, forgotten on a sign-out even when the
 * token service fails, bounded, and a sign-out while a GetToken is on its way is not undone by its answer.
 */
import type { TokenResponse } from 'botbuilder';
import { UserTokenClient } from 'botframework-connector';
import { UserTokenCache } from '../../src/bot/user-token-cache';

const MIN = 60_000;
const T0 = Date.parse('2026-11-30T12:00:00Z');

/** A token service stand-in that counts GetToken and answers what `next` says. */
class CountingClient extends UserTokenClient {
  calls: string[] = [];
  next: (userId: string) => Promise<TokenResponse | undefined> = async (userId) => token(userId, 60);
  signOutFails = false;
  async getUserToken(userId: string, _c: string, _ch: string, code: string): Promise<TokenResponse> {
    this.calls.push(`GetToken ${userId}${code ? ` code=${code}` : ''}`);
    return (await this.next(userId)) as TokenResponse;
  }
  async exchangeToken(userId: string): Promise<TokenResponse> {
    this.calls.push(`exchange ${userId}`);
    return token(userId, 60);
  }
  async signOutUser(userId: string): Promise<void> {
    this.calls.push(`SignOut ${userId}`);
    if (this.signOutFails) throw new Error('token service unreachable');
  }
  getSignInResource(): never {
    throw new Error('not used');
  }
  getTokenStatus(): never {
    throw new Error('not used');
  }
  getAadTokens(): never {
    throw new Error('not used');
  }
}

let now = T0;
function token(userId: string, minutesLeft: number): TokenResponse {
  return {
    channelId: 'msteams',
    connectionName: 'graph',
    token: `token-of-${userId}-${now}`,
    expiration: new Date(now + minutesLeft * MIN).toISOString(),
  };
}

function setup(maxEntries?: number) {
  now = T0;
  const inner = new CountingClient();
  const cache = new UserTokenCache({ maxEntries, now: () => now });
  const client = cache.wrap(inner);
  const get = (user = 'u1', connection = 'graph') => client.getUserToken(user, connection, 'msteams', '');
  return { inner, cache, client, get };
}

it('keeps a token until 5 minutes before its expiration, then asks again', async () => {
  const { inner, get } = setup();
  const first = await get();
  now += 54 * MIN; // 6 minutes left
  expect((await get()).token).toBe(first.token);
  now += 1 * MIN + 1; // just under 5 minutes left
  expect((await get()).token).not.toBe(first.token);
  expect(inner.calls).toEqual(['GetToken u1', 'GetToken u1']);
});

it('does not keep "no token", a token without a readable expiration, or one about to expire', async () => {
  const { inner, get } = setup();
  for (const answer of [
    undefined,
    { ...token('u1', 60), expiration: undefined },
    { ...token('u1', 60), expiration: 'soon' },
    token('u1', 5),
  ]) {
    inner.next = async () => answer as TokenResponse | undefined;
    await get();
    await get();
  }
  expect(inner.calls).toHaveLength(8);
});

it('keeps users, connections and channels apart', async () => {
  const { inner, client, get } = setup();
  await get('u1');
  await get('u2');
  await get('u1', 'other');
  await client.getUserToken('u1', 'graph', 'webchat', '');
  await get('u1');
  expect(inner.calls).toHaveLength(4);
});

it('a sign-out forgets the token first, even when the token service cannot be reached', async () => {
  const { inner, client, get } = setup();
  await get();
  inner.signOutFails = true;
  await expect(client.signOutUser('u1', 'graph', 'msteams')).rejects.toThrow('unreachable');
  await get();
  expect(inner.calls).toEqual(['GetToken u1', 'SignOut u1', 'GetToken u1']);
});

it("a sign-out of every connection (no connection name) forgets them all, and only that user's", async () => {
  const { inner, client, get } = setup();
  await Promise.all([get('u1'), get('u1', 'other'), get('u2')]);
  await client.signOutUser('u1', '', 'msteams');
  await Promise.all([get('u1'), get('u1', 'other'), get('u2')]);
  expect(inner.calls.filter((c) => c.startsWith('GetToken'))).toHaveLength(5);
});

it('concurrent asks share one request; a sign-out meanwhile keeps its answer out of the cache', async () => {
  const { inner, cache, get } = setup();
  let release!: () => void;
  inner.next = (userId) => new Promise((resolve) => (release = () => resolve(token(userId, 60))));
  const asks = [get(), get(), get()];
  cache.forget('u1', 'graph', 'msteams');
  release();
  const answers = await Promise.all(asks);
  expect(new Set(answers.map((a) => a.token)).size).toBe(1);
  expect(inner.calls).toEqual(['GetToken u1']);
  inner.next = async (userId) => token(userId, 60);
  await get();
  expect(inner.calls).toEqual(['GetToken u1', 'GetToken u1']);
});

it('a failed GetToken is not kept and the next ask tries again', async () => {
  const { inner, get } = setup();
  inner.next = async () => {
    throw new Error('503');
  };
  await expect(get()).rejects.toThrow('503');
  inner.next = async (userId) => token(userId, 60);
  await get();
  await get();
  expect(inner.calls).toHaveLength(2);
});

it("a sign-in code always goes to the token service; the token it gives, and an exchange's, are kept", async () => {
  const { inner, client, get } = setup();
  await client.getUserToken('u1', 'graph', 'msteams', '123456');
  await get('u1');
  await client.exchangeToken('u2', 'graph', 'msteams', { token: 'sso' });
  await get('u2');
  expect(inner.calls).toEqual(['GetToken u1 code=123456', 'exchange u2']);
});

it('is bounded: the least recently used user goes first', async () => {
  const { inner, cache, get } = setup(2);
  await get('u1');
  await get('u2');
  await get('u1'); // u1 is now the most recent
  await get('u3'); // u2 goes
  expect(cache.size).toBe(2);
  inner.calls = [];
  await get('u1');
  await get('u3');
  await get('u2');
  expect(inner.calls).toEqual(['GetToken u2']);
});

it('switched off, it passes every call through and keeps nothing', async () => {
  const { inner, cache, get } = setup();
  cache.enabled = false;
  await get();
  await get();
  expect(inner.calls).toHaveLength(2);
  expect(cache.size).toBe(0);
});

it('answers are copies: a caller that changes one does not change the kept token', async () => {
  const { get } = setup();
  const first = await get();
  first.token = 'changed';
  expect((await get()).token).not.toBe('changed');
});
