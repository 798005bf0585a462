/**
 * The store's tables as Kysely sees them (both engines): one interface a table, the columns as stored. Migrations
 * (migration-*.ts) make them; db.ts re-exports them for the rest of the store.
 */
import type { Generated } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

/** Timestamps are stored as fixed-width ISO 8601 UTC text (`YYYY-MM-DDTHH:mm:ss.sssZ`): text order = time order. */
export interface OperationsTable {
  id: string;
  kind: string;
  partner_id: string;
  partner_name: string;
  tenant_id: string;
  conversation_id: string;
  requester_id: string;
  requester_name: string;
  executor_id: string | null;
  executor_name: string | null;
  state: string;
  graph_request_id: string | null;
  error_kind: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string;
  completed_at: string | null;
  /** How the outcome became known: 'graph' | 'read' | 'sweeper' (migration 0005). */
  settled_by: string | null;
  /** Two-person approval (migration 0007): 'waiting' | 'approved' | 'rejected' | 'withdrawn'; null when none was asked. */
  approval_status: string | null;
  /** The requester's id in the channel (an MRI in Teams), for the card's user-specific view. */
  requester_channel_id: string | null;
  /** When the request was approved, rejected or withdrawn. */
  decided_at: string | null;
  /** The partner as read right before the Graph call, kept with the claim (migration 0008): its onboardingStatus; null when not read. */
  before_status: string | null;
  /** ... and its onboardingRequestExpiryDateTime, when it had one. */
  before_expiry: string | null;
  /** The customer tenant it acts in (0011), lowercased, and the customer's short name; null: the bot's own tenant. */
  target_tenant_id: string | null;
  target_name: string | null;
  /** The fleet operation it is part of (0011). */
  fleet_id: string | null;
}

/** A fleet operation (0011): one request over many customers; its children are rows of `operations`. */
export interface FleetOperationsTable {
  id: string;
  tenant_id: string;
  conversation_id: string;
  kind: string;
  partner_query: string;
  selector: string;
  requester_id: string;
  requester_name: string;
  executor_id: string | null;
  executor_name: string | null;
  state: string;
  approval_status: string | null;
  requester_channel_id: string | null;
  decided_at: string | null;
  /** JSON: FleetMember[] (core/fleet-model.ts). */
  members: string;
  created_at: string;
  updated_at: string;
  expires_at: string;
  completed_at: string | null;
}

/** Each conversation's default customer (0011); a cleared one keeps its row with null target and who cleared it. */
export interface ConversationCustomersTable {
  /** Lowercased. */
  tenant_id: string;
  conversation_id: string;
  target_tenant_id: string | null;
  target_name: string | null;
  set_by_id: string;
  set_by_name: string;
  set_at: string;
}

/** Bot (teams-ai turn) state: one JSON document per key, with the eTag of its last write. */
export interface BotStateTable {
  key: string;
  value: string;
  etag: string;
  updated_at: string;
}

/** Where each operation's card was posted (a conversation reference and the message id); see core/card-ref.ts. */
export interface OperationCardsTable {
  operation_id: string;
  activity_id: string;
  service_url: string;
  channel_id: string;
  conversation_id: string;
  conversation_type: string | null;
  tenant_id: string;
  bot_id: string;
  locale: string;
  time_zone: string | null;
  saved_at: string;
}

/** A copy of an operation's card in another conversation (the approvers' channel); one per conversation (0007). */
export type OperationCardCopiesTable = OperationCardsTable;

/** Each tenant's approvers' channel (`approvals here`; 0007): its conversation address and who set it. */
export interface ApprovalChannelsTable {
  /** Lowercased: tenant ids are GUIDs, compared without case. */
  tenant_id: string;
  channel_id: string;
  service_url: string;
  conversation_id: string;
  conversation_kind: string;
  bot_id: string;
  set_by_id: string;
  set_by_name: string;
  locale: string;
  time_zone: string | null;
  set_at: string;
}

/** A conversation subscribed to the watch: its address for proactive messages, and who asked. */
export interface WatchSubscriptionsTable {
  id: string;
  tenant_id: string;
  conversation_id: string;
  conversation_kind: string;
  channel_id: string;
  service_url: string;
  bot_id: string;
  created_by_id: string;
  created_by_name: string;
  locale: string;
  time_zone: string | null;
  created_at: string;
  /** The cursor (0009): every event of the tenant numbered up to this one was told (delivered or given up). */
  told_seq: Generated<number>;
  /** 'own' (every row before 0012) or 'customers': a row of a `watch @all`, tenant_id the customer's (0012). */
  scope: Generated<string>;
  /** For a customers row: the conversation's own tenant (0012). */
  home_tenant_id: string | null;
  customer_name: string | null;
  customer_display_name: string | null;
  /** When an instance claimed the notices after the cursor (null: not claimed). */
  claimed_at: string | null;
  /** Failed attempts at the event after the cursor, when to try it again (null: now), and the last error. */
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
}

/** Per watched tenant: the version of its partner snapshots (compare-and-set for the poller). */
export interface WatchTenantsTable {
  tenant_id: string;
  version: number;
  updated_at: string;
  /** The number of the tenant's last event (0009); never goes back, so a cursor never points into another watch. */
  last_seq: Generated<number>;
  /** 1 when the poller's first look is kept; 0 after the last unwatch (the row stays for last_seq) (0009). */
  baselined: Generated<number>;
  /** The read failure already reported to the tenant's subscribers; null: none (0012). */
  read_failure: Generated<string | null>;
}

/** A conversation's `watch @all` (0013): who typed it, and the customers known then and told since (JSON arrays). */
export interface WatchAllTable {
  home_tenant_id: string;
  conversation_id: string;
  conversation_kind: string;
  channel_id: string;
  service_url: string;
  bot_id: string;
  created_by_id: string;
  created_by_name: string;
  locale: string;
  time_zone: string | null;
  created_at: string;
  known_tenants: string;
  told_tenants: Generated<string>;
}

/** What the poller last saw of a partner. */
export interface WatchPartnersTable {
  tenant_id: string;
  partner_id: string;
  display_name: string;
  onboarding_status: string;
  request_expiry: string | null;
  expiry_notice_for: string | null;
}

/** A noticed change (the notice as JSON), numbered per tenant in the order noticed (0009: (tenant_id, seq) PK). */
export interface WatchEventsTable {
  tenant_id: string;
  seq: number;
  id: string;
  kind: string;
  partner_id: string;
  notice: string;
  observed_at: string;
}

/** The poller's lease (one row): who polls, until when, and when the last poll ended. */
export interface WatchLeaseTable {
  name: string;
  holder: string;
  expires_at: string;
  polled_at: string | null;
}

export interface Database {
  operations: OperationsTable;
  bot_state: BotStateTable;
  operation_cards: OperationCardsTable;
  operation_card_copies: OperationCardCopiesTable;
  approval_channels: ApprovalChannelsTable;
  watch_subscriptions: WatchSubscriptionsTable;
  watch_tenants: WatchTenantsTable;
  watch_partners: WatchPartnersTable;
  watch_all: WatchAllTable;
  watch_events: WatchEventsTable;
  watch_lease: WatchLeaseTable;
  fleet_operations: FleetOperationsTable;
  conversation_customers: ConversationCustomersTable;
}
