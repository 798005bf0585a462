/**
 * store/: operations and their audit, plus the bot's turn state, in ONE engine chosen at startup.
 * - embedded default: a SQLite file (WAL, busy_timeout) in the data folder, created and migrated here;
 *   refused, naming DATABASE_URL, on a network filesystem or under App Service's /home (sqlite-location.ts);
 *   `sqliteFile: ':memory:'` for unit tests;
 * - shared mode: `databaseUrl: postgres://...` (several instances behind a load balancer; the cloud default).
 * Both go through the same Kysely code; the schema is migrated at open, safely when instances start at once.
 */
import { StatementCounter, StoreError, openDb } from './db';
import type { DbOptions, Engine } from './db';
import { migrateToLatest } from './migrations';
import { KyselyOperationStore } from './operation-store';
import { KyselyBotStorage } from './bot-storage';
import type { KeyValueStorage } from './bot-storage';
import { KyselyApprovalChannelStore } from './approval-channel-store';
import { KyselyCardStore } from './card-store';
import { openLeadership, type ClosableLeadership } from './leadership';
import type { Leadership } from '../core/sweeper-ports';
import { KyselyWatchStore } from './watch-store';
import { KyselyFleetStore } from './fleet-store';
import { KyselyConversationCustomerStore } from './conversation-customer-store';

export { StoreError, redactUrl } from './db';
export type { Engine, StoreErrorKind } from './db';
export type { KeyValueStorage } from './bot-storage';
export type { FilesystemProbe } from './sqlite-location';
export { KyselyOperationStore } from './operation-store';
export { KyselyBotStorage } from './bot-storage';
export { KyselyCardStore } from './card-store';
export { KyselyApprovalChannelStore } from './approval-channel-store';
export { KyselyWatchStore } from './watch-store';
export { KyselyFleetStore } from './fleet-store';
export { KyselyConversationCustomerStore } from './conversation-customer-store';

export type StoreOptions = DbOptions;

export interface StoreStats {
  /** Every statement sent since open, including the migration check at startup. */
  statements: number;
  /**
   * Of these, by the operation store (with the cards and the approvers' channels) and by the bot storage (the
   * watch's background statements are not counted).
   */
  operations: number;
  botStorage: number;
}

export interface Store {
  operations: KyselyOperationStore;
  botStorage: KyselyBotStorage & KeyValueStorage;
  /** Where each operation's card was posted. */
  cards: KyselyCardStore;
  /** Each tenant's approvers' channel (two-person approval). */
  approvals: KyselyApprovalChannelStore;
  /** At most one holder of `name` at a time among the instances on this database (released by close()). */
  leadership(name: string): Leadership;
  /** The watch: subscriptions, partner snapshots, notices and their deliveries, the poller's lease. */
  watch: KyselyWatchStore;
  /** Fleet operations (issue 19): one request over many customer tenants; its children are in `operations`. */
  fleets: KyselyFleetStore;
  /** Each conversation's default customer (issue 19). */
  conversationCustomers: KyselyConversationCustomerStore;
  engine: Engine;
  /** Where the data lives, safe to log (passwords masked). */
  location: string;
  /** Migrations this open applied (empty when the schema was already current). */
  appliedMigrations: string[];
  stats(): StoreStats;
  /** Closes the database (idempotent). */
  close(): Promise<void>;
}

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const { db, engine, location, sqlitePath } = openDb(options);
  const setup = new StatementCounter();
  const ops = new StatementCounter();
  const kv = new StatementCounter();
  let closing: Promise<void> | undefined;
  const leaderships: ClosableLeadership[] = [];
  const close = () => (closing ??= Promise.all(leaderships.map((l) => l.close())).then(() => db.destroy()));
  let appliedMigrations: string[];
  try {
    appliedMigrations = await migrateToLatest(db.withPlugin(setup), engine, sqlitePath);
  } catch (e) {
    await close();
    if (e instanceof StoreError) throw e;
    const why = e instanceof Error ? e.message || (e as NodeJS.ErrnoException).code : String(e);
    throw new StoreError('store.unavailable', `Cannot open the ${engine} database at ${location}: ${why}`, e);
  }
  return {
    operations: new KyselyOperationStore(db.withPlugin(ops), ops, close),
    botStorage: new KyselyBotStorage(db.withPlugin(kv), kv),
    // Counted with the operations: a card is kept with its operation.
    cards: new KyselyCardStore(db.withPlugin(ops)),
    // Counted with the operations too: the approvers' channel is read for each request for approval (where its
    // copy goes) and by `approvals`, so it is part of what a command costs; not background work like the watch.
    approvals: new KyselyApprovalChannelStore(db.withPlugin(ops)),
    leadership: (name) => {
      const leadership = openLeadership(engine, options.databaseUrl?.trim(), name);
      leaderships.push(leadership);
      return leadership;
    },
    watch: new KyselyWatchStore(db, sqlitePath),
    // Counted with the operations: a fleet is a command's operations, and the channel's customer is read per command.
    fleets: new KyselyFleetStore(db.withPlugin(ops), sqlitePath),
    conversationCustomers: new KyselyConversationCustomerStore(db.withPlugin(ops)),
    engine,
    location,
    appliedMigrations,
    stats: () => ({
      statements: setup.statements + ops.statements + kv.statements,
      operations: ops.statements,
      botStorage: kv.statements,
    }),
    close,
  };
}
