/**
 * Leadership (core/sweeper-ports.ts): at most one holder at a time among the instances sharing a database.
 *
 * - PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`), held by a connection of its own (not
 *   one of the pool's: an idle pooled connection has nobody listening for its errors, and a server restart
 *   would then end the process). The server drops the lock when the session ends, so an instance that dies
 *   (kill -9, a lost host) frees it as soon as its connection closes, and another takes over at its next try.
 *   The key is the lock's name within the current schema (two-key form: a constant and
 *   hashtext(schema:name)), so another deployment in another schema of the same database does not compete; it
 *   never meets the migration's lock (one-key form: another key space).
 * - SQLite: the embedded database serves one process (docs/store.md): that process always leads.
 */
import { Client } from 'pg';
import type { Leadership } from '../core/sweeper-ports';
import type { Engine } from './db';

/** The first key of every lock taken here (the second is hashtext of the schema and the lock's name). */
const LOCK_NAMESPACE = 728_361_004;

export interface ClosableLeadership extends Leadership {
  /** Same as release: the lock and its connection go. */
  close(): Promise<void>;
}

export function openLeadership(engine: Engine, databaseUrl: string | undefined, name: string): ClosableLeadership {
  if (engine === 'postgres' && databaseUrl) return new PostgresLeadership(databaseUrl, name);
  const always = { acquire: async () => true, release: async () => undefined };
  return { ...always, close: always.release };
}

class PostgresLeadership implements ClosableLeadership {
  private client?: Client;
  private held = false;
  private busy?: Promise<boolean>;

  constructor(
    private readonly url: string,
    private readonly name: string,
  ) {}

  acquire(): Promise<boolean> {
    this.busy ??= this.tryAcquire().finally(() => (this.busy = undefined));
    return this.busy;
  }

  async release(): Promise<void> {
    await this.busy?.catch(() => undefined);
    const client = this.client;
    this.client = undefined;
    const held = this.held;
    this.held = false;
    if (!client) return;
    try {
      if (held) await client.query('select pg_advisory_unlock_all()');
    } catch {
      // The session is gone, and the lock with it.
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  close(): Promise<void> {
    return this.release();
  }

  private async tryAcquire(): Promise<boolean> {
    const client = await this.connect();
    try {
      if (this.held) {
        await client.query('select 1'); // the session (and so the lock) is still there
        return true;
      }
      const { rows } = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_lock($1, hashtext(current_schema() || $2)) as locked',
        [LOCK_NAMESPACE, `:${this.name}`],
      );
      this.held = rows[0]?.locked === true;
      return this.held;
    } catch (e) {
      this.lost(client);
      throw e;
    }
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 10_000 });
    // The server went away (restart, failover, a terminated session): the lock went with the session.
    client.on('error', () => this.lost(client));
    await client.connect();
    this.client = client;
    return client;
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.held = false;
    void client.end().catch(() => undefined);
  }
}
