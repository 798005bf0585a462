/**
 * A click is answered within its window whatever Graph does (Teams gives an invoke about five seconds, then
 * retries it: MicrosoftDocs/msteams-docs, msteams-platform/messaging-extensions/how-to/action-commands/
 * respond-to-task-module-submit.md). Over real HTTP: the bot server, the simulated tenant with Graph slowed
 * down, the recording connector. The answer says "in progress"; the shared card says so too and is replaced
 * for everyone (a PUT of the original message) when Graph is done; Teams' retry of the invoke meanwhile starts
 * nothing. With inbound auth off (local mode) and on (the card updates carry the bot's own token).
 */
import { TEAMVIEWER_PARTNER_ID } from '../../src/simulator';
import { waitFor } from '../support/bot-process';
import { startHarness, type Harness } from '../support/harness';
import { closeOpenOperations } from '../support/open-operations';
import type { RecordedCall } from '../support/recording-connector';
import { actionsOf, cardOf, cardText, type TeamsUser, type Where } from '../support/teams';

const say = (h: Harness, user: TeamsUser, text: string, where: Where = 'personal') => h.say(user, text, { where });

function confirmClick(h: Harness, user: TeamsUser, asked: { card: unknown; id: string }, where: Where = 'personal') {
  const action = actionsOf(asked.card).find((a) => a.verb === 'op.confirm')!;
  return h.teams.action(user, action.verb, action.data, asked.id, { where });
}

/** Posts an invoke; its answer and how long it took. */
async function timed(h: Harness, invoke: unknown) {
  const t0 = performance.now();
  const res = await h.post(invoke);
  return { ms: performance.now() - t0, status: res.status, body: res.body, text: cardText(res.body?.value) };
}

const updatesOf = (h: Harness, id: string): RecordedCall[] => h.connector.updates().filter((u) => u.activityId === id);
const textOf = (u: RecordedCall) => cardText(cardOf(u.activity));
const disconnectPosts = (h: Harness) => h.graphCalls('/disconnect', 'POST');

describe('Graph takes 8 s (local mode, inbound auth off)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the click is answered "in progress" within 3.5 s, the retry starts nothing, and the card is replaced for everyone when Graph is done', async () => {
    const alex = h.user('Alex Wilber');
    const asked = await say(h, alex, 'disconnect TeamViewer');
    h.sim.faults.latency(8_000);
    const click = confirmClick(h, alex, asked);

    const first = await timed(h, click);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(first.ms).toBeLessThan(3_500);
    expect(first.text).toMatch(/Disconnect in progress/);
    expect(first.text).toContain('In progress (started by Alex Wilber).');
    expect(actionsOf(first.body.value).map((a) => a.verb)).not.toContain('op.confirm');

    // Teams retries the same invoke (same activity): the same state, nothing started.
    const retry = await timed(h, click);
    expect(retry.ms).toBeLessThan(3_500);
    expect(retry.text).toMatch(/Disconnect in progress/);
    expect(retry.text).toContain('Alex Wilber');

    // Everyone's card says "in progress" too, then, once Graph answered, "Disconnected".
    const done = await waitFor(
      'the card replaced with the result',
      () => updatesOf(h, asked.id).find((u) => /^Disconnected$/m.test(textOf(u))),
      15_000,
    );
    const updates = updatesOf(h, asked.id).map(textOf);
    expect(updates[0]).toMatch(/Disconnect in progress/);
    expect(updates.at(-1)).toBe(textOf(done));
    expect(textOf(done)).toContain('Alex Wilber');
    expect(textOf(done)).toMatch(/Not onboarded/);
    expect(done.conversationId).toBe(String(h.teams.conversation(alex, 'personal').id));
    expect(disconnectPosts(h)).toHaveLength(1);
    expect(h.sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)?.onboardingStatus).toBe('notOnboarded');
    const record = await h.bot.store.operations.get(
      String(actionsOf(asked.card).find((a) => a.verb === 'op.confirm')!.data.operationId),
    );
    expect(record).toMatchObject({ state: 'succeeded', executor: { name: 'Alex Wilber' } });
    expect(h.logs.some((l) => l.includes('click answered before its work ended'))).toBe(true);
  }, 30_000);
});

describe('a slow click with inbound auth on', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ inboundAuth: true, env: { CLICK_ANSWER_MS: '500' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("the late card update carries the bot's own token", async () => {
    const alex = h.user('Alex Wilber');
    const asked = await say(h, alex, 'disconnect TeamViewer');
    h.sim.faults.latency(2_000);
    const first = await timed(h, confirmClick(h, alex, asked));
    expect(first.ms).toBeLessThan(2_000);
    expect(first.text).toMatch(/Disconnect in progress/);
    await waitFor(
      'the card replaced with the result',
      () => updatesOf(h, asked.id).find((u) => /^Disconnected$/m.test(textOf(u))),
      10_000,
    );
    expect(h.connector.refused()).toEqual([]);
    expect(h.connector.calls.filter((c) => c.method === 'PUT').every((c) => c.auth?.ok === true)).toBe(true);
    expect(disconnectPosts(h)).toHaveLength(1);
  }, 20_000);
});

describe('a slow click that ends in a transient failure (Graph throttles beyond the bound)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { CLICK_ANSWER_MS: '500' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the card, shown "in progress" meanwhile, offers its buttons again to everyone, with the reason', async () => {
    const alex = h.user('Alex Wilber');
    const asked = await say(h, alex, 'disconnect TeamViewer');
    // A 429 waited for (2 s, within GRAPH_MAX_RETRY_AFTER_SECONDS), then one asking for more than the bound.
    h.sim.faults.graphNext(1, { status: 429, retryAfterSeconds: 2, method: 'POST', pathIncludes: '/disconnect' });
    h.sim.faults.graphNext(1, { status: 429, retryAfterSeconds: 90, method: 'POST', pathIncludes: '/disconnect' });
    const first = await timed(h, confirmClick(h, alex, asked));
    expect(first.text).toMatch(/Disconnect in progress/);
    const back = await waitFor(
      'the card back with its buttons',
      () => updatesOf(h, asked.id).find((u) => actionsOf(cardOf(u.activity)).some((a) => a.verb === 'op.confirm')),
      10_000,
    );
    expect(textOf(back)).toMatch(/throttl|too many|try again/i);
    expect(updatesOf(h, asked.id).map(textOf)[0]).toMatch(/Disconnect in progress/);
    expect(
      (
        await h.bot.store.operations.get(
          String(actionsOf(asked.card).find((a) => a.verb === 'op.confirm')!.data.operationId),
        )
      )?.state,
    ).toBe('pending');
    expect(h.sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)?.onboardingStatus).toBe('onboarded');
  }, 20_000);
});

describe('a click still being authorized when its window closes (the group check waits on Graph)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { CLICK_ANSWER_MS: '500' } });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    h.sim.reset();
    h.connector.clear();
    await closeOpenOperations(h.bot.store.operations, h.user('Alex Wilber').tenantId);
  });

  // Another person clicks: in a channel both are in (a card's buttons work only in its own conversation).
  it('an admin by group: "in progress" for the clicker alone until the call has started, then the result for everyone', async () => {
    const asked = await say(h, h.user('Alex Wilber'), 'disconnect TeamViewer', 'channel');
    h.sim.faults.latency(1_500); // checkMemberGroups, then the disconnect
    const first = await timed(h, confirmClick(h, h.user('Lee Gu'), asked, 'channel'));
    expect(first.ms).toBeLessThan(1_500);
    expect(first.text).toContain('In progress (started by Lee Gu).');
    const done = await waitFor(
      'the card replaced with the result',
      () => updatesOf(h, asked.id).find((u) => /^Disconnected$/m.test(textOf(u))),
      10_000,
    );
    expect(textOf(done)).toContain('Lee Gu');
    // The others' card never said "in progress" on the strength of a click not yet allowed.
    expect(updatesOf(h, asked.id)).toEqual([done]);
    expect(h.graphCalls('/checkMemberGroups', 'POST')).toHaveLength(1);
    expect(disconnectPosts(h)).toHaveLength(1);
  }, 20_000);

  it('somebody the group check turns away: the card, "in progress" in their eyes meanwhile, is put back with its buttons; Graph is not called', async () => {
    const asked = await say(h, h.user('Alex Wilber'), 'disconnect TeamViewer', 'channel');
    h.sim.faults.latency(1_500);
    const first = await timed(h, confirmClick(h, h.user('Adele Vance'), asked, 'channel'));
    expect(first.text).toContain('In progress (started by Adele Vance).');
    const restored = await waitFor('the card put back', () => updatesOf(h, asked.id)[0], 10_000);
    expect(actionsOf(cardOf(restored.activity)).map((a) => a.verb)).toEqual(
      expect.arrayContaining(['op.confirm', 'op.cancel']),
    );
    expect(textOf(restored)).not.toMatch(/in progress|Adele/i);
    expect(disconnectPosts(h)).toHaveLength(0);
    const operationId = String(actionsOf(asked.card).find((a) => a.verb === 'op.confirm')!.data.operationId);
    expect((await h.bot.store.operations.get(operationId))?.state).toBe('pending');
    const denied = await h.bot.store.operations.history({
      tenantId: h.user('Adele Vance').tenantId,
      states: ['denied'],
      limit: 5,
    });
    expect(denied.map((d) => d.requester.name)).toContain('Adele Vance');
  }, 20_000);
});
