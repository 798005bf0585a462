/**
 * The sweeper, with the bot as real OS processes: an instance is killed (kill -9) while Graph holds its
 * disconnect; with nobody typing anything, the sweeper of the restarted instance (SQLite), or of the other
 * instance (PostgreSQL), settles the record from Graph's state and replaces the card for everyone. On
 * PostgreSQL only one instance sweeps at a time: the second takes over when the first dies.
 *
 * The sweeping instances run with short bounds, so that the abandoned-record threshold (the worst case of a
 * live call: 1 s token + 2 s request, no retries, + 5 s margin) and the interval (1 s) fit in a test.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { OperationRecord } from '../../src/core/model';
import { TEAMVIEWER_PARTNER_ID, type Simulator } from '../../src/simulator';
import { openStore, type Store } from '../../src/store';
import { PG_URL } from '../store/helpers';
import {
  ensureBuilt,
  freshSchema,
  killAllBots,
  startBotProcess,
  startProcessSimulator,
  teamsUser,
  waitFor,
  writeCa,
  type BotProcess,
} from '../support/bot-process';
import { startRecordingConnector, type RecordingConnector } from '../support/recording-connector';
import { actionsOf, cardOf, cardText, TeamsClient, type TeamsUser } from '../support/teams';

/** Bounds that make a running record abandoned 8 s after its claim, and a sweep every second. */
const SHORT = {
  SWEEP_INTERVAL_SECONDS: '1',
  GRAPH_TIMEOUT_SECONDS: '2',
  TOKEN_TIMEOUT_SECONDS: '1',
  GRAPH_MAX_RETRIES: '0',
};
const ABANDONED_AFTER_MS = 8_000;

if (!PG_URL) console.warn('sweeper e2e: TEST_DATABASE_URL is not set, so the PostgreSQL case is SKIPPED');

interface Rig {
  sim: Simulator;
  connector: RecordingConnector;
  teams: TeamsClient;
  tmp: string;
  alex: TeamsUser;
}

async function rig(): Promise<Rig> {
  const [sim, connector] = await Promise.all([startProcessSimulator(), startRecordingConnector(), ensureBuilt()]);
  const ca = writeCa(sim);
  return {
    sim,
    connector,
    teams: new TeamsClient({ serviceUrl: connector.url, botId: sim.botId }),
    tmp: ca.dir,
    alex: teamsUser(sim, 'Alex Wilber'),
  };
}

const caFile = (r: Rig) => join(r.tmp, 'sim-ca.pem');
const disconnects = (r: Rig) =>
  r.sim.calls.filter((c) => c.service === 'graph' && c.method === 'POST' && c.path.endsWith('/disconnect')).length;
const operationOf = (card: unknown) => String(actionsOf(card).find((a) => a.verb === 'op.confirm')!.data.operationId);

async function ask(r: Rig, bot: BotProcess, text: string) {
  const before = r.connector.messages().length;
  expect((await bot.post(r.teams.message(r.alex, text))).status).toBe(200);
  const posted = await waitFor(`the answer to "${text}"`, () => r.connector.messages()[before]);
  return { card: cardOf(posted.activity)!, id: posted.id! };
}

/** Clicks Disconnect on `bot`, kills it while Graph holds the call, lets Graph finish (or drop) it. */
async function crashMidCall(
  r: Rig,
  bot: BotProcess,
  asked: { card: unknown; id: string },
  outcome: 'complete' | 'drop',
) {
  const held = r.sim.faults.holdNextDisconnect();
  const action = actionsOf(asked.card).find((a) => a.verb === 'op.confirm')!;
  const click = bot.post(r.teams.action(r.alex, action.verb, action.data, asked.id)).catch(() => undefined);
  await waitFor('the disconnect to reach Graph (held)', () => held.isReached);
  await bot.kill();
  await click;
  held.release(outcome);
  await waitFor(`Graph to ${outcome} the held disconnect`, () =>
    r.sim.calls.some((c) => c.path.endsWith('/disconnect')),
  );
}

/** The card's update that says how the operation ended (PUT of the original message). */
const settledCard = (r: Rig, id: string, pattern: RegExp) => () =>
  r.connector.updates().find((u) => u.activityId === id && pattern.test(cardText(cardOf(u.activity))));

describe('kill -9 during a held Graph call on SQLite: the restarted instance sweeps, nobody types anything', () => {
  let r: Rig;
  let bot: BotProcess | undefined;
  let store: Store;
  beforeAll(async () => {
    r = await rig();
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await killAllBots();
    await store?.close();
    await Promise.all([r?.sim.close(), r?.connector.close()]);
    if (r?.tmp) rmSync(r.tmp, { recursive: true, force: true });
  });

  it('Graph completed the call: the record is settled succeeded and the card says "Disconnected" for everyone', async () => {
    const dataDir = join(r.tmp, 'data');
    const first = await startBotProcess({ sim: r.sim, caFile: caFile(r), dataDir, name: 'first' });
    const asked = await ask(r, first, 'disconnect TeamViewer');
    await crashMidCall(r, first, asked, 'complete');
    store = await openStore({ dataDir });
    const running = (await store.operations.get(operationOf(asked.card))) as OperationRecord;
    expect(running).toMatchObject({ state: 'running', executor: { name: 'Alex Wilber' } });
    const updatesBefore = r.connector.updates().length;

    bot = await startBotProcess({ sim: r.sim, caFile: caFile(r), dataDir, name: 'restarted', env: SHORT });
    const put = await waitFor(
      'the sweeper to replace the card',
      settledCard(r, asked.id, /^Disconnected$/m),
      ABANDONED_AFTER_MS + 15_000,
    );
    expect(cardText(cardOf(put.activity))).toContain('Alex Wilber');
    // Not before the threshold: a live call could have taken that long.
    // The sweeper logs after the card's PUT, and the log reaches this process through the child's stdout: wait for it.
    const settledLog = await waitFor('the sweeper to log the settlement', () =>
      bot!.logs.find((l) => l.msg === 'sweeper: settled an abandoned operation'),
    );
    expect(Date.parse(String(settledLog.time))).toBeGreaterThanOrEqual(
      Date.parse(running.updatedAt) + ABANDONED_AFTER_MS,
    );
    expect(await store.operations.get(running.id)).toMatchObject({
      state: 'succeeded',
      executor: { name: 'Alex Wilber' },
    });
    expect(
      r.connector
        .updates()
        .slice(updatesBefore)
        .map((u) => u.activityId),
    ).toEqual([asked.id]);
    expect(disconnects(r)).toBe(1);
    // Two reads of that partner: Alex's on the click, right before the POST (kept with the claim: the evidence), and
    // the sweeper's, the bot's own (app-only token: no user).
    const reads = r.sim.calls.filter(
      (c) =>
        c.service === 'graph' &&
        c.method === 'GET' &&
        c.path.endsWith(`/remoteAssistancePartners/${TEAMVIEWER_PARTNER_ID}`),
    );
    expect(reads.map((c) => c.oid)).toEqual([r.alex.aadObjectId, `sp-${r.sim.botId}`]);
    await waitFor('the sweep report', () =>
      bot!.logs.find((l) => l.msg === 'sweeper: swept' && l.settled === 1 && l.cardsUpdated === 1),
    );
  }, 60_000);
});

const describePg = PG_URL ? describe : describe.skip;

describePg(
  'two instances on PostgreSQL: one sweeps; when it is killed mid-call, the other takes over and settles',
  () => {
    let r: Rig;
    let schema: Awaited<ReturnType<typeof freshSchema>>;
    let a: BotProcess;
    let b: BotProcess;
    let store: Store;
    beforeAll(async () => {
      [r, schema] = await Promise.all([rig(), freshSchema('sweeper')]);
    }, 60_000);
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await killAllBots();
      await store?.close();
      await Promise.all([r?.sim.close(), r?.connector.close(), schema?.drop()]);
      if (r?.tmp) rmSync(r.tmp, { recursive: true, force: true });
    });

    it('Graph dropped the call: the other instance settles it failed ("not applied") and replaces the card', async () => {
      const common = { sim: r.sim, caFile: caFile(r), databaseUrl: schema!.url, env: SHORT };
      a = await startBotProcess({ ...common, name: 'A' });
      await waitFor('A to take the lead', () => a.logs.find((l) => l.msg === 'sweeper: this instance sweeps'));
      b = await startBotProcess({ ...common, name: 'B' });
      store = await openStore({ databaseUrl: schema!.url, poolSize: 1 });

      const asked = await ask(r, a, 'disconnect TeamViewer');
      await crashMidCall(r, a, asked, 'drop');
      // While A lived, B never swept: only one instance sweeps at a time.
      const leadOfB = await waitFor('B to take the lead once A is gone', () =>
        b.logs.find((l) => l.msg === 'sweeper: this instance sweeps'),
      );
      expect(Date.parse(String(leadOfB.time))).toBeGreaterThan(
        Date.parse(String(a.logs.find((l) => l.msg === 'sweeper: this instance sweeps')!.time)),
      );
      expect(b.logs.filter((l) => l.msg === 'sweeper: this instance sweeps')).toHaveLength(1);
      expect(a.logs.some((l) => l.msg === 'sweeper: swept')).toBe(false);

      const put = await waitFor(
        'B to replace the card',
        settledCard(r, asked.id, /Disconnect failed/),
        ABANDONED_AFTER_MS + 15_000,
      );
      expect(cardText(cardOf(put.activity))).toContain('Intune did not apply the change (the bot was interrupted)');
      expect(await store.operations.get(operationOf(asked.card))).toMatchObject({
        state: 'failed',
        errorKind: 'reconciled.notApplied',
        executor: { name: 'Alex Wilber' },
      });
      // Logged after the card's PUT, read through B's stdout: waited for, not raced.
      await waitFor('B to log the settlement', () =>
        b.logs.find((l) => l.msg === 'sweeper: settled an abandoned operation'),
      );
      expect(disconnects(r)).toBe(1);
      expect(r.sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)?.onboardingStatus).toBe('onboarded');
    }, 60_000);
  },
);
