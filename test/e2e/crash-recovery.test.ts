/**
 * Restart safety with the bot as a real OS process, on SQLite (DATA_DIR) and on PostgreSQL:
 * - a card created before a restart (SIGTERM, start again on the same database) still works after it;
 * - kill -9 between "running" and Graph's answer leaves a `running` record naming the clicker; a click on
 *   the old card then says "in progress" and does not call Graph again; `status` after RECONCILE_AFTER_SECONDS
 *   settles the record from Graph's state (succeeded, or failed with reconciled.notApplied); `history` shows it.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { OperationRecord } from '../../src/core/model';
import { TEAMVIEWER_PARTNER_ID, type Simulator } from '../../src/simulator';
import { openStore, type Store, type StoreOptions } from '../../src/store';
import { PG_URL } from '../store/helpers';
import {
  ensureBuilt,
  freshSchema,
  killAllBots,
  sleep,
  startBotProcess,
  startProcessSimulator,
  teamsUser,
  waitFor,
  writeCa,
  type BotProcess,
} from '../support/bot-process';
import { startRecordingConnector, type RecordingConnector } from '../support/recording-connector';
import { actionsOf, cardOf, cardText, TeamsClient, type TeamsUser } from '../support/teams';

const RECONCILE_AFTER_SECONDS = 1;

if (!PG_URL) {
  console.warn(
    'crash-recovery e2e: TEST_DATABASE_URL is not set, so the PostgreSQL cases are SKIPPED (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test)',
  );
}

const engines: Array<['sqlite' | 'postgres']> = [['sqlite'], ['postgres']];

describe.each(engines)('a bot process on %s', (engine) => {
  const run = engine === 'postgres' && !PG_URL ? it.skip : it;
  let sim: Simulator;
  let connector: RecordingConnector;
  let teams: TeamsClient;
  let tmp: string;
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let bot: BotProcess;
  let store: Store;
  let alex: TeamsUser;

  beforeAll(async () => {
    if (engine === 'postgres' && !PG_URL) return;
    [sim, connector, schema] = await Promise.all([
      startProcessSimulator(),
      startRecordingConnector(),
      engine === 'postgres' ? freshSchema('crash') : undefined,
      ensureBuilt(),
    ]);
    const ca = writeCa(sim);
    tmp = ca.dir;
    const db: StoreOptions = schema ? { databaseUrl: schema.url } : { dataDir: join(tmp, 'data') };
    bot = await startBotProcess({
      sim,
      caFile: ca.caFile,
      ...db,
      name: `${engine}-1`,
      env: { RECONCILE_AFTER_SECONDS: String(RECONCILE_AFTER_SECONDS) },
    });
    store = await openStore({ ...db, poolSize: 1 });
    teams = new TeamsClient({ serviceUrl: connector.url, botId: sim.botId });
    alex = teamsUser(sim, 'Alex Wilber');
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await killAllBots();
    await store?.close();
    await Promise.all([sim?.close(), connector?.close(), schema?.drop()]);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(() => {
    sim?.reset(); // TeamViewer onboarded again, fresh call log
  });

  async function say(user: TeamsUser, text: string) {
    const before = connector.messages().length;
    expect((await bot.post(teams.message(user, text))).status).toBe(200);
    const posted = await waitFor(`the answer to "${text}"`, () => connector.messages()[before]);
    return { card: cardOf(posted.activity)!, id: posted.id! };
  }

  const confirmOf = (card: unknown) => actionsOf(card).find((x) => x.verb === 'op.confirm')!;
  const clickInvoke = (user: TeamsUser, asked: { card: unknown; id: string }) => {
    const action = confirmOf(asked.card);
    return teams.action(user, action.verb, action.data, asked.id);
  };
  /** The newest entry of a history card (entries are newest first). */
  const newest = (history: string) =>
    history.split('\n').find((l) => l.startsWith('Disconnect TeamViewer Connector: '));
  const disconnects = () => sim.calls.filter((c) => c.service === 'graph' && c.path.endsWith('/disconnect')).length;
  const teamViewer = () => sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)!;
  const record = async (asked: { card: unknown }) =>
    (await store.operations.get(String(confirmOf(asked.card).data.operationId))) as OperationRecord;

  run('a card created before a restart (SIGTERM) still works after it', async () => {
    const asked = await say(alex, 'disconnect TeamViewer');
    const stopped = await bot.stop();
    expect(stopped).toEqual({ code: 0, signal: null }); // a clean shutdown
    expect(bot.logs.some((l) => l.msg === 'stopping' && l.signal === 'SIGTERM')).toBe(true);
    bot = await bot.restart();
    const res = await bot.post(clickInvoke(alex, asked));
    expect(res.status).toBe(200);
    expect(cardText(res.body.value)).toMatch(/^Disconnected$/m);
    expect(disconnects()).toBe(1);
    expect(teamViewer().onboardingStatus).toBe('notOnboarded');
    expect((await record(asked)).state).toBe('succeeded');
  });

  /** Clicks Disconnect, kills the process while Graph holds the call, releases it, starts a new process. */
  async function crashMidAction(outcome: 'complete' | 'drop') {
    const asked = await say(alex, 'disconnect TeamViewer');
    const held = sim.faults.holdNextDisconnect();
    const click = bot.post(clickInvoke(alex, asked)).then(
      (r) => ({ answered: r }),
      (e: unknown) => ({ error: e }),
    );
    await waitFor('the disconnect to reach Graph (held)', () => held.isReached);
    await bot.kill();
    expect(await click).toHaveProperty('error'); // the clicker's connection died with the process
    held.release(outcome);
    await waitFor(`Graph to ${outcome} the held disconnect`, () =>
      sim.calls.some((c) => c.path.endsWith('/disconnect')),
    );
    expect(teamViewer().onboardingStatus).toBe(outcome === 'complete' ? 'notOnboarded' : 'onboarded');
    bot = await bot.restart();

    // The record survived the crash and says what is known: Alex started it, the outcome is unknown.
    const running = await record(asked);
    expect(running).toMatchObject({ state: 'running', executor: { name: 'Alex Wilber' } });
    expect(running.completedAt).toBeUndefined();

    // A click on the old card must not act twice: it says "in progress", Graph is not called.
    const again = await bot.post(clickInvoke(alex, asked));
    expect(cardText(again.body.value)).toMatch(/Disconnect in progress/);
    expect(cardText(again.body.value)).toContain('Alex Wilber');
    expect(disconnects()).toBe(1);
    const history = cardText((await say(alex, 'history TeamViewer')).card);
    expect(history).toMatch(/Disconnect TeamViewer Connector: In progress/);

    // Past RECONCILE_AFTER_SECONDS, a status check settles it from Graph's state.
    const after = Date.parse(running.updatedAt) + RECONCILE_AFTER_SECONDS * 1000 + 50;
    await sleep(Math.max(0, after - Date.now()));
    const status = cardText((await say(alex, 'status TeamViewer')).card);
    expect(status).toMatch(outcome === 'complete' ? /Not onboarded/ : /Onboarded/);
    expect(disconnects()).toBe(1);
    expect(bot.logs.some((l) => l.msg === 'reconciled an interrupted operation' && l.operationId === running.id)).toBe(
      true,
    );
    return { asked, settled: await record(asked) };
  }

  run(
    'kill -9 while Graph holds the disconnect, Graph completes it: status reconciles to succeeded',
    async () => {
      const { asked, settled } = await crashMidAction('complete');
      expect(settled).toMatchObject({ state: 'succeeded', executor: { name: 'Alex Wilber' } });
      expect(settled.completedAt).toBeDefined();
      expect(settled.errorKind).toBeUndefined();
      const history = cardText((await say(alex, 'history TeamViewer')).card);
      expect(newest(history)).toBe('Disconnect TeamViewer Connector: Succeeded');
      const late = await bot.post(clickInvoke(alex, asked));
      expect(cardText(late.body.value)).toMatch(/already done by Alex Wilber/);
      expect(disconnects()).toBe(1);
    },
    30_000,
  );

  run(
    'kill -9 while Graph holds the reconnect of a partner already onboarding, the call is dropped: status says "not applied", never "Succeeded"',
    async () => {
      sim.changePartner({ partner: TEAMVIEWER_PARTNER_ID, onboardingStatus: 'onboarding', expiresInMinutes: 30 });
      const expiryBefore = teamViewer().onboardingRequestExpiryDateTime;
      const asked = await say(alex, 'reconnect TeamViewer');
      const held = sim.faults.holdNextBeginOnboarding();
      const click = bot.post(clickInvoke(alex, asked)).catch(() => undefined);
      await waitFor('the beginOnboarding to reach Graph (held)', () => held.isReached);
      await bot.kill();
      await click;
      held.release('drop');
      await waitFor('Graph to drop the held beginOnboarding', () =>
        sim.calls.some((c) => c.path.endsWith('/beginOnboarding')),
      );
      bot = await bot.restart();
      const running = await record(asked);
      expect(running).toMatchObject({ state: 'running', executor: { name: 'Alex Wilber' } });
      const after = Date.parse(running.updatedAt) + RECONCILE_AFTER_SECONDS * 1000 + 50;
      await sleep(Math.max(0, after - Date.now()));
      expect(cardText((await say(alex, 'status TeamViewer')).card)).toMatch(/Onboarding/);
      expect(teamViewer()).toMatchObject({
        onboardingStatus: 'onboarding',
        onboardingRequestExpiryDateTime: expiryBefore,
      });
      expect(await record(asked)).toMatchObject({
        state: 'failed',
        errorKind: 'reconciled.notApplied',
        executor: { name: 'Alex Wilber' },
      });
      const history = cardText((await say(alex, 'history TeamViewer')).card);
      expect(history.split('\n').find((l) => l.startsWith('Reconnect TeamViewer Connector: '))).toBe(
        'Reconnect TeamViewer Connector: Failed',
      );
    },
    30_000,
  );

  run(
    'kill -9 while Graph holds the disconnect, the call is dropped: status reconciles to failed (not applied)',
    async () => {
      const { settled } = await crashMidAction('drop');
      expect(settled).toMatchObject({
        state: 'failed',
        errorKind: 'reconciled.notApplied',
        executor: { name: 'Alex Wilber' },
      });
      const history = cardText((await say(alex, 'history TeamViewer')).card);
      expect(newest(history)).toBe('Disconnect TeamViewer Connector: Failed');
      expect(history).toContain('Intune did not apply the change (the bot was interrupted)');
    },
    30_000,
  );
});
