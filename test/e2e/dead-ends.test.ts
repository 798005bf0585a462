/**
 * No dead ends (issue 16), end to end over real HTTP: the bot server against the simulated tenant and the
 * recording Bot Connector, with plain confirmations (APPROVAL_REQUIRED off, the default).
 * - An admin who asks for a change while its confirmation is open in another conversation gets that request
 *   HERE, with Disconnect / Cancel; the earlier card says where it continued; a click on either card acts once.
 * - A mistyped command gets "Did you mean ...?" with a button that runs it.
 * - A permanent failure (403) offers no "Try again".
 */
import { TEAMVIEWER_PARTNER_ID } from '../../src/simulator';
import { startHarness, type Harness } from '../support/harness';
import { closeOpenOperations } from '../support/open-operations';
import { actionsOf, cardOf, cardText, type TeamsUser, type Where } from '../support/teams';

let h: Harness;
let alex: TeamsUser;
let lee: TeamsUser;

beforeAll(async () => {
  h = await startHarness();
  alex = h.user('Alex Wilber');
  lee = h.user('Lee Gu');
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  h.sim.reset();
  h.connector.clear();
  await closeOpenOperations(h.bot.store.operations, alex.tenantId);
});

type Card = Record<string, any>;
const verbs = (card: Card) =>
  actionsOf(card)
    .map((a) => a.verb)
    .filter((v) => v.startsWith('op.'));
const operationIdOf = (card: Card) =>
  String(actionsOf(card).find((a) => a.verb === 'op.confirm')?.data.operationId ?? '');
const disconnectPosts = () => h.graphCalls('/disconnect', 'POST');
const teamViewer = () => h.sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)!;
const updatesOf = (activityId: string) => h.connector.updates().filter((u) => u.activityId === activityId);

async function click(user: TeamsUser, cardId: string, verb: string, operationId: string, where: Where): Promise<Card> {
  const res = await h.post(h.teams.action(user, verb, { operationId }, cardId, { where }));
  expect(res.status).toBe(200);
  expect(res.body.statusCode).toBe(200);
  return res.body.value as Card;
}

describe('an open request is reachable from anywhere', () => {
  it('asked again in a personal chat: the request here with Disconnect / Cancel; the channel card says where it continued; one click acts once, the old card then says already done', async () => {
    const first = await h.say(alex, 'disconnect TeamViewer', { where: 'channel' });
    const operationId = operationIdOf(first.card);
    expect(verbs(first.card)).toEqual(['op.confirm', 'op.cancel']);

    const here = await h.say(alex, 'disconnect TeamViewer', { where: 'personal' });
    expect(verbs(here.card)).toEqual(['op.confirm', 'op.cancel']);
    expect(operationIdOf(here.card)).toBe(operationId);
    expect(cardText(here.card)).not.toMatch(/Already waiting for confirmation/);

    // The earlier card, in General, says where the request continued, and keeps its buttons.
    const earlier = updatesOf(first.id);
    expect(earlier).toHaveLength(1);
    const note = cardOf(earlier[0].activity)!;
    expect(cardText(note)).toMatch(/Continued in a personal chat by Alex Wilber/);
    expect(verbs(note)).toEqual(['op.confirm', 'op.cancel']);

    const done = await click(alex, here.id, 'op.confirm', operationId, 'personal');
    expect(cardText(done)).toMatch(/^Disconnected$/m);
    expect(disconnectPosts()).toHaveLength(1);
    expect(teamViewer().onboardingStatus).toBe('notOnboarded');
    // The channel card is replaced with the outcome too.
    const replaced = cardOf(updatesOf(first.id).at(-1)!.activity)!;
    expect(cardText(replaced)).toMatch(/^Disconnected$/m);
    expect(verbs(replaced)).toEqual([]);

    // Lee clicks the old card in General afterwards: already done, nothing sent again.
    const late = await click(lee, first.id, 'op.confirm', operationId, 'channel');
    expect(cardText(late)).toContain('This was already done by Alex Wilber');
    expect(disconnectPosts()).toHaveLength(1);
  });

  it('another admin asks in the channel while the request is open in a personal chat: Cancel there cancels it everywhere', async () => {
    const first = await h.say(alex, 'disconnect TeamViewer', { where: 'personal' });
    const operationId = operationIdOf(first.card);
    const here = await h.say(lee, 'disconnect TeamViewer', { where: 'channel' });
    expect(verbs(here.card)).toEqual(['op.confirm', 'op.cancel']);
    expect(cardText(cardOf(updatesOf(first.id)[0].activity))).toMatch(/Continued in a channel by Lee Gu/);

    const cancelled = await click(lee, here.id, 'op.cancel', operationId, 'channel');
    expect(cardText(cancelled)).toMatch(/Lee Gu/);
    expect(verbs(cancelled)).toEqual([]);
    const personal = cardOf(updatesOf(first.id).at(-1)!.activity)!;
    expect(verbs(personal)).toEqual([]);
    expect((await h.bot.store.operations.get(operationId))?.state).toBe('cancelled');
    // Alex's old Disconnect now changes nothing.
    await click(alex, first.id, 'op.confirm', operationId, 'personal');
    expect(disconnectPosts()).toHaveLength(0);
  });
});

describe('a mistyped command', () => {
  it('`disconect TeamViewer` gets "Did you mean" with a button that runs `disconnect TeamViewer`, and Help', async () => {
    const { card, id } = await h.say(alex, 'disconect TeamViewer', { where: 'personal' });
    expect(cardText(card)).toContain('Did you mean');
    expect(cardText(card)).toContain('disconnect TeamViewer');
    const buttons = actionsOf(card);
    expect(buttons.map((b) => b.data)).toEqual([{ command: 'disconnect', partner: 'TeamViewer' }, { command: 'help' }]);
    const res = await h.post(h.teams.action(alex, 'command', buttons[0].data, id, { where: 'personal' }));
    expect(res.status).toBe(200);
    expect(verbs(res.body.value)).toEqual(['op.confirm', 'op.cancel']);
    expect(disconnectPosts()).toHaveLength(0);
  });

  it('text that is no command at all still gets the help card', async () => {
    const { card } = await h.say(alex, 'please nuke everything', { where: 'personal' });
    expect(cardText(card)).not.toContain('Did you mean');
    expect(actionsOf(card).map((a) => a.data.command)).toContain('list');
  });
});

describe('a permanent failure', () => {
  it('Intune refuses the disconnect (403): the card says so and offers no Try again', async () => {
    const asked = await h.say(alex, 'disconnect TeamViewer', { where: 'personal' });
    h.sim.faults.graphNext(1, { status: 403, method: 'POST', pathIncludes: '/disconnect' });
    const failed = await click(alex, asked.id, 'op.confirm', operationIdOf(asked.card), 'personal');
    expect(cardText(failed)).toMatch(/Disconnect failed/);
    expect(cardText(failed)).toMatch(/Not permitted in Intune/);
    expect(actionsOf(failed).map((a) => a.title)).not.toContain('Try again');
  });
});
