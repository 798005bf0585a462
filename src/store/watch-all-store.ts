/**
 * The conversations that watch every customer (`watch @all`, migration 0013): what was configured when it was typed,
 * and the customers told to them since as new. Telling is claimed with one conditional UPDATE of `told_tenants`
 * (compare-and-set on the whole sorted list), so two pollers never both tell the same customer.
 */
import type { Selectable } from 'kysely';
import type { WatchAll, WatchAllState } from '../core/watch-model';
import type { WatchAllTable } from './db';
import { iso } from './operation-store';
import { WatchDeliveries } from './watch-deliveries';
import { addressOfRow } from './watch-rows';

export class WatchAllRows extends WatchDeliveries {
  async rememberWatchAll(w: WatchAll): Promise<void> {
    const values = {
      home_tenant_id: w.address.tenantId,
      conversation_id: w.address.conversationId,
      conversation_kind: w.address.kind,
      channel_id: w.address.channelId,
      service_url: w.address.serviceUrl,
      bot_id: w.address.botId,
      created_by_id: w.createdBy.id,
      created_by_name: w.createdBy.name,
      locale: w.locale,
      time_zone: w.timeZone ?? null,
      created_at: iso(w.createdAt, 'createdAt'),
      known_tenants: tenantList(w.knownTenants),
      told_tenants: tenantList(w.toldTenants),
    };
    const { home_tenant_id: _h, conversation_id: _c, ...rest } = values;
    await this.db
      .insertInto('watch_all')
      .values(values)
      .onConflict((oc) => oc.columns(['home_tenant_id', 'conversation_id']).doUpdateSet(rest))
      .execute();
  }

  async forgetWatchAll(homeTenantId: string, conversationId: string): Promise<boolean> {
    const gone = await this.db
      .deleteFrom('watch_all')
      .where('home_tenant_id', '=', homeTenantId)
      .where('conversation_id', '=', conversationId)
      .returning('home_tenant_id')
      .executeTakeFirst();
    return gone !== undefined;
  }

  async watchAlls(): Promise<WatchAllState[]> {
    const rows = await this.db
      .selectFrom('watch_all')
      .selectAll()
      .orderBy('home_tenant_id')
      .orderBy('conversation_id')
      .execute();
    if (rows.length === 0) return [];
    const subscribed = await this.db
      .selectFrom('watch_subscriptions')
      .select(['home_tenant_id', 'conversation_id', 'tenant_id'])
      .where('scope', '=', 'customers')
      .execute();
    const byConversation = new Map<string, string[]>();
    for (const s of subscribed) {
      const key = `${s.home_tenant_id ?? ''}\n${s.conversation_id}`;
      byConversation.set(key, [...(byConversation.get(key) ?? []), s.tenant_id]);
    }
    return rows.map((r) => ({
      ...toWatchAll(r),
      subscribedTenants: (byConversation.get(`${r.home_tenant_id}\n${r.conversation_id}`) ?? []).sort(),
    }));
  }

  async setToldCustomers(
    homeTenantId: string,
    conversationId: string,
    before: string[],
    told: string[],
  ): Promise<boolean> {
    const moved = await this.db
      .updateTable('watch_all')
      .set({ told_tenants: tenantList(told) })
      .where('home_tenant_id', '=', homeTenantId)
      .where('conversation_id', '=', conversationId)
      .where('told_tenants', '=', tenantList(before))
      .returning('home_tenant_id')
      .executeTakeFirst();
    return moved !== undefined;
  }
}

/** A list of tenant ids as kept: lowercased, without repeats, sorted (so that equal sets are equal text). */
function tenantList(tenants: readonly string[]): string {
  return JSON.stringify([...new Set(tenants.map((t) => t.toLowerCase()))].sort());
}

function parseTenants(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

function toWatchAll(row: Selectable<WatchAllTable>): WatchAll {
  const w: WatchAll = {
    address: addressOfRow({ ...row, tenant_id: row.home_tenant_id }),
    createdBy: { id: row.created_by_id, name: row.created_by_name },
    locale: row.locale,
    createdAt: row.created_at,
    knownTenants: parseTenants(row.known_tenants),
    toldTenants: parseTenants(row.told_tenants),
  };
  if (row.time_zone !== null) w.timeZone = row.time_zone;
  return w;
}
