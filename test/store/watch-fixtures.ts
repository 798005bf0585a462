/** Watch subscriptions in bulk for the tests at scale: conversation i of tenant-a (a group chat). */
import type { WatchSubscription } from '../../src/core/watch-model';
import type { StoreOptions } from '../../src/store';
import { openDb } from '../../src/store/db';
import { toSubscriptionRow } from '../../src/store/watch-rows';

const T0 = '2025-03-01T10:00:00.000Z';

export function subscription(i: number): WatchSubscription {
  const conversationId = `19:c${i}@thread.v2`;
  return {
    id: `s${String(i).padStart(5, '0')}`,
    tenantId: 'tenant-a',
    address: {
      channelId: 'msteams',
      serviceUrl: 'https://smba.example/amer/',
      conversationId,
      kind: 'groupChat',
      tenantId: 'tenant-a',
      botId: '28:bot',
    },
    createdBy: { id: 'aad-admin', name: 'Alex Wilber' },
    locale: 'en-US',
    createdAt: T0,
  };
}

/**
 * n subscriptions, written 500 a statement (10,000 one by one take half a minute on a busy PostgreSQL). Only for
 * a tenant without events yet: the cursor is left at 0, where `subscribe` puts it after the tenant's last event.
 */
export async function subscribeMany(options: StoreOptions, n: number): Promise<void> {
  const { db } = openDb(options);
  try {
    for (let i = 0; i < n; i += 500) {
      await db
        .insertInto('watch_subscriptions')
        .values(Array.from({ length: Math.min(500, n - i) }, (_, k) => toSubscriptionRow(subscription(i + k))))
        .execute();
    }
  } finally {
    await db.destroy();
  }
}
