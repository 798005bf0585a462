/**
 * The watch, in plain TypeScript: who is subscribed where, what the poller last saw of each partner, and what
 * it tells the subscribers. Nothing here knows about Teams, SQL or Graph.
 */
import type { ConversationKind, OnboardingStatus, Partner, PersonRef } from './model';

/**
 * Where the bot can post without being asked (a proactive message): what the Bot Framework needs to address a
 * conversation later. bot/ fills it from the activity that asked for the watch.
 */
export interface ConversationAddress {
  /** 'msteams' (the Agents Playground sends the same). */
  channelId: string;
  /** The Bot Connector endpoint of the conversation's region (activity.serviceUrl). */
  serviceUrl: string;
  /** The conversation to post into. For a channel the channel itself (without ";messageid="): a notice is a new post. */
  conversationId: string;
  kind: ConversationKind;
  tenantId: string;
  /** The bot's channel account id in that conversation (activity.recipient.id, e.g. 28:<app id>). */
  botId: string;
}

/** The customer a subscription of a `watch @all` is for (issue 19): notices name it. */
export interface WatchedCustomer {
  name: string;
  displayName: string;
}

/**
 * A conversation told the partner changes of one tenant. `tenantId` is the tenant watched: the conversation's own
 * (`address.tenantId`), or, with `customer`, a customer tenant: a `watch @all` is one subscription per customer.
 */
export interface WatchSubscription {
  id: string;
  tenantId: string;
  /** Set on the subscriptions of a `watch @all`: the customer whose tenant is `tenantId`. */
  customer?: WatchedCustomer;
  address: ConversationAddress;
  /** Who asked for it, and in which language and time zone its notices are written. */
  createdBy: PersonRef;
  locale: string;
  timeZone?: string;
  /** ISO 8601 UTC. */
  createdAt: string;
}

/**
 * A conversation's `watch @all` (issue 19, migration 0013), remembered beside its subscriptions so that a customer
 * configured later is told to it rather than silently missing. Tenant ids are lowercased and sorted.
 */
export interface WatchAll {
  /** The conversation (its `tenantId`: the conversation's own tenant; `conversationId` without ";messageid="). */
  address: ConversationAddress;
  createdBy: PersonRef;
  locale: string;
  timeZone?: string;
  /** ISO 8601 UTC: when `watch @all` was last typed here. */
  createdAt: string;
  /**
   * Every customer tenant configured when `watch @all` was last typed: subscribed then, or listed "not allowed" on
   * its card. Only a configured customer outside this list (and not subscribed) is new to the conversation.
   */
  knownTenants: string[];
  /** Customer tenants told to it since as new (once each); cleared when `watch @all` is typed again. */
  toldTenants: string[];
}

/** A remembered `watch @all` with the customer tenants the conversation has a subscription for now. */
export interface WatchAllState extends WatchAll {
  subscribedTenants: string[];
}

/**
 * What the poller last saw of one partner (persisted, so a restart does not announce a change twice). The last
 * connection time is not kept: it moves whenever the connector talks to Intune, which is nothing to announce.
 */
export interface PartnerSnapshot {
  partnerId: string;
  displayName: string;
  onboardingStatus: OnboardingStatus;
  /** ISO 8601 UTC, or undefined when no request is pending (Graph's year-1 "none"). */
  onboardingRequestExpiry?: string;
  /** The expiry already announced (or shown with a status change), so that it is announced once. */
  expiryNoticeFor?: string;
}

/** What a notice says. `partner` is the partner as the poller saw it when the change was noticed. */
export type WatchNotice =
  /** The onboarding status changed (made by this bot or elsewhere: the admin center, PowerShell, the partner). */
  | { kind: 'statusChanged'; partner: Partner; from: OnboardingStatus }
  /** An onboarding request runs out soon (or ran out) and the partner is still onboarding. */
  | { kind: 'expiring'; partner: Partner; expired: boolean }
  /** A partner appeared in Intune. */
  | { kind: 'added'; partner: Partner }
  /** A partner is gone from Intune. */
  | { kind: 'removed'; partner: Pick<Partner, 'id' | 'displayName'> }
  /** The bot cannot read a customer's partners (`watch @all`): told once, until it could read them again. */
  | { kind: 'unreadable'; reason: string }
  /**
   * Customers configured after this conversation's `watch @all` (watch-new-customers.ts): it does not hear of them
   * until someone who may read them types `watch @all` again (the poller has no user to decide for). Told once each.
   */
  | { kind: 'newCustomers'; customers: WatchedCustomer[] };

export type WatchNoticeKind = WatchNotice['kind'];

/** One noticed change, recorded once per tenant; each subscription of the tenant is told it from its cursor. */
export interface WatchEvent {
  id: string;
  tenantId: string;
  notice: WatchNotice;
  /** ISO 8601 UTC. */
  observedAt: string;
}

/**
 * A subscription with notices to tell: the events after its cursor, oldest first. The cursor is the store's
 * (opaque here): it is handed back to claim these notices and to record how far they were told.
 */
export interface WatchDue {
  subscription: WatchSubscription;
  cursor: number;
  events: WatchEvent[];
  /** Failed attempts at the first of them. */
  attempts: number;
}

/** How far a claimed subscription's notices were told (delivered or given up), and when to try the next. */
export interface WatchProgress {
  /** The last event told; none: the cursor stays. */
  toldEventId?: string;
  /** Failed attempts at the next event (0 when none failed). */
  attempts: number;
  /** Not before this instant (ISO 8601 UTC); none: due now. */
  retryAt?: string;
  error?: string;
}

/** The partner a notice is about, if any. */
export function noticePartner(notice: WatchNotice): Pick<Partner, 'id' | 'displayName'> | undefined {
  return notice.kind === 'unreadable' || notice.kind === 'newCustomers' ? undefined : notice.partner;
}

/** The subscription key of a conversation: a channel's threads are one channel. */
export function conversationKey(conversationId: string): string {
  return conversationId.split(';messageid=')[0];
}
