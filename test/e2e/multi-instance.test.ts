/**
 * Two bot PROCESSES behind an imaginary load balancer: one PostgreSQL database, one simulated tenant, one
 * recording Bot Connector. Two admins click the same card at the same moment on different instances: Graph
 * is called once, both get a consistent answer naming the same person, and the audit says who did it. A
 * conversation begun on one instance (a card, a sign-in) continues on the other: the turn state is shared.
 */
import { rmSync } from 'node:fs';
import type { OperationRecord } from '../../src/core/model';
import { openStore, type Store } from '../../src/store';
import { TEAMVIEWER_PARTNER_ID, type Simulator } from '../../src/simulator';
import { describeWithPostgres } from '../store/helpers';
import {
  killAllBots,
  ensureBuilt,
  freshSchema,
  startBotProcess,
  startProcessSimulator,
  teamsUser,
  waitFor,
  writeCa,
  type BotProcess,
} from '../support/bot-process';
import { startRecordingConnector, type RecordingConnector } from '../support/recording-connector';
import { actionsOf, cardOf, cardText, TeamsClient, type TeamsUser } from '../support/teams';

const ROUNDS = 10;
const OAUTH_CARD = 'application/vnd.microsoft.card.oauth';

const describePg = describeWithPostgres('multi-instance e2e');

describePg('two bot processes sharing one PostgreSQL database', () => {
  let sim: Simulator;
  let connector: RecordingConnector;
  let teams: TeamsClient;
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let tmp: string;
  let a: BotProcess;
  let b: BotProcess;
  let store: Store;
  let alex: TeamsUser;
  let lee: TeamsUser;

  beforeAll(async () => {
    const built = ensureBuilt();
    [sim, connector, schema] = await Promise.all([
      startProcessSimulator(),
      startRecordingConnector(),
      freshSchema('multi'),
      built,
    ]);
    const ca = writeCa(sim);
    tmp = ca.dir;
    // A running record older than 1 s counts as interrupted (for the status-during-a-slow-call case).
    const common = { sim, caFile: ca.caFile, databaseUrl: schema!.url, env: { RECONCILE_AFTER_SECONDS: '1' } };
    // Started together: both migrate the fresh schema at once (the store's advisory lock makes that safe).
    [a, b] = await Promise.all([startBotProcess({ ...common, name: 'A' }), startBotProcess({ ...common, name: 'B' })]);
    store = await openStore({ databaseUrl: schema!.url, poolSize: 2 });
    teams = new TeamsClient({ serviceUrl: connector.url, botId: sim.botId });
    alex = teamsUser(sim, 'Alex Wilber');
    lee = teamsUser(sim, 'Lee Gu');
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await killAllBots();
    await store?.close();
    await Promise.all([sim?.close(), connector?.close(), schema?.drop()]);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** @mentions the bot in the admins' channel on one instance; returns the card it posted and its id. */
  async function ask(bot: BotProcess, user: TeamsUser, text: string, where: 'channel' | 'personal' = 'channel') {
    const before = connector.messages().length;
    const res = await bot.post(teams.message(user, text, { where }));
    expect(res.status).toBe(200);
    const posted = await waitFor(`${bot.name}'s answer to "${text}"`, () => connector.messages()[before]);
    return { card: cardOf(posted.activity)!, id: posted.id!, activity: posted.activity };
  }

  async function click(
    bot: BotProcess,
    user: TeamsUser,
    cardId: string,
    card: unknown,
    where: 'channel' | 'personal' = 'channel',
  ) {
    const action = actionsOf(card).find((x) => x.title === 'Disconnect')!;
    const res = await bot.post(teams.action(user, action.verb, action.data, cardId, { where }));
    expect(res.status).toBe(200);
    return cardText(res.body.value);
  }

  const disconnects = () =>
    sim.calls.filter((c) => c.service === 'graph' && c.method === 'POST' && c.path.endsWith('/disconnect')).length;
  const operationOf = (card: unknown) => String(actionsOf(card).find((x) => x.verb === 'op.confirm')?.data.operationId);

  it('both instances serve the same tenant (warm-up: tokens and group membership per instance)', async () => {
    for (const bot of [a, b])
      for (const user of [alex, lee])
        expect(cardText((await ask(bot, user, 'list')).card)).toContain('TeamViewer Connector');
  });

  it(`two admins clicking the same card on A and B at once: one Graph call, one executor (${ROUNDS} rounds)`, async () => {
    const latencies: number[] = [];
    const losers = { inProgress: 0, alreadyDone: 0 };
    const started = Date.now();
    for (let round = 0; round < ROUNDS; round++) {
      sim.completeOnboarding(TEAMVIEWER_PARTNER_ID); // connected again, so that there is something to disconnect
      const { card, id } = await ask(a, alex, 'disconnect TeamViewer');
      const before = disconnects();
      // Alternate who reaches which instance.
      const [onA, onB] = round % 2 === 0 ? [alex, lee] : [lee, alex];
      const t0 = performance.now();
      const [ta, tb] = await Promise.all([click(a, onA, id, card), click(b, onB, id, card)]);
      latencies.push(performance.now() - t0);

      expect(disconnects() - before).toBe(1);
      const op = (await store.operations.get(operationOf(card))) as OperationRecord;
      expect(op.state).toBe('succeeded');
      const winner = op.executor!.name;
      expect([onA.name, onB.name]).toContain(winner);
      const answers = [ta, tb];
      // The winner's card: "Disconnected", by the winner, not "already".
      const won = answers.filter((t) => /^Disconnected$/m.test(t) && !/already/i.test(t));
      expect(won).toHaveLength(1);
      expect(won[0]).toContain(winner);
      // The other: still in progress (started by the winner) or already done by the winner.
      const other = answers.find((t) => t !== won[0]) ?? won[0];
      expect(other).toMatch(new RegExp(`(In progress \\(started by ${winner}\\)|already done by ${winner})`));
      losers[/already done/.test(other) ? 'alreadyDone' : 'inProgress'] += 1;
      for (const t of answers)
        for (const loser of [alex.name, lee.name].filter((n) => n !== winner))
          expect(t).not.toMatch(new RegExp(`(By|by) ${loser}`));
    }
    const wall = Date.now() - started;
    const sorted = [...latencies].sort((x, y) => x - y);
    const history = await store.operations.history({
      tenantId: alex.tenantId,
      partnerId: sim.partners()[0].id,
      states: ['succeeded'],
      limit: 100,
    });
    console.log(
      `multi-instance: ${ROUNDS} rounds, ${ROUNDS * 2} clicks on 2 processes, ${disconnects()} Graph disconnect calls, ` +
        `${history.length} succeeded operations (${history.filter((o) => o.executor?.name === 'Lee Gu').length} by Lee Gu, ${history.filter((o) => o.executor?.name === 'Alex Wilber').length} by Alex Wilber), ` +
        `other click saw "in progress" ${losers.inProgress}x / "already done" ${losers.alreadyDone}x, wall ${wall} ms, click pair latency p50 ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`,
    );
    expect(disconnects()).toBe(ROUNDS);
    expect(history).toHaveLength(ROUNDS);

    // The audit, read through the other instance: who disconnected TeamViewer, and when.
    const { card } = await ask(b, alex, 'history TeamViewer');
    const text = cardText(card);
    expect(text.match(/Disconnect TeamViewer Connector: Succeeded/g)?.length).toBe(ROUNDS);
    if (history.some((o) => o.executor?.name === 'Lee Gu')) expect(text).toContain('by Lee Gu');
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  }, 40_000);

  it('a card asked on A is confirmed on B, and B updates it for everyone', async () => {
    sim.completeOnboarding(TEAMVIEWER_PARTNER_ID);
    const { card, id, activity } = await ask(a, alex, 'disconnect TeamViewer');
    const updatesBefore = connector.updates().length;
    const done = await click(b, lee, id, card);
    expect(done).toMatch(/^Disconnected$/m);
    expect(done).toContain('Lee Gu');
    const update = connector.updates().slice(updatesBefore);
    expect(update.map((u) => [u.conversationId, u.activityId])).toEqual([[activity.conversation.id, id]]);
    expect((await store.operations.get(operationOf(card)))?.executor?.name).toBe('Lee Gu');
  });

  it("a status check on B while A still waits for Graph does not overwrite A's result in the audit", async () => {
    sim.reset(); // TeamViewer onboarded again
    const { card, id } = await ask(a, alex, 'disconnect TeamViewer');
    const held = sim.faults.holdNextDisconnect();
    const clicking = click(a, lee, id, card);
    await waitFor('the disconnect to reach Graph (held)', () => held.isReached);
    const running = (await store.operations.get(operationOf(card)))!;
    expect(running.state).toBe('running');
    // Past RECONCILE_AFTER_SECONDS B takes the record for interrupted; Graph still says onboarded.
    await waitFor('the reconcile threshold', () => Date.now() > Date.parse(running.updatedAt) + 1_050);
    expect(cardText((await ask(b, alex, 'status TeamViewer')).card)).toMatch(/Onboarded/);
    expect(await store.operations.get(running.id)).toMatchObject({
      state: 'failed',
      errorKind: 'reconciled.notApplied',
    });
    // Then Graph answers A: 204. The audit must say what happened, not what B guessed.
    held.release('complete');
    const answer = await clicking;
    if (!/^Disconnected$/m.test(answer)) {
      // On a loaded machine the hold can outlast the click's answer window (CLICK_ANSWER_MS): then the click
      // said "in progress" and the card is replaced for everyone when Graph answers.
      expect(answer).toMatch(/Disconnect in progress/);
      await waitFor('the card replaced with the result', () =>
        connector.updates().find((u) => u.activityId === id && /^Disconnected$/m.test(cardText(cardOf(u.activity)))),
      );
    }
    const settled = await store.operations.get(running.id);
    expect(settled).toMatchObject({ state: 'succeeded', executor: { name: 'Lee Gu' } });
    expect(settled?.graphRequestId).toBe(sim.calls.find((c) => c.path.endsWith('/disconnect'))?.requestId);
    expect(
      cardText((await ask(b, alex, 'history TeamViewer')).card)
        .split('\n')
        .find((l) => l.startsWith('Disconnect ')),
    ).toBe('Disconnect TeamViewer Connector: Succeeded');
  });

  it('a sign-in begun on A completes on B, and B resumes the command that asked for it', async () => {
    const megan = teamsUser(sim, 'Megan Bowen');
    expect(sim.isSignedIn(megan.id)).toBe(false);
    const before = connector.messages().length;
    sim.completeOnboarding(TEAMVIEWER_PARTNER_ID);
    expect((await a.post(teams.message(megan, 'disconnect TeamViewer'))).status).toBe(200); // personal chat: SSO
    const prompt = await waitFor('the OAuth card from A', () =>
      connector
        .messages()
        .slice(before)
        .find((m) => m.activity.attachments?.some((x: any) => x.contentType === OAUTH_CARD)),
    );
    expect(prompt.activity.attachments[0].content.tokenExchangeResource?.uri).toBe(`api://botid-${sim.botId}`);

    // Teams hands the SSO token over; the load balancer sends that invoke to B.
    const afterPrompt = connector.messages().length;
    const exchange = await b.post(teams.tokenExchange(megan, 'graph', sim.issueUserAssertion(megan.aadObjectId)));
    expect(exchange.status).toBe(200);
    const resumed = await waitFor('B to resume the command', () => connector.messages()[afterPrompt]);
    const card = cardOf(resumed.activity)!;
    // The original text came from A's turn state in PostgreSQL: B answers "disconnect TeamViewer", not help.
    expect(cardText(card)).toContain('Disconnect TeamViewer Connector?');
    expect(b.logs.some((l) => l.msg === 'user signed in')).toBe(true);
    expect(a.logs.some((l) => l.msg === 'user signed in')).toBe(false);

    // ... and Megan's click on the card B posted is served by A.
    const done = await click(a, megan, resumed.id!, card, 'personal');
    expect(done).toMatch(/^Disconnected$/m);
    const op = await store.operations.get(operationOf(card));
    expect(op?.requester.name).toBe('Megan Bowen');
    expect(op?.state).toBe('succeeded');
  });
});
