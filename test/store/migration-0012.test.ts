/**
 * Migration 0012 (issue 19, `watch @all`): a database at 0011 with a watching conversation, migrated, on both
 * engines: the subscription keeps today's meaning (its own tenant, no customer), its cursor and the tenant's
 * last look stay, and a change recorded after it is told to it.
 */
import { Migrator } from 'kysely';
import { openStore } from '../../src/store';
import { currentPostgresSchema, openDb } from '../../src/store/db';
import { MIGRATIONS } from '../../src/store/migrations';
import { ENGINES, warnIfNoPostgres } from './helpers';
import type { Target } from './helpers';

warnIfNoPostgres();
const T0 = '2025-03-01T10:00:00.000Z';

describe.each(ENGINES)('migration 0012 on $name', (engine) => {
  const d = engine.available ? describe : describe.skip;
  d('a database at 0011 with a watching channel', () => {
    let target: Target;
    beforeEach(async () => {
      target = await engine.fresh();
    });
    afterEach(() => target.cleanup());

    it("keeps the subscription as the own tenant's, and tells it the next change", async () => {
      const { db, engine: kind } = openDb(target.options);
      const older = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0012'));
      try {
        const migrationTableSchema = kind === 'postgres' ? await currentPostgresSchema(db) : undefined;
        const migrator = new Migrator({ db, provider: { getMigrations: async () => older }, migrationTableSchema });
        expect((await migrator.migrateToLatest()).error).toBeUndefined();
        await db
          .insertInto('watch_subscriptions')
          .values({
            id: 's1',
            tenant_id: 'tenant-a',
            conversation_id: '19:ops@thread.tacv2',
            conversation_kind: 'channel',
            channel_id: 'msteams',
            service_url: 'https://smba.example/amer/',
            bot_id: '28:bot',
            created_by_id: 'aad-admin',
            created_by_name: 'Alex Wilber',
            locale: 'en-US',
            time_zone: null,
            created_at: T0,
          } as never)
          .execute();
        await db
          .insertInto('watch_tenants')
          .values({ tenant_id: 'tenant-a', version: 0, updated_at: T0, last_seq: 0, baselined: 1 } as never)
          .execute();
      } finally {
        await db.destroy();
      }
      const store = await openStore(target.options);
      try {
        expect(store.appliedMigrations).toContain('0012_watch_customers');
        const [s] = await store.watch.subscriptions('tenant-a');
        expect(s).toMatchObject({
          id: 's1',
          tenantId: 'tenant-a',
          address: { tenantId: 'tenant-a', conversationId: '19:ops@thread.tacv2' },
        });
        expect(s.customer).toBeUndefined();
        const partner = { id: 'p1', displayName: 'TeamViewer', onboardingStatus: 'notOnboarded' as const };
        const event = { id: 'e1', tenantId: 'tenant-a', notice: { kind: 'added' as const, partner }, observedAt: T0 };
        expect(
          await store.watch.recordChanges(
            'tenant-a',
            0,
            [{ partnerId: 'p1', displayName: 'TeamViewer', onboardingStatus: 'notOnboarded' }],
            [event],
            T0,
          ),
        ).toBe(true);
        const due = await store.watch.dueNotices(T0, T0, 10, 10);
        expect(due.map((x) => [x.subscription.id, x.subscription.customer, x.events.map((e) => e.id)])).toEqual([
          ['s1', undefined, ['e1']],
        ]);
      } finally {
        await store.close();
      }
    });
  });
});
