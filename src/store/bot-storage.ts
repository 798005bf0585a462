/**
 * Key-value storage with the semantics of botbuilder's Storage / MemoryStorage (botbuilder-core 4.23,
 * lib/memoryStorage.js), kept in the database so that any instance can continue any conversation.
 * Structural: src/bot passes it where botbuilder wants a `Storage`; this file imports no botbuilder.
 *
 * eTag rules, as MemoryStorage:
 * - every successful write stores a NEW eTag (the caller's eTag is a condition, never the stored value);
 *   read() returns it in the item's `eTag` property;
 * - write with eTag absent, '' or '*'            -> unconditional (insert or overwrite);
 * - write with any other eTag, key missing        -> succeeds (insert). Storages that turn this into an
 *   If-Match on a missing item (e.g. BlobsStorage) make the FIRST Teams SSO dedup write fail, so every
 *   signin/tokenExchange looks like a duplicate and sign-in never completes (microsoft/teams-sdk#1457);
 * - write with any other eTag, key exists         -> succeeds only if it equals the stored eTag, else the
 *   write rejects with `Storage: error writing "<key>" due to eTag conflict.` (MemoryStorage's words; the
 *   SSO dedup code looks for "etag conflict" in the message, and teams-ai's check `indexOf('eTag conflict')`
 *   is only truthy when the phrase is not at position 0);
 * - several keys: the others are still written, the promise rejects with the first conflict;
 * - delete() ignores eTags; deleting a missing key is not an error.
 * The condition is checked inside ONE statement (INSERT ... ON CONFLICT DO UPDATE ... WHERE etag = ?
 * RETURNING key), so two instances writing the same dedup key at once cannot both win.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db';
import { QueryShapes } from './query-shapes';

/** botbuilder's `Storage`, structurally. */
export interface KeyValueStorage {
  read(keys: string[]): Promise<Record<string, any>>;
  write(changes: Record<string, any>): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

export class KyselyBotStorage implements KeyValueStorage {
  private readonly shapes: QueryShapes;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly counter: { statements: number },
  ) {
    this.shapes = new QueryShapes(db, counter);
  }

  /** Statements this storage has sent since it was opened. */
  stats(): { statements: number } {
    return { statements: this.counter.statements };
  }

  async read(keys: string[]): Promise<Record<string, any>> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: Record<string, any> = {};
    if (keys.length === 0) return items;
    const wanted = unique(keys);
    const rows = await this.shapes.rows(`read:${wanted.length}`, wanted, (db, v) =>
      db.selectFrom('bot_state').select(['key', 'value', 'etag']).where('key', 'in', v),
    );
    for (const row of rows) items[row.key] = { ...JSON.parse(row.value), eTag: row.etag };
    return items;
  }

  async write(changes: Record<string, any>): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    // Sorted, so that two writers of the same keys lock them in the same order (no deadlock on PostgreSQL).
    const keys = Object.keys(changes).sort();
    if (keys.length === 0) return;
    const now = new Date().toISOString();
    const unconditional: string[] = [];
    const conditional: Array<[string, string]> = [];
    const rows = keys.map((key) => {
      const { eTag, ...value } = { ...(changes[key] ?? {}) };
      if (!eTag || eTag === '*') unconditional.push(key);
      else conditional.push([key, String(eTag)]);
      return { key, value: JSON.stringify(value), etag: randomUUID(), updated_at: now };
    });
    const written = await this.db
      .insertInto('bot_state')
      .values(rows)
      .onConflict((oc) => {
        const update = oc.column('key').doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          etag: eb.ref('excluded.etag'),
          updated_at: eb.ref('excluded.updated_at'),
        }));
        if (conditional.length === 0) return update;
        return update.where((eb) =>
          eb.or([
            ...(unconditional.length > 0 ? [eb('bot_state.key', 'in', unconditional)] : []),
            ...conditional.map(([key, etag]) =>
              eb.and([eb('bot_state.key', '=', key), eb('bot_state.etag', '=', etag)]),
            ),
          ]),
        );
      })
      .returning('key')
      .execute();
    if (written.length === keys.length) return;
    const done = new Set(written.map((r) => r.key));
    const conflict = Object.keys(changes).find((k) => !done.has(k));
    throw new Error(`Storage: error writing "${conflict}" due to eTag conflict.`);
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    await this.db.deleteFrom('bot_state').where('key', 'in', unique(keys)).execute();
  }
}

const unique = (keys: string[]) => [...new Set(keys)];
