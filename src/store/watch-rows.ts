/** Rows of the watch tables <-> the core's watch values. */
import type { Insertable, Selectable } from 'kysely';
import type { ConversationKind, OnboardingStatus } from '../core/model';
import type { ConversationAddress, PartnerSnapshot, WatchSubscription } from '../core/watch-model';
import type { WatchPartnersTable, WatchSubscriptionsTable } from './db';
import { iso } from './operation-store';

export function toSubscriptionRow(s: WatchSubscription): Insertable<WatchSubscriptionsTable> {
  return {
    id: s.id,
    scope: s.customer ? 'customers' : 'own',
    home_tenant_id: s.customer ? s.address.tenantId : null,
    customer_name: s.customer?.name ?? null,
    customer_display_name: s.customer?.displayName ?? null,
    tenant_id: s.tenantId,
    conversation_id: s.address.conversationId,
    conversation_kind: s.address.kind,
    channel_id: s.address.channelId,
    service_url: s.address.serviceUrl,
    bot_id: s.address.botId,
    created_by_id: s.createdBy.id,
    created_by_name: s.createdBy.name,
    locale: s.locale,
    time_zone: s.timeZone ?? null,
    created_at: iso(s.createdAt, 'createdAt'),
  };
}

/** The conversation address kept in a row's columns (watch subscriptions, approvers' channels): the row's tenant. */
export function addressOfRow(row: {
  channel_id: string;
  service_url: string;
  conversation_id: string;
  conversation_kind: string;
  tenant_id: string;
  bot_id: string;
}): ConversationAddress {
  return {
    channelId: row.channel_id,
    serviceUrl: row.service_url,
    conversationId: row.conversation_id,
    kind: row.conversation_kind as ConversationKind,
    tenantId: row.tenant_id,
    botId: row.bot_id,
  };
}

export function toSubscription(row: Selectable<WatchSubscriptionsTable>): WatchSubscription {
  const s: WatchSubscription = {
    id: row.id,
    tenantId: row.tenant_id,
    address: { ...addressOfRow(row), tenantId: row.home_tenant_id ?? row.tenant_id },
    createdBy: { id: row.created_by_id, name: row.created_by_name },
    locale: row.locale,
    createdAt: row.created_at,
  };
  if (row.time_zone !== null) s.timeZone = row.time_zone;
  if (row.scope === 'customers' && row.customer_name !== null) {
    s.customer = { name: row.customer_name, displayName: row.customer_display_name ?? row.customer_name };
  }
  return s;
}

export function toSnapshot(row: Selectable<WatchPartnersTable>): PartnerSnapshot {
  const s: PartnerSnapshot = {
    partnerId: row.partner_id,
    displayName: row.display_name,
    onboardingStatus: row.onboarding_status as OnboardingStatus,
  };
  if (row.request_expiry !== null) s.onboardingRequestExpiry = row.request_expiry;
  if (row.expiry_notice_for !== null) s.expiryNoticeFor = row.expiry_notice_for;
  return s;
}
