/**
 * The store answers and its schema is current, read-only (store/schema-status.ts): the doctor applies no
 * migration (the bot does, at startup, safely across instances). With --env on a workstation the store is
 * usually not reachable from here (App Service's DATABASE_URL is an app setting or a Key Vault reference, its
 * SQLite file lives on the host): then the check is skipped, saying where to run it.
 */
import fs from 'node:fs';
import { resolveSqliteFile } from '../store/db';
import { readSchemaStatus } from '../store/schema-status';
import { fail, pass, skip, type Check } from './types';

export const storeCheck: Check = {
  id: 'store',
  timeoutAdvice: () =>
    'check that the database server is up and reachable from this host (firewall rules, private endpoint, DNS)',
  async run(ctx) {
    const { config } = ctx;
    const databaseUrl = config.store.databaseUrl;
    if (!databaseUrl && ctx.source.kind === 'toolkit') {
      return skip(
        'store',
        `skipped: no DATABASE_URL in ${ctx.source.envName}'s files or this shell (the bot's store lives on its host): run the doctor there (App Service SSH: cd /home/site/wwwroot && node dist/doctor/main.js), or set DATABASE_URL here`,
      );
    }
    if (!databaseUrl) {
      const file = resolveSqliteFile({ dataDir: config.store.dataDir });
      if (!fs.existsSync(file)) {
        if (config.mode === 'local')
          return skip(
            'store',
            `skipped: no SQLite database at ${file} yet (local mode creates it at the first \`npm start\`)`,
          );
        return fail(
          'store',
          'store.notCreated',
          `no SQLite database at ${file}`,
          'the bot creates and migrates it when it starts: start the bot once with this DATA_DIR (or set DATABASE_URL for PostgreSQL), then run the doctor again',
        );
      }
    }
    let status;
    try {
      status = await readSchemaStatus({ databaseUrl, dataDir: config.store.dataDir });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return fail(
        'store',
        'store.unreachable',
        message,
        databaseUrl
          ? "check DATABASE_URL (host, port, database, user, password; sslmode=require for Azure Database for PostgreSQL) and that the server's firewall admits this host"
          : 'check DATA_DIR: the folder must be readable and writable by the bot',
      );
    }
    const where = `${status.engine} at ${status.location}`;
    if (status.unknown.length) {
      return fail(
        'store',
        'store.unknownMigrations',
        `${where} has migration(s) this version does not know: ${status.unknown.join(', ')}`,
        'a newer version of the bot migrated this database: deploy that version (or the current one) here too',
      );
    }
    if (status.pending.length) {
      return fail(
        'store',
        'store.pendingMigrations',
        `${where} is reachable but lacks ${status.pending.length} migration(s): ${status.pending.join(', ')}`,
        'the bot applies them when it starts: (re)start the bot (App Service: restart the web app), then run the doctor again',
      );
    }
    return pass(
      'store',
      `${where} reachable, schema current (${status.applied.length} migrations, latest ${status.applied[status.applied.length - 1] ?? '-'}); nothing was migrated by the doctor`,
    );
  },
};
