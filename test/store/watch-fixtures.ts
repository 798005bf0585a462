/** Watch subscriptions in bulk for the tests at scale: conversation i of tenant-a (a group chat). */
import type { WatchSubscription } from '../../src/core/watch-model';
import type { Store } from '../../src/store';

const T0 = '2025-03-01T10:00:00.000Z';

export function subscription(i: number): WatchSubscription {
  const conversationId = `19:c${i}@thread.v2`;
  return {
    id: `s${String(i).padStart(5, '0')}`,
    tenantId: 'tenant-a',
    address: { channelId: 'msteams', serviceUrl: 'https://smba.example/amer/', conversationId, kind: 'groupChat', tenantId: 'tenant-a', botId: '28:bot' },
    createdBy: { id: 'aad-admin', name: 'Alex Wilber' },
    locale: 'en-US',
    createdAt: T0,
  };
}

export async function subscribeMany(store: Store, n: number, from = 0): Promise<void> {
  for (let i = from; i < from + n; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, from + n - i) }, (_, k) => store.watch.subscribe(subscription(i + k))));
  }
}

