/**
 * Every invoke gets an answer Teams understands, over real HTTP against the real bot.
 *
 * `adaptiveCard/action` follows the Universal Actions response format (MicrosoftDocs/AdaptiveCards,
 * AdaptiveCards/authoring-cards/universal-action-model.md, "Response format" and "Supported status codes";
 * linked from learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards):
 * a bot that processed the invoke answers HTTP 200 with {statusCode, type, value}; statusCode 200 with
 * `application/vnd.microsoft.card.adaptive` and a card shows that card in place of the clicked one;
 * statusCode 400 with `application/vnd.microsoft.error` and an error object says the request was invalid
 * (the error object as botbuilder's ActivityHandler builds it: {code: 'BadRequest', message}). Never 5xx.
 *
 * Other invoke names the bot does not handle: 501 Not Implemented, botbuilder's ActivityHandler and
 * TeamsActivityHandler answer, agreed with the Teams team (microsoft/botbuilder-dotnet#1039,
 * microsoft/botbuilder-js#1220); the bot's manifest declares no feature that would send them.
 */
import { startHarness, type Harness } from '../support/harness';
import { actionsOf, cardText } from '../support/teams';

const CARD = 'application/vnd.microsoft.card.adaptive';
const ERROR = 'application/vnd.microsoft.error';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => h.connector.clear());

const tokenServiceCalls = () => h.sim.calls.filter((c) => c.service === 'tokenService').length;

/** A click as Teams sends it, with `value` replaced. */
function click(value: unknown, who: 'Alex Wilber' | 'Megan Bowen' = 'Alex Wilber', locale = 'en-US') {
  const a = h.teams.action(h.user(who), 'x', {}, 'activity-1', { locale });
  return { ...a, value } as Record<string, unknown>;
}

function expectStaleCard(res: { status: number; body: any }, title = 'This button no longer works') {
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ statusCode: 200, type: CARD, value: { type: 'AdaptiveCard', version: '1.5' } });
  expect(cardText(res.body.value)).toContain(title);
  expect(actionsOf(res.body.value)).toEqual([expect.objectContaining({ verb: 'command', data: { command: 'help' } })]);
}

describe('a click no route of this version takes: 200 with a card that says the button no longer works', () => {
  it.each([
    ['an unknown verb', { action: { type: 'Action.Execute', verb: 'launch.missiles', data: {} }, trigger: 'manual' }],
    [
      'a verb of an older version, with its data',
      { action: { type: 'Action.Execute', verb: 'disconnect.confirm', data: { requestId: 'r-1' } }, trigger: 'manual' },
    ],
    [
      'a command this version does not have',
      { action: { type: 'Action.Execute', verb: 'command', data: { command: 'purge' } }, trigger: 'manual' },
    ],
    ['no action', { trigger: 'manual' }],
    ['an action that is not an object', { action: 'op.confirm' }],
    ['an Action.Submit', { action: { type: 'Action.Submit', verb: 'op.confirm', data: { operationId: 'op-1' } } }],
    [
      'no verb (an automatic refresh of an old card)',
      { action: { type: 'Action.Execute', data: {} }, trigger: 'automatic' },
    ],
  ])('%s', async (_, value) => {
    expectStaleCard(await h.post(click(value)));
  });

  it('no value at all', async () => {
    const { value: _, ...noValue } = click(undefined);
    expectStaleCard(await h.post(noValue));
  });

  it("in the clicker's language", async () => {
    expectStaleCard(
      await h.post(click({ action: { type: 'Action.Execute', verb: 'launch.missiles' } }, 'Alex Wilber', 'zh-CN')),
      '此按钮已失效',
    );
  });

  it('asks nobody to sign in, reaches neither the token service nor Graph, and its Help button works', async () => {
    const before = tokenServiceCalls();
    const graph = h.graphCalls().length;
    const res = await h.post(click({ action: { type: 'Action.Execute', verb: 'launch.missiles' } }, 'Megan Bowen')); // Megan is not signed in
    expectStaleCard(res);
    expect(tokenServiceCalls()).toBe(before);
    expect(h.graphCalls()).toHaveLength(graph);

    const help = actionsOf(res.body.value)[0];
    const helped = await h.post(h.teams.action(h.user('Megan Bowen'), help.verb, help.data, 'activity-1'));
    expect(helped.status).toBe(200);
    expect(helped.body).toMatchObject({ statusCode: 200, type: CARD });
    expect(cardText(helped.body.value)).toMatch(/disconnect/i);
  });
});

describe('a click of this version with data that breaks its contract: 400 application/vnd.microsoft.error', () => {
  it.each([
    ['op.confirm without an operationId', 'op.confirm', {}, /operationId/],
    ['op.confirm with an object for an id', 'op.confirm', { operationId: { $ne: 1 } }, /operationId/],
    ['op.cancel with markup for an id', 'op.cancel', { operationId: '<script>x</script>' }, /operationId/],
    ['op.confirm with a 10 kB id', 'op.confirm', { operationId: 'a'.repeat(10_000) }, /operationId/],
    ['command without a command', 'command', { partner: 'TeamViewer' }, /command/],
    ['command with a number for a partner', 'command', { command: 'status', partner: 7 }, /partner/],
    ['fleet.confirm without a fleetId', 'fleet.confirm', { operationId: 'op-1' }, /fleetId/],
    ['fleet.cancel with markup for an id', 'fleet.cancel', { fleetId: '<b>x</b>' }, /fleetId/],
  ])('%s', async (_, verb, data, message) => {
    const graph = h.graphCalls().length;
    const res = await h.post(h.teams.action(h.user('Alex Wilber'), verb, data, 'activity-1'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      statusCode: 400,
      type: ERROR,
      value: { code: 'BadRequest', message: expect.stringMatching(message) },
    });
    expect(res.body.value.message.length).toBeLessThan(200); // the data is not echoed back
    expect(h.graphCalls()).toHaveLength(graph);
    expect(h.connector.calls).toHaveLength(0); // nothing posted or updated
  });

  it('is refused before any sign-in: no loginRequest for somebody who is not signed in', async () => {
    const before = tokenServiceCalls();
    const res = await h.post(h.teams.action(h.user('Megan Bowen'), 'op.confirm', {}, 'activity-1'));
    expect(res.body).toMatchObject({ statusCode: 400, type: ERROR });
    expect(tokenServiceCalls()).toBe(before);
  });

  it('a well-formed click on an operation nobody knows is not a bad request: the "Request not found" card', async () => {
    const res = await h.post(
      h.teams.action(
        h.user('Alex Wilber'),
        'op.confirm',
        { operationId: '00000000-0000-0000-0000-000000000000' },
        'activity-1',
      ),
    );
    expect(res.body).toMatchObject({ statusCode: 200, type: CARD });
    expect(cardText(res.body.value)).toMatch(/Request not found/);
  });

  it.each(['fleet.confirm', 'fleet.cancel'])('%s, an unknown fleet: "Request not found"', async (verb) => {
    const graph = h.graphCalls().length;
    const data = { fleetId: '00000000-0000-0000-0000-000000000000' };
    const res = await h.post(h.teams.action(h.user('Alex Wilber'), verb, data, 'activity-1'));
    expect(res.body).toMatchObject({ statusCode: 200, type: CARD });
    expect(cardText(res.body.value)).toMatch(/Request not found/);
    expect(h.graphCalls()).toHaveLength(graph);
  });
});

describe('other invokes', () => {
  it.each([
    'task/fetch',
    'composeExtension/query',
    'config/fetch',
    'application/search',
    'message/submitAction',
    'some/futureInvoke',
  ])('%s, which this bot does not offer: 501 Not Implemented, no body', async (name) => {
    const res = await h.post({ ...click({}), name });
    expect(res).toEqual({ status: 501, body: undefined });
  });

  it('an invoke without a name: 501', async () => {
    const { name: _, ...nameless } = click({ action: { type: 'Action.Execute', verb: 'op.confirm' } });
    expect((await h.post(nameless)).status).toBe(501);
  });
});

describe('a click whose turn fails before any route answers', () => {
  it("gets the error card (200), not the adapter's 501", async () => {
    const broken = await startHarness();
    try {
      const alex = broken.user('Alex Wilber');
      await broken.post(broken.teams.message(alex, 'disconnect TeamViewer'));
      const asked = broken.connector.messages()[0];
      const confirm = actionsOf(asked.activity.attachments[0].content).find((a) => a.verb === 'op.confirm')!;
      await broken.bot.store.close(); // the turn state cannot be read any more
      const res = await broken.post(broken.teams.action(alex, confirm.verb, confirm.data, asked.id!));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ statusCode: 200, type: CARD });
      expect(cardText(res.body.value)).toMatch(/went wrong|unexpected/i);
      expect(broken.graphCalls('/disconnect')).toHaveLength(0);
    } finally {
      await broken.close();
    }
  });
});
