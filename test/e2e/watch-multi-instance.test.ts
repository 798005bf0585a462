/**
 * The watch with two bot PROCESSES on one PostgreSQL database (what production runs: node dist/index.js), one
 * simulated tenant, one recording Bot Connector, a 2-second interval:
 * - a change made outside the bot is posted exactly once in each watching conversation, whichever instance
 *   was asked to watch, and only one instance polls;
 * - both instances restarted: nothing is announced again; the next change is, once;
 * - the polling instance killed (-9): the other takes over within one interval and announces the next change.
 *
 * Absence is checked after the pollers demonstrably read the partners again (the simulator's call log), not
 * after a sleep.
 */
import { rmSync } from 'node:fs';
import type { Simulator } from '../../src/simulator';
import { describeWithPostgres } from '../store/helpers';
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
  type BotProcessOptions,
} from '../support/bot-process';
import { startRecordingConnector, type RecordingConnector } from '../support/recording-connector';
import { cardOf, cardText, TeamsClient, type TeamsUser } from '../support/teams';

const INTERVAL_S = 2;
const CHANNEL = '19:general@thread.tacv2';
const GROUP = '19:groupchat@thread.v2';

const describePg = describeWithPostgres('watch multi-instance e2e');

describePg('the watch on two bot processes sharing one PostgreSQL database', () => {
  let sim: Simulator;
  let connector: RecordingConnector;
  let teams: TeamsClient;
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let tmp: string;
  let options: BotProcessOptions;
  let a: BotProcess;
  let b: BotProcess;
  let alex: TeamsUser;
  let lee: TeamsUser;

  beforeAll(async () => {
    const built = ensureBuilt();
    [sim, connector, schema] = await Promise.all([
      startProcessSimulator(),
      startRecordingConnector(),
      freshSchema('watch'),
      built,
    ]);
    const ca = writeCa(sim);
    tmp = ca.dir;
    options = { sim, caFile: ca.caFile, databaseUrl: schema!.url, env: { WATCH_INTERVAL_SECONDS: String(INTERVAL_S) } };
    [a, b] = await Promise.all([
      startBotProcess({ ...options, name: 'A' }),
      startBotProcess({ ...options, name: 'B' }),
    ]);
    teams = new TeamsClient({ serviceUrl: connector.url, botId: sim.botId });
    alex = teamsUser(sim, 'Alex Wilber');
    lee = teamsUser(sim, 'Lee Gu');
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await killAllBots();
    await Promise.all([sim?.close(), connector?.close(), schema?.drop()]);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const appReads = () =>
    sim.calls.filter(
      (c) =>
        c.service === 'graph' &&
        c.method === 'GET' &&
        c.path.endsWith('/remoteAssistancePartners') &&
        c.oid === `sp-${sim.botId}` &&
        c.status === 200,
    );
  const morePolls = async (n: number) => {
    const seen = appReads().length;
    await waitFor(`${n} more polls`, () => appReads().length >= seen + n, 20_000);
  };
  const notices = (conversationId: string) =>
    connector
      .messages()
      .filter(
        (m) =>
          m.conversationId === conversationId && !m.activityId && /changed state/.test(cardText(cardOf(m.activity))),
      );
  const pollers = (...bots: BotProcess[]) =>
    bots.filter((bot) => bot.logs.some((l) => l.msg === 'watch: this instance polls the partners'));

  async function say(bot: BotProcess, user: TeamsUser, text: string, where: 'channel' | 'groupChat') {
    const before = connector.messages().length;
    expect((await bot.post(teams.message(user, text, { where }))).status).toBe(200);
    const posted = await waitFor(`${bot.name}'s answer to "${text}"`, () => connector.messages()[before]);
    return cardText(cardOf(posted.activity));
  }

  it('watch asked on A (channel) and on B (group chat); a change made elsewhere: one card in each, one poller', async () => {
    expect(await say(a, alex, 'watch', 'channel')).toContain('Watching the partners here');
    expect(await say(b, lee, 'watch', 'groupChat')).toContain('Watching the partners here');
    await morePolls(1);
    sim.changePartner({ partner: 'TeamViewer', onboardingStatus: 'notOnboarded' });
    await waitFor('a card in each conversation', () => notices(CHANNEL).length && notices(GROUP).length, 20_000);
    await morePolls(3);
    expect([notices(CHANNEL).length, notices(GROUP).length]).toEqual([1, 1]);
    expect(pollers(a, b)).toHaveLength(1);
  }, 60_000);

  it('both instances restarted: nothing is told again; the next change is told once', async () => {
    [a, b] = await Promise.all([a.restart(), b.restart()]);
    await morePolls(3);
    expect([notices(CHANNEL).length, notices(GROUP).length]).toEqual([1, 1]);
    sim.changePartner({ partner: 'TeamViewer', onboardingStatus: 'onboarded' });
    await waitFor(
      'the second card in each conversation',
      () => notices(CHANNEL).length === 2 && notices(GROUP).length === 2,
      20_000,
    );
    await morePolls(3);
    expect([notices(CHANNEL).length, notices(GROUP).length]).toEqual([2, 2]);
    expect(pollers(a, b)).toHaveLength(1);
  }, 60_000);

  it('the polling instance killed: the other polls within one interval and tells the next change', async () => {
    const [holder, other] = pollers(a).length ? [a, b] : [b, a];
    expect(pollers(holder)).toHaveLength(1);
    await holder.kill();
    const killedAt = Date.now();
    const took = await waitFor(
      'the other instance to take over',
      () => other.logs.find((l) => l.msg === 'watch: this instance polls the partners'),
      20_000,
    );
    // The lease (2/3 of the interval) runs out, and the survivor ticks every third of it: within one interval
    // (plus a second for two processes on a busy machine).
    expect(Date.parse(took.time) - killedAt).toBeLessThanOrEqual(INTERVAL_S * 1000 + 1000);
    sim.changePartner({ partner: 'TeamViewer', onboardingStatus: 'notOnboarded' });
    await waitFor(
      'the third card in each conversation',
      () => notices(CHANNEL).length === 3 && notices(GROUP).length === 3,
      20_000,
    );
    await morePolls(2);
    expect([notices(CHANNEL).length, notices(GROUP).length]).toEqual([3, 3]);
  }, 60_000);
});
