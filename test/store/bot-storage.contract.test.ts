/**
 * The key-value storage behind teams-ai's turn state, against botbuilder's MemoryStorage semantics
 * (node_modules/botbuilder-core/lib/memoryStorage.js), on both engines, plus the Teams SSO token-exchange
 * dedup that botbuilder's TeamsSSOTokenExchangeMiddleware and teams-ai do through this storage.
 */
// The reference implementation, for a differential test (only src/ is kept free of botbuilder).
import { MemoryStorage } from 'botbuilder-core';
import type { Store } from '../../src/store';
import { describeOn, ENGINES, freshDatabaseEach, warnIfNoPostgres } from './helpers';

warnIfNoPostgres();

/** How the two dedup implementations recognize a duplicate (copied conditions, see bot-storage.ts). */
const botbuilderSeesDuplicate = (e: Error) => e.message.toLowerCase().includes('etag conflict');
const teamsAiSeesDuplicate = (e: Error) => Boolean(e.message.indexOf('eTag conflict'));

describe.each(ENGINES)('bot storage on $name', (engine) => {
  describeOn(engine)('contract', () => {
    let a: Store;
    let b: Store; // a second bot instance on the same database
    freshDatabaseEach(engine, 2, (_, stores) => ([a, b] = stores));

    it('reads nothing for missing keys, and reads [] without a statement', async () => {
      expect(await a.botStorage.read(['nope', 'nada'])).toEqual({});
      const before = a.stats().botStorage;
      expect(await a.botStorage.read([])).toEqual({});
      expect(a.stats().botStorage).toBe(before);
    });

    it('writes, then reads the item back with a fresh eTag, without touching the caller object', async () => {
      const item = { count: 1, nested: { list: [1, 'two', null] }, eTag: '*' };
      await a.botStorage.write({ k1: item });
      const { k1 } = await b.botStorage.read(['k1']);
      expect(k1).toEqual({ count: 1, nested: { list: [1, 'two', null] }, eTag: expect.any(String) });
      expect(k1.eTag).not.toBe('*');
      expect(item.eTag).toBe('*');
    });

    it('overwrites unconditionally when the eTag is absent, empty or *', async () => {
      await a.botStorage.write({ k: { v: 1 } });
      await a.botStorage.write({ k: { v: 2 } });
      await a.botStorage.write({ k: { v: 3, eTag: '' } });
      await a.botStorage.write({ k: { v: 4, eTag: '*' } });
      expect((await a.botStorage.read(['k'])).k.v).toBe(4);
    });

    it('writes with the current eTag, rejects a stale one like MemoryStorage, and gives each write a new eTag', async () => {
      await a.botStorage.write({ k: { v: 1 } });
      const first = (await a.botStorage.read(['k'])).k;
      await b.botStorage.write({ k: { ...first, v: 2 } }); // instance B continues the conversation
      const second = (await a.botStorage.read(['k'])).k;
      expect(second.eTag).not.toBe(first.eTag);
      await expect(a.botStorage.write({ k: { ...first, v: 3 } })).rejects.toThrow(
        'Storage: error writing "k" due to eTag conflict.',
      );
      expect((await b.botStorage.read(['k'])).k).toEqual(second);
    });

    it('inserts on a missing key even with a conditional eTag (what the SSO dedup relies on)', async () => {
      await a.botStorage.write({ missing: { v: 1, eTag: 'some-etag-never-stored' } });
      const { missing } = await a.botStorage.read(['missing']);
      expect(missing.v).toBe(1);
      expect(missing.eTag).not.toBe('some-etag-never-stored'); // else a second identical write would pass
      await expect(a.botStorage.write({ missing: { eTag: 'some-etag-never-stored' } })).rejects.toThrow(
        /eTag conflict/,
      );
    });

    it('with several keys, writes the others and rejects with the conflicting one', async () => {
      await a.botStorage.write({ user: { u: 1 }, conv: { c: 1 } });
      const stale = (await a.botStorage.read(['user'])).user;
      await a.botStorage.write({ user: { u: 2 } });
      await expect(a.botStorage.write({ conv: { c: 2 }, user: { ...stale, u: 3 }, fresh: { f: 1 } })).rejects.toThrow(
        'Storage: error writing "user" due to eTag conflict.',
      );
      const now = await a.botStorage.read(['user', 'conv', 'fresh']);
      expect([now.user.u, now.conv.c, now.fresh.f]).toEqual([2, 2, 1]);
    });

    it('writes any number of keys in one statement', async () => {
      await a.botStorage.write({ x: { n: 1 } });
      const x = (await a.botStorage.read(['x'])).x;
      const before = a.stats().botStorage;
      await a.botStorage.write({ x: { ...x, n: 2 }, y: { n: 1 }, z: { n: 1, eTag: '*' } });
      await a.botStorage.read(['x', 'y', 'z']);
      await a.botStorage.delete(['y', 'z']);
      expect(a.stats().botStorage).toBe(before + 3);
    });

    it('deletes keys (missing ones too), after which a stale eTag inserts again', async () => {
      await a.botStorage.write({ k: { v: 1 }, keep: { v: 1 } });
      const stale = (await a.botStorage.read(['k'])).k;
      await b.botStorage.delete(['k', 'never-there']);
      expect(await a.botStorage.read(['k', 'keep'])).toEqual({ keep: expect.objectContaining({ v: 1 }) });
      await a.botStorage.write({ k: stale });
      expect((await a.botStorage.read(['k'])).k.v).toBe(1);
    });

    it('rejects missing arguments like MemoryStorage', async () => {
      await expect(a.botStorage.read(undefined as never)).rejects.toThrow(ReferenceError);
      await expect(a.botStorage.write(undefined as never)).rejects.toThrow(ReferenceError);
    });

    it('lets a second instance continue turn state begun on the first; a stale save then fails', async () => {
      const key = 'msteams/19:conv@thread.v2/conversation';
      await a.botStorage.write({ [key]: { __signInFlow: 'graph', text: 'disconnect TeamViewer' } });
      // Both instances load the state for concurrent turns; B saves first.
      const onA = (await a.botStorage.read([key]))[key];
      const onB = (await b.botStorage.read([key]))[key];
      expect(onB).toEqual(onA);
      await b.botStorage.write({ [key]: { ...onB, __signInFlow: undefined, signedIn: true } });
      await expect(a.botStorage.write({ [key]: { ...onA, text: 'other' } })).rejects.toThrow(/eTag conflict/);
      expect((await a.botStorage.read([key]))[key]).toMatchObject({ signedIn: true, text: 'disconnect TeamViewer' });
    });

    it("behaves like botbuilder's own MemoryStorage, step by step", async () => {
      type Kv = Store['botStorage'] | InstanceType<typeof MemoryStorage>;
      const run = async (s: Kv) => {
        const outcomes: string[] = [];
        const etag = async (key: string) => ((await s.read([key]))[key] as { eTag?: string } | undefined)?.eTag;
        const step = (p: Promise<unknown>) =>
          p.then(
            () => outcomes.push('ok'),
            (e: Error) => outcomes.push(e.message),
          );
        await step(s.write({ k1: { a: 1 } }));
        const e1 = await etag('k1');
        await step(s.write({ k1: { a: 2, eTag: e1 } }));
        await step(s.write({ k1: { a: 3, eTag: e1 } })); // stale
        await step(s.write({ k2: { b: 1, eTag: 'x' } })); // conditional on a missing key
        await step(s.write({ k2: { b: 2, eTag: 'x' } }));
        await step(s.write({ k3: {}, k1: { a: 4, eTag: '*' } }));
        await step(s.delete(['k2', 'k9']));
        await step(s.write({ k2: { b: 3, eTag: 'x' } }));
        await step(s.write({ k1: { a: 5, eTag: 'bad' }, k4: { d: 1 }, k2: { b: 4, eTag: 'bad' } }));
        const all = await s.read(['k1', 'k2', 'k3', 'k4', 'k9']);
        for (const v of Object.values(all)) delete (v as { eTag?: string }).eTag;
        return { outcomes, all };
      };
      const ours = await run(a.botStorage);
      expect(ours).toEqual(await run(new MemoryStorage()));
      expect(ours.outcomes.filter((o) => o !== 'ok')).toHaveLength(3);
    });

    describe('Teams SSO token-exchange dedup (signin/tokenExchange sent by every Teams client)', () => {
      // botbuilder's TeamsSSOTokenExchangeMiddleware: key `${channelId}/${conversationId}/${value.id}`,
      // item { eTag: value.id }; the write that succeeds processes the exchange, the others answer 200 and stop.
      const exchangeId = '0a1b2c3d-0000-4000-8000-00000000abcd-graph-connection';
      const key = `msteams/a:1personal-chat/${exchangeId}`;
      const dedupWrite = (s: Store) => s.botStorage.write({ [key]: { eTag: exchangeId } });

      it('lets the first write of a dedup key through and rejects the duplicate so both libraries see it', async () => {
        await dedupWrite(a);
        const dup = await dedupWrite(b).then(
          () => undefined,
          (e: Error) => e,
        );
        expect(dup).toBeInstanceOf(Error);
        expect(botbuilderSeesDuplicate(dup!)).toBe(true);
        expect(teamsAiSeesDuplicate(dup!)).toBe(true);
      });

      it('lets exactly one of many concurrent duplicates through, across two instances', async () => {
        const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => dedupWrite(i % 2 ? b : a)));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) {
          if (r.status === 'rejected')
            expect(botbuilderSeesDuplicate(r.reason) && teamsAiSeesDuplicate(r.reason)).toBe(true);
        }
      });

      it('treats a different exchange id in the same conversation as new', async () => {
        await dedupWrite(a);
        await b.botStorage.write({ [`msteams/a:1personal-chat/other-id`]: { eTag: 'other-id' } });
      });
    });
  });
});
