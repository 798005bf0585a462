/**
 * Outcomes that are never guessed, end to end: the real bot server (in process, the wiring of `npm start`)
 * over real HTTP, the real Graph client and OnBehalfOfCredential against the simulated tenant, the recording
 * Bot Connector, and the bot's own SQLite file.
 * - A disconnect whose answer is lost after Graph acted (the simulator disconnects, then drops the connection
 *   without the 204): recorded succeeded after exactly one GET of the partner, no second POST (the click reads the
 *   partner once before the POST too: the evidence is the change from that read).
 * - A reconnect of a partner already onboarding whose answer is lost: succeeded only on a later request expiry;
 *   the same expiry is "not made"; a partner that moved on meanwhile is "outcome not known", said so.
 * - The same with Graph not acting (connection dropped unanswered): recorded failed, the card says why.
 * - Graph's 204, then the database refuses the write (a trigger in the bot's own SQLite file): never `failed`;
 *   the card says Disconnected, and the record is completed from Graph's state once the store is back.
 * - Two `disconnect TeamViewer`: one card, one Graph call; a click from another conversation is refused.
 */
import BetterSqlite3 from 'better-sqlite3';
import type { OperationRecord } from '../../src/core/model';
import { TEAMVIEWER_PARTNER_ID, type HeldOutcome } from '../../src/simulator';
import { startHarness, type Harness } from '../support/harness';
import { closeOpenOperations } from '../support/open-operations';
import { actionsOf, cardOf, cardText, type TeamsUser, type Where } from '../support/teams';

let h: Harness;
let alex: TeamsUser;
let lee: TeamsUser;

beforeAll(async () => {
  // A `running` record older than 1 s counts as interrupted (the harness' clock is advanced past it).
  h = await startHarness({ env: { RECONCILE_AFTER_SECONDS: '1' } });
  alex = h.user('Alex Wilber');
  lee = h.user('Lee Gu');
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  h.sim.reset(); // TeamViewer onboarded, no faults, an empty call log
  h.connector.clear();
  await closeOpenOperations(h.bot.store.operations, alex.tenantId);
});

/** Types a message; returns the one card the bot answered it with (found by the reply's replyToId). */
async function say(user: TeamsUser, text: string, where: Where = 'channel') {
  const activity = h.teams.message(user, text, { where });
  expect((await h.post(activity)).status).toBe(200);
  const posted = h.connector.messages().filter((m) => m.activityId === activity.id);
  expect(posted).toHaveLength(1);
  return { card: cardOf(posted[0].activity)!, id: posted[0].id! };
}

const confirmOf = (card: unknown) => actionsOf(card).find((a) => a.verb === 'op.confirm');

async function click(user: TeamsUser, asked: { card: unknown; id: string }, where: Where = 'channel') {
  const action = confirmOf(asked.card)!;
  const res = await h.post(h.teams.action(user, action.verb, action.data, asked.id, { where }));
  expect(res.status).toBe(200);
  return res.body.value as Record<string, unknown>;
}

const record = async (asked: { card: unknown }) =>
  (await h.bot.store.operations.get(String(confirmOf(asked.card)!.data.operationId))) as OperationRecord;
const disconnectPosts = () => h.graphCalls('/disconnect', 'POST');
const partnerReads = () =>
  h
    .graphCalls(`/remoteAssistancePartners/${TEAMVIEWER_PARTNER_ID}`, 'GET')
    .filter((c) => c.path.endsWith(TEAMVIEWER_PARTNER_ID));
const teamViewer = () => h.sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)!;

/** Clicks Disconnect while Graph holds the POST, then lets Graph end it as told. */
async function clickHeld(outcome: HeldOutcome) {
  const asked = await say(alex, 'disconnect TeamViewer');
  const held = h.sim.faults.holdNextDisconnect();
  const clicking = click(alex, asked);
  await held.reached;
  held.release(outcome);
  return { asked, card: await clicking };
}

describe('a disconnect whose answer is lost', () => {
  it('Graph did disconnect: recorded succeeded after one GET of the partner (besides the one before); no second POST', async () => {
    const { asked, card } = await clickHeld('completeThenDrop');
    const text = cardText(card);
    expect(text).toMatch(/^Disconnected$/m);
    expect(text).toContain('Settled by reading the partner’s state afterwards: Intune shows the change as made.');
    expect(disconnectPosts()).toEqual([expect.objectContaining({ status: 0 })]); // sent once, answer dropped
    expect(partnerReads()).toHaveLength(2); // right before the POST (kept with the claim), and after it
    expect(teamViewer().onboardingStatus).toBe('notOnboarded');
    expect(await record(asked)).toMatchObject({
      state: 'succeeded',
      settledBy: 'read',
      executor: { name: 'Alex Wilber' },
    });
    // Everyone sees it: the card was replaced in place.
    expect(cardText(cardOf(h.connector.updates()[0].activity))).toBe(text);
  });

  it('Graph did not disconnect: recorded failed, and the card says the answer was lost and what the read showed', async () => {
    const { asked, card } = await clickHeld('drop');
    const text = cardText(card);
    expect(text).toMatch(/^Disconnect failed$/m);
    expect(text).toContain('No answer from Microsoft Graph');
    expect(text).toContain('Intune shows the change as not made.');
    expect(disconnectPosts()).toHaveLength(1);
    expect(partnerReads()).toHaveLength(2); // right before the POST (kept with the claim), and after it
    expect(teamViewer().onboardingStatus).toBe('onboarded');
    expect(await record(asked)).toMatchObject({
      state: 'failed',
      errorKind: 'graph.outcomeUnknown',
      settledBy: 'read',
    });
    // "Try again" asks anew: nothing was sent twice behind anybody's back.
    expect(actionsOf(card).map((a) => a.title)).toContain('Try again');
  });

  it('a gateway time-out (504) on the POST is read, not repeated; in Chinese too', async () => {
    const asked = await say(alex, 'disconnect TeamViewer');
    h.sim.faults.graphNext(1, { status: 504, method: 'POST', pathIncludes: '/disconnect' });
    const action = confirmOf(asked.card)!;
    const res = await h.post(
      h.teams.action(alex, action.verb, action.data, asked.id, { where: 'channel', locale: 'zh-CN' }),
    );
    const text = cardText(res.body.value);
    expect(text).toContain('未收到 Microsoft Graph 的答复');
    expect(text).toContain('Intune 显示更改未完成');
    expect(disconnectPosts().map((c) => c.status)).toEqual([504]);
    expect(partnerReads()).toHaveLength(2); // right before the POST (kept with the claim), and after it
    expect(await record(asked)).toMatchObject({ state: 'failed', settledBy: 'read' });
  });
});

/**
 * A reconnect of a partner that is already `onboarding` (its onboarding request runs out in 30 minutes): "took
 * effect" is a later onboardingRequestExpiryDateTime than the one read right before the call, not a status the
 * partner already had (issue 16).
 */
describe('a reconnect of a partner already onboarding whose answer is lost', () => {
  const confirmReconnect = async () => {
    h.sim.changePartner({ partner: TEAMVIEWER_PARTNER_ID, onboardingStatus: 'onboarding', expiresInMinutes: 30 });
    const asked = await say(alex, 'reconnect TeamViewer');
    expect(confirmOf(asked.card)).toBeDefined();
    return asked;
  };
  const onboardingPosts = () => h.graphCalls('/beginOnboarding', 'POST');

  it('a 504 and Graph did not act: failed, "not made", never "Succeeded"', async () => {
    const asked = await confirmReconnect();
    const expiryBefore = teamViewer().onboardingRequestExpiryDateTime;
    h.sim.faults.graphNext(1, { status: 504, method: 'POST', pathIncludes: '/beginOnboarding' });
    const text = cardText(await click(alex, asked));
    expect(text).toMatch(/^Reconnect failed$/m);
    expect(text).toContain('No answer from Microsoft Graph');
    expect(text).toContain('Intune shows the change as not made.');
    expect(onboardingPosts().map((c) => c.status)).toEqual([504]);
    expect(teamViewer()).toMatchObject({
      onboardingStatus: 'onboarding',
      onboardingRequestExpiryDateTime: expiryBefore,
    });
    expect(await record(asked)).toMatchObject({
      state: 'failed',
      errorKind: 'graph.outcomeUnknown',
      settledBy: 'read',
    });
    expect(cardText((await say(alex, 'history TeamViewer')).card)).toMatch(/Reconnect TeamViewer Connector: Failed/);
  });

  it('Graph renewed the request, then the answer was lost: succeeded (a later expiry is the evidence)', async () => {
    const asked = await confirmReconnect();
    const held = h.sim.faults.holdNextBeginOnboarding();
    const clicking = click(alex, asked);
    await held.reached;
    held.release('completeThenDrop');
    const text = cardText(await clicking);
    expect(text).toMatch(/^Reconnection started$/m);
    expect(text).toContain('Settled by reading the partner’s state afterwards: Intune shows the change as made.');
    expect(onboardingPosts()).toHaveLength(1);
    expect(await record(asked)).toMatchObject({ state: 'succeeded', settledBy: 'read' });
  });

  it('the partner finished onboarding meanwhile: the read cannot tell, and the card and history say so', async () => {
    const asked = await confirmReconnect();
    const held = h.sim.faults.holdNextBeginOnboarding();
    const clicking = click(alex, asked);
    await held.reached;
    // The partner's own admin completes the onboarding while the call is out: onboarded, no request any more.
    h.sim.changePartner({ partner: TEAMVIEWER_PARTNER_ID, onboardingStatus: 'onboarded' });
    held.release('drop');
    const text = cardText(await clicking);
    expect(text).toMatch(/^Outcome not known$/m);
    expect(text).not.toMatch(/Reconnection started|Reconnect failed/);
    expect(text).toContain('Check the partner in the Intune admin center');
    expect(await record(asked)).toMatchObject({
      state: 'failed',
      errorKind: 'reconciled.cannotTell',
      settledBy: 'read',
    });
    const history = cardText((await say(alex, 'history TeamViewer')).card);
    expect(history).toMatch(/Reconnect TeamViewer Connector: Outcome not known/);
    // Not blocked: the partner takes a new request.
    expect(cardText((await say(alex, 'disconnect TeamViewer')).card)).toMatch(/Disconnect TeamViewer Connector\?/);
  });

  it('in Chinese, an unknown outcome says so too', async () => {
    const asked = await confirmReconnect();
    const held = h.sim.faults.holdNextBeginOnboarding();
    const action = confirmOf(asked.card)!;
    const clicking = h.post(
      h.teams.action(alex, action.verb, action.data, asked.id, { where: 'channel', locale: 'zh-CN' }),
    );
    await held.reached;
    h.sim.changePartner({ partner: TEAMVIEWER_PARTNER_ID, onboardingStatus: 'onboarded' });
    held.release('drop');
    const text = cardText((await clicking).body.value);
    expect(text).toContain('结果未知');
    expect(text).toContain('Intune 管理中心');
  });
});

describe('Graph said 204, then the store failed', () => {
  it("never turns into `failed`: the card says Disconnected; the record is completed from Graph's state later", async () => {
    const asked = await say(alex, 'disconnect TeamViewer');
    const db = new BetterSqlite3(h.bot.store.location);
    try {
      // The database refuses to record a success (as a database that went away would).
      db.exec(`create trigger store_down before update on operations when new.state = 'succeeded'
               begin select raise(abort, 'the database is not answering (test)'); end`);
      const card = await click(alex, asked);
      expect(cardText(card)).toMatch(/^Disconnected$/m);
      expect(disconnectPosts().map((c) => c.status)).toEqual([204]);
      expect(await record(asked)).toMatchObject({ state: 'running' }); // not failed
      expect(h.logs.some((l) => l.includes('could not record the outcome of a Graph call'))).toBe(true);
    } finally {
      db.exec('drop trigger if exists store_down');
      db.close();
    }
    // The store is back. Past the grace period, the next status check settles the record from Graph's state.
    h.clock.advance(5_000);
    try {
      expect(cardText((await say(alex, 'status TeamViewer')).card)).toMatch(/Not onboarded/);
    } finally {
      h.clock.advance(-5_000);
    }
    expect(await record(asked)).toMatchObject({ state: 'succeeded', settledBy: 'read' });
    expect(disconnectPosts()).toHaveLength(1);
  });
});

describe('one open operation per partner', () => {
  it("a second `disconnect TeamViewer` answers with the first card's state: one card, one Graph call", async () => {
    const first = await say(alex, 'disconnect TeamViewer');
    const second = await say(lee, 'disconnect TeamViewer');
    expect(cardText(second.card)).toMatch(/^Already waiting for confirmation$/m);
    expect(cardText(second.card)).toContain('requested by Alex Wilber');
    expect(confirmOf(second.card)).toBeUndefined(); // no second confirmation card
    expect(cardText(await click(lee, first))).toMatch(/^Disconnected$/m);
    expect(disconnectPosts()).toHaveLength(1);
  });

  it('two admins at the same moment: exactly one confirmation card, and one Graph call', async () => {
    const answers = await Promise.all([say(alex, 'disconnect TeamViewer'), say(lee, 'disconnect TeamViewer')]);
    const cards = answers.filter((a) => confirmOf(a.card));
    expect(cards).toHaveLength(1);
    expect(cardText(answers.find((a) => !confirmOf(a.card))!.card)).toMatch(/Already waiting for confirmation/);
    await Promise.all([click(alex, cards[0]), click(lee, cards[0])]);
    expect(disconnectPosts()).toHaveLength(1);
  });
});

describe('an operation belongs to its conversation', () => {
  it("a click on Alex's personal-chat card sent from the channel is refused, recorded, and changes nothing", async () => {
    const asked = await say(alex, 'disconnect TeamViewer', 'personal');
    const refused = await click(lee, asked, 'channel');
    expect(cardText(refused)).toContain('This card belongs to a request made in another conversation');
    expect(disconnectPosts()).toHaveLength(0);
    expect(h.connector.updates()).toHaveLength(0); // Alex's card is untouched
    expect((await record(asked)).state).toBe('pending');
    const history = cardText((await say(alex, 'history TeamViewer', 'personal')).card);
    expect(history).toMatch(/Disconnect TeamViewer Connector: Denied/);
    expect(history).toContain('Another conversation');
    // Alex's own click, where the card is, still works.
    expect(cardText(await click(alex, asked, 'personal'))).toMatch(/^Disconnected$/m);
  });

  it("a click from another organization is answered like an unknown card, and recorded for the card's organization", async () => {
    const asked = await say(alex, 'disconnect TeamViewer');
    const refused = await click(h.user('Mallory Outsider'), asked);
    expect(cardText(refused)).toMatch(/Request not found/);
    expect(disconnectPosts()).toHaveLength(0);
    const denied = await h.bot.store.operations.history({ tenantId: alex.tenantId, states: ['denied'], limit: 5 });
    expect(denied[0]).toMatchObject({
      errorKind: 'authz.wrongTenant',
      executor: { name: 'Mallory Outsider' },
      partnerId: TEAMVIEWER_PARTNER_ID,
    });
    expect(cardText(await click(alex, asked))).toMatch(/^Disconnected$/m);
  });
});
