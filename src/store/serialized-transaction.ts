/**
 * A transaction that, on a SQLite file, runs one at a time per process: better-sqlite3 waits for a lock
 * synchronously, so a second connection of the same process (two stores on one file, as the tests open them) would
 * block the event loop while the first one's transaction needs it to finish. Every such transaction starts with a
 * write, so across processes SQLite's busy timeout orders them. PostgreSQL: a plain transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './db';

/** Per SQLite file: the transaction running in this process. */
const sqliteTransactions = new Map<string, Promise<unknown>>();

export function serializedTransaction<T>(
  db: Kysely<Database>,
  sqlitePath: string | undefined,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  const run = () => db.transaction().execute(work);
  if (!sqlitePath) return run();
  const mine = (sqliteTransactions.get(sqlitePath) ?? Promise.resolve()).then(run, run);
  const tail = mine.catch(() => undefined);
  sqliteTransactions.set(sqlitePath, tail);
  void tail.then(() => {
    if (sqliteTransactions.get(sqlitePath) === tail) sqliteTransactions.delete(sqlitePath);
  });
  return mine;
}
