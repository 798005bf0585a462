/**
 * The doctor's store line, read-only on both engines: current, behind (migrations the bot has not applied
 * yet), ahead (migrations this version does not know), not created. The doctor itself migrates nothing.
 * PostgreSQL runs with TEST_DATABASE_URL, in a schema of its own.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { runDoctor } from '../../src/doctor/run';
import { openStore } from '../../src/store';
import { MIGRATIONS } from '../../src/store/migrations';
import { readSchemaStatus } from '../../src/store/schema-status';
import { PG_URL, admin, warnIfNoPostgres, withSearchPath } from '../store/helpers';
import { ROOT, lineOf, startDoctorRig, type DoctorRig } from './helpers';

const ALL = Object.keys(MIGRATIONS).sort();
const LATEST = ALL[ALL.length - 1];

describe('doctor: the store', () => {
  let rig: DoctorRig;
  beforeAll(async () => {
    rig = await startDoctorRig();
  });
  afterAll(() => rig?.close());

  test('SQLite that the bot has not migrated (an empty file): the missing migrations named, nothing applied by the doctor', async () => {
    const dataDir = path.join(rig.dir, 'empty');
    fs.mkdirSync(dataDir);
    new BetterSqlite3(path.join(dataDir, 'bot.sqlite')).close();
    const report = await runDoctor({ processEnv: rig.env({ DATA_DIR: dataDir }), root: ROOT });
    expect(report.exitCode).toBe(1);
    expect(lineOf(report.lines, 'store')).toMatch(
      new RegExp(
        `^✘ store: sqlite at .*empty/bot\\.sqlite is reachable but lacks ${ALL.length} migration\\(s\\): ${ALL.join(', ')} -> the bot applies them when it starts: \\(re\\)start the bot`,
      ),
    );
    expect((await readSchemaStatus({ dataDir })).pending).toHaveLength(ALL.length); // still not migrated
  });

  test('no SQLite file at all in azure mode: start the bot once; nothing is created by the doctor', async () => {
    const dataDir = path.join(rig.dir, 'nothing-here');
    const report = await runDoctor({ processEnv: rig.env({ DATA_DIR: dataDir }), root: ROOT });
    expect(lineOf(report.lines, 'store')).toMatch(
      /^✘ store: no SQLite database at .*nothing-here\/bot\.sqlite -> the bot creates and migrates it when it starts/,
    );
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  const pg = PG_URL ? describe : describe.skip;
  if (!PG_URL) warnIfNoPostgres();

  pg('PostgreSQL', () => {
    const schema = `doctor_test_${process.pid}_${randomBytes(3).toString('hex')}`;
    let url: string;
    beforeAll(async () => {
      await admin(`create schema ${schema}`);
      url = withSearchPath(PG_URL!, schema);
    });
    afterAll(() => admin(`drop schema if exists ${schema} cascade`));

    test('behind, then current after the bot migrated it, then ahead of this version', async () => {
      const behind = await runDoctor({ processEnv: rig.env({ DATABASE_URL: url }), root: ROOT });
      expect(lineOf(behind.lines, 'store')).toMatch(
        new RegExp(`^✘ store: postgres at postgres://.* is reachable but lacks ${ALL.length} migration\\(s\\)`),
      );

      const store = await openStore({ databaseUrl: url });
      await store.close();
      const current = await runDoctor({ processEnv: rig.env({ DATABASE_URL: url }), root: ROOT });
      expect(current.exitCode).toBe(0);
      expect(lineOf(current.lines, 'store')).toMatch(
        new RegExp(
          `^✔ store: postgres at postgres://.* reachable, schema current \\(${ALL.length} migrations, latest ${LATEST}\\)`,
        ),
      );

      await admin(
        `insert into ${schema}.kysely_migration (name, timestamp) values ('0099_from_the_future', '2030-01-01T00:00:00.000Z')`,
      );
      const ahead = await runDoctor({ processEnv: rig.env({ DATABASE_URL: url }), root: ROOT });
      expect(lineOf(ahead.lines, 'store')).toMatch(
        /^✘ store: postgres at .* has migration\(s\) this version does not know: 0099_from_the_future -> a newer version of the bot migrated this database/,
      );
    });
  });
});
