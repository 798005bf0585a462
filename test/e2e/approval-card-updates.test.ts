/**
 * How the cards of requests for approval reach Teams, end to end over real HTTP (the bot server with
 * APPROVAL_REQUIRED=true, the simulated tenant and the recording Bot Connector):
 * - a click answered for everyone replaces the shared message once, also when the card carries a `refresh`
 *   (teams-ai would replace it a second time), and a later answer for the clicker alone replaces nothing;
 * - the posts into the approvers' channel and the updates of the copies there go through the outgoing queue
 *   (Teams' windows, retries after Retry-After): a burst of requests and decisions against a connector that answers
 *   429 loses nothing.
 */
import { defaultPartners, defaultUsers } from '../../src/simulator';

type Partner = ReturnType<typeof defaultPartners>[number];
import { waitFor } from '../support/bot-process';
import { startHarness, type Harness } from '../support/harness';
import { closeOpenOperations } from '../support/open-operations';
import { cardOf, cardText, type TeamsUser } from '../support/teams';

const APPROVERS = '19:approvers-burst@thread.tacv2';
const tenantId = defaultUsers()[0].tenantId;
const BURST = 6;
/** Six more partners, so that six requests can be open at once (one open request per partner). */
const extraPartners = (): Partner[] =>
  Array.from({ length: BURST }, (_, i) => ({
    ...defaultPartners()[0],
    id: `b0b0b0b0-0000-4000-8000-00000000000${i}`,
    displayName: `Burst Connector ${i}`,
  }));

let h: Harness;
let alex: TeamsUser;
let lee: TeamsUser;
beforeAll(async () => {
  h = await startHarness({
    env: { APPROVAL_REQUIRED: 'true', APPROVAL_TTL_MINUTES: '60' },
    simulator: { partners: [...defaultPartners(), ...extraPartners()] },
  });
  alex = h.user('Alex Wilber');
  lee = h.user('Lee Gu');
});
afterAll(async () => {
  h?.connector.limit(undefined);
  await h?.close();
});
beforeEach(async () => {
  h.sim.reset();
  h.connector.clear();
  await closeOpenOperations(h.bot.store.operations, tenantId);
  h.clock.advance(301_000);
});

type Card = Record<string, any>;
const verbs = (card: Card) =>
  (card.actions ?? []).map((a: { verb?: string }) => a.verb).filter((v: string | undefined) => v?.startsWith('op.'));

async function click(
  user: TeamsUser,
  cardId: string,
  verb: string,
  operationId: string,
  o: { channel?: string; thread?: string } = {},
): Promise<Card> {
  const res = await h.post(h.teams.action(user, verb, { operationId }, cardId, { where: 'channel', ...o }));
  expect(res.status).toBe(200);
  expect(res.body.statusCode).toBe(200);
  return res.body.value as Card;
}

describe('a click answered for everyone on a card with refresh', () => {
  it('replaces the message once; a later answer for the clicker alone replaces nothing', async () => {
    const { card, id } = await h.say(alex, 'disconnect TeamViewer', { where: 'channel' });
    const operationId = String(card.refresh?.action?.data?.operationId ?? '');
    // Another approver's click got there first and Graph put the request back to waiting (a transient failure):
    // this click finds it waiting again, and shows everyone the request with its buttons (and its refresh).
    const store = h.bot.store.operations;
    const transition = jest.spyOn(store, 'transition').mockImplementationOnce(async () => undefined);
    try {
      const answer = await click(lee, id, 'op.confirm', operationId);
      expect(verbs(answer)).toEqual(['op.confirm', 'op.reject']);
      expect(answer.refresh).toBeDefined();
    } finally {
      transition.mockRestore();
    }
    const puts = h.connector.updates().filter((u) => u.activityId === id);
    expect(puts).toHaveLength(1);
    expect(verbs(cardOf(puts[0].activity)!)).toEqual(['op.confirm', 'op.reject']);

    // Alex's own Approve is refused, for Alex alone: the shared card stays as it is.
    const refused = await click(alex, id, 'op.confirm', operationId);
    expect(cardText(refused)).toMatch(/another admin or approver/i);
    expect(h.connector.updates().filter((u) => u.activityId === id)).toHaveLength(1);
  });
});

describe("the approvers' channel under Teams' throttling", () => {
  it('a burst of requests and decisions while the connector answers 429: every copy is posted once and ends up rejected', async () => {
    await h.say(lee, 'approvals here', { where: 'channel', channel: APPROVERS });
    h.connector.clear();
    // Stricter than Teams, in the approvers' channel only: posts and updates beyond 2 a second get 429.
    h.connector.limit({
      max: 2,
      perMs: 1000,
      retryAfterSeconds: 1,
      methods: ['POST', 'PUT'],
      conversations: [APPROVERS],
    });
    const asked: { id: string; operationId: string; name: string }[] = [];
    for (const p of extraPartners()) {
      // Not h.say: the posts into the approvers' channel go out meanwhile.
      const before = h.connector.messages().filter((m) => m.conversationId !== APPROVERS).length;
      expect((await h.post(h.teams.message(alex, `disconnect ${p.displayName}`, { where: 'channel' }))).status).toBe(
        200,
      );
      const answers = h.connector
        .messages()
        .filter((m) => m.conversationId !== APPROVERS)
        .slice(before);
      expect(answers).toHaveLength(1);
      const card = cardOf(answers[0].activity)!;
      asked.push({
        id: answers[0].id!,
        operationId: String(card.refresh?.action?.data?.operationId ?? ''),
        name: p.displayName,
      });
    }
    const copies = await waitFor(
      "every request posted in the approvers' channel",
      () => {
        const posted = h.connector.messages().filter((m) => m.conversationId === APPROVERS && !m.activityId);
        return posted.length >= BURST ? posted : undefined;
      },
      30_000,
    );
    expect(copies).toHaveLength(BURST);
    expect(h.connector.throttled().length).toBeGreaterThan(0);
    const copyOf = (name: string) => copies.find((c) => cardText(cardOf(c.activity)).includes(name))!;
    for (const a of asked) expect(copyOf(a.name)).toBeDefined();

    // Lee rejects all six at once, each on its own card in General: every copy in the approvers' channel follows.
    await Promise.all(asked.map((a) => click(lee, a.id, 'op.reject', a.operationId)));
    for (const a of asked) {
      const copy = copyOf(a.name);
      const last = await waitFor(
        `the copy of ${a.name} replaced`,
        () =>
          h.connector
            .updates()
            .filter((u) => u.activityId === copy.id)
            .at(-1),
        30_000,
      );
      expect(verbs(cardOf(last.activity)!)).toEqual([]);
      expect(cardText(cardOf(last.activity))).toMatch(/rejected/i);
    }
    expect(h.connector.messages().filter((m) => m.conversationId === APPROVERS)).toHaveLength(BURST);
  }, 90_000);
});
