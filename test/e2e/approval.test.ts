/**
 * Two-person approval, end to end over real HTTP: the bot server with APPROVAL_REQUIRED=true, the simulated tenant
 * (the real OnBehalfOfCredential and Graph client) and the recording Bot Connector. Alex (an admin by id) asks;
 * Lee (an admin by group) or Pat (a listed approver) decides; Adele is a listed approver whose Intune role cannot
 * change the connector.
 *
 * The user-specific views are Teams' Universal Actions `refresh`: Teams sends the refresh action, as an
 * adaptiveCard/action invoke with trigger "automatic", for each user the card's refresh.userIds names (their MRIs,
 * at most 60), and shows each the card the bot answers (learn.microsoft.com, Teams platform, "User Specific Views").
 * The server, not the buttons, decides who may approve: the crafted clicks below are invokes Teams would send
 * for a button the user was never shown.
 */
import { defaultUsers, TEAMVIEWER_PARTNER_ID, type SimUser } from '../../src/simulator';
import { waitFor } from '../support/bot-process';
import { EXTRA_USERS, PAT_APPROVER, startHarness, type Harness } from '../support/harness';
import { closeOpenOperations } from '../support/open-operations';
import { cardOf, cardText, type TeamsUser } from '../support/teams';

const APPROVERS = '19:approvers@thread.tacv2';
const tenantId = defaultUsers()[0].tenantId;
const PAT = PAT_APPROVER;
const person = (u: SimUser): TeamsUser => ({
  id: u.channelUserId,
  aadObjectId: u.aadObjectId,
  tenantId: u.tenantId,
  name: u.name,
});
const ADELE = defaultUsers()[2];
const CACHE_MS = 300_000;

let h: Harness;
let alex: TeamsUser;
let lee: TeamsUser;
const pat = person(PAT);
const adele = person(ADELE);
beforeAll(async () => {
  h = await startHarness({
    env: {
      APPROVAL_REQUIRED: 'true',
      APPROVAL_TTL_MINUTES: '60',
      APPROVER_USER_IDS: `${PAT.aadObjectId},${ADELE.aadObjectId}`,
    },
    simulator: { users: [...defaultUsers(), ...EXTRA_USERS, PAT] },
  });
  alex = h.user('Alex Wilber');
  lee = h.user('Lee Gu');
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  h.sim.reset();
  h.connector.clear();
  await closeOpenOperations(h.bot.store.operations, tenantId);
  h.clock.advance(CACHE_MS + 1000); // the bot's per-user answers (groups, Intune roles) expire between scenarios
});

type Card = Record<string, any>;
/** The buttons that act on the request (not the card's refresh action, not the follow-up command buttons). */
const verbs = (card: Card) =>
  (card.actions ?? []).map((a: { verb?: string }) => a.verb).filter((v: string | undefined) => v?.startsWith('op.'));
const disconnects = () =>
  h.sim.calls.filter((c) => c.service === 'graph' && c.method === 'POST' && c.path.endsWith('/disconnect'));
const teamViewer = () => h.sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)!;

/** Alex asks in General; the card everybody sees. */
async function ask(where: 'channel' | 'personal' = 'channel') {
  const { card, id } = await h.say(alex, 'disconnect TeamViewer', { where });
  const operationId = String(card.refresh?.action?.data?.operationId ?? '');
  return { card, id, operationId };
}

/** A click (or, with trigger 'automatic', the card's refresh) by `user` on the card `cardId` in General or elsewhere. */
async function click(
  user: TeamsUser,
  cardId: string,
  verb: string,
  operationId: string,
  o: { where?: 'channel' | 'personal'; channel?: string; thread?: string; trigger?: 'automatic' } = {},
): Promise<Card> {
  const res = await h.post(h.teams.action(user, verb, { operationId }, cardId, { where: o.where ?? 'channel', ...o }));
  expect(res.status).toBe(200);
  expect(res.body.statusCode).toBe(200);
  return res.body.value as Card;
}
const refresh = (user: TeamsUser, cardId: string, operationId: string, o: Parameters<typeof click>[4] = {}) =>
  click(user, cardId, 'op.view', operationId, { ...o, trigger: 'automatic' });
const record = async (operationId: string) => (await h.bot.store.operations.get(operationId))!;

describe('a disconnect under two-person approval', () => {
  it('is a request: Approve / Reject on the shared card, a refresh that gives the requester Withdraw and an approver Approve / Reject', async () => {
    const { card, id, operationId } = await ask();
    expect(verbs(card)).toEqual(['op.confirm', 'op.reject']);
    expect(card.refresh).toEqual({
      action: expect.objectContaining({ type: 'Action.Execute', verb: 'op.view', data: { operationId } }),
      userIds: [alex.id],
    });
    expect(await record(operationId)).toMatchObject({
      state: 'pending',
      requester: { id: alex.aadObjectId },
      approval: { status: 'waiting', requesterChannelId: alex.id },
    });
    expect(verbs(await refresh(alex, id, operationId))).toEqual(['op.cancel']);
    expect(verbs(await refresh(lee, id, operationId))).toEqual(['op.confirm', 'op.reject']);
    expect(disconnects()).toEqual([]);
    expect(teamViewer().onboardingStatus).toBe('onboarded');
  });

  it("the requester's own Approve is refused, also as a crafted invoke after the Withdraw-only view; the try is in the history", async () => {
    const { id, operationId } = await ask();
    expect(verbs(await refresh(alex, id, operationId))).toEqual(['op.cancel']);
    const answer = await click(alex, id, 'op.confirm', operationId);
    expect(verbs(answer)).toEqual([]);
    expect(cardText(answer)).toMatch(/another admin or approver/i);
    expect(disconnects()).toEqual([]);
    expect(await record(operationId)).toMatchObject({ state: 'pending', approval: { status: 'waiting' } });
    expect(h.connector.updates()).toEqual([]); // the shared card is untouched
    const denied = await h.bot.store.operations.history({ tenantId, states: ['denied'], limit: 5 });
    expect(denied.map((d) => [d.requester.name, d.errorKind])).toEqual([['Alex Wilber', 'authz.ownRequest']]);
  });

  it("a second admin approves: exactly one Graph call, with the approver's own token; the card and the history name both", async () => {
    const { id, operationId } = await ask();
    const answer = await Promise.all([
      click(lee, id, 'op.confirm', operationId),
      click(lee, id, 'op.confirm', operationId),
    ]);
    expect(disconnects().map((c) => [c.status, c.oid])).toEqual([[204, lee.aadObjectId]]);
    expect(teamViewer().onboardingStatus).toBe('notOnboarded');
    const approved = await record(operationId);
    expect(approved).toMatchObject({
      state: 'succeeded',
      requester: { id: alex.aadObjectId },
      executor: { id: lee.aadObjectId },
      approval: { status: 'approved' },
    });
    expect(Date.parse(approved.approval!.decidedAt!)).toBeGreaterThanOrEqual(Date.parse(approved.createdAt));
    for (const card of answer) expect(verbs(card)).toEqual([]);
    const shared = cardOf(h.connector.updates().at(-1)?.activity)!;
    expect(shared.refresh).toBeUndefined();
    expect(cardText(shared)).toContain('Alex Wilber');
    expect(cardText(shared)).toContain('Lee Gu');
    const history = cardText((await h.say(lee, 'history TeamViewer')).card);
    expect(history).toContain('Alex Wilber');
    expect(history).toContain('Lee Gu');
  });

  it('a listed approver who is no admin may approve', async () => {
    const { id, operationId } = await ask();
    expect(verbs(await refresh(pat, id, operationId))).toEqual(['op.confirm', 'op.reject']);
    await click(pat, id, 'op.confirm', operationId);
    expect(disconnects().map((c) => c.oid)).toEqual([PAT.aadObjectId]);
    expect(await record(operationId)).toMatchObject({ state: 'succeeded', executor: { id: PAT.aadObjectId } });
  });

  it('a request nobody approved in time expires, and its Approve then does nothing', async () => {
    const { id, operationId } = await ask();
    h.clock.advance(61 * 60_000);
    const answer = await click(lee, id, 'op.confirm', operationId);
    expect(verbs(answer)).toEqual([]);
    expect(disconnects()).toEqual([]);
    expect((await record(operationId)).state).toBe('expired');
  });

  it('rejected: the card says so for everyone, and a later Approve by another approver does nothing', async () => {
    const { id, operationId } = await ask();
    const rejected = await click(lee, id, 'op.reject', operationId);
    expect(verbs(rejected)).toEqual([]);
    expect(cardText(rejected)).toContain('Lee Gu');
    expect(await record(operationId)).toMatchObject({
      state: 'cancelled',
      executor: { id: lee.aadObjectId },
      approval: { status: 'rejected' },
    });
    await click(pat, id, 'op.confirm', operationId);
    expect(disconnects()).toEqual([]);
    expect((await record(operationId)).approval?.status).toBe('rejected');
  });

  it('withdrawn by the requester: nobody can approve it any more', async () => {
    const { id, operationId } = await ask();
    await click(alex, id, 'op.cancel', operationId);
    expect(await record(operationId)).toMatchObject({
      state: 'cancelled',
      executor: { id: alex.aadObjectId },
      approval: { status: 'withdrawn' },
    });
    await click(lee, id, 'op.confirm', operationId);
    expect(disconnects()).toEqual([]);
  });

  it('an approver Intune refuses the lookup for (no Intune role) is offered Approve (unknown is no evidence); Intune refuses her click, the card says it is the Intune permission, and the request waits for another approver', async () => {
    const { id, operationId } = await ask();
    const view = await refresh(adele, id, operationId);
    expect(verbs(view)).toContain('op.confirm');
    expect(cardText(view)).not.toContain('Remote assistance connectors: Update');
    const crafted = await click(adele, id, 'op.confirm', operationId);
    expect(cardText(crafted)).toContain('Not permitted in Intune');
    // Intune refuses her already at the read of the partner before the action (her token, 401 Forbidden): no POST.
    expect(disconnects()).toEqual([]);
    expect(
      h.sim.calls
        .filter((c) => c.service === 'graph' && c.oid === adele.aadObjectId && c.path.endsWith(TEAMVIEWER_PARTNER_ID))
        .map((c) => [c.method, c.status]),
    ).toEqual([['GET', 401]]);
    // Intune refused THIS approver, not the request: it waits, for an approver whose role allows it.
    expect(await record(operationId)).toMatchObject({ state: 'pending', approval: { status: 'waiting' } });
    expect(verbs(crafted)).toEqual([]); // Adele is not offered the same refused click again
    const approved = await click(lee, id, 'op.confirm', operationId);
    expect(cardText(approved)).toContain('Lee Gu');
    expect(await record(operationId)).toMatchObject({
      state: 'succeeded',
      executor: { id: lee.aadObjectId },
      approval: { status: 'approved' },
    });
  });
});

describe('finding a request', () => {
  it('an approver who types the same command in a personal chat gets the request with Approve / Reject, and approves it there', async () => {
    const asked = await ask();
    const { card, id } = await h.say(lee, 'disconnect TeamViewer', { where: 'personal' });
    expect(verbs(card)).toEqual(['op.confirm', 'op.reject']);
    expect(card.refresh?.action?.data).toEqual({ operationId: asked.operationId });
    await click(lee, id, 'op.confirm', asked.operationId, { where: 'personal' });
    expect(disconnects().map((c) => c.oid)).toEqual([lee.aadObjectId]);
    // The card in General, where Alex asked, says so too.
    const general = await waitFor('the card in General replaced', () =>
      h.connector.updates().find((u) => u.activityId === asked.id),
    );
    expect(verbs(cardOf(general.activity)!)).toEqual([]);
  });
});

describe("the approvers' channel", () => {
  it("`approvals here` in a channel makes it the approvers' channel; a request asked elsewhere is posted there, and approved there", async () => {
    const set = await h.say(lee, 'approvals here', { where: 'channel', channel: APPROVERS });
    expect(cardText(set.card)).toContain('Lee Gu');
    const asked = await ask('personal');
    const posted = await waitFor("the request in the approvers' channel", () =>
      h.connector.messages().find((m) => m.conversationId === APPROVERS && !m.activityId),
    );
    const copy = cardOf(posted.activity)!;
    expect(verbs(copy)).toEqual(['op.confirm', 'op.reject']);
    expect(copy.refresh?.userIds).toEqual([alex.id]);

    // Pat clicks Approve on the copy, in the approvers' channel (the post's own thread).
    const answer = await click(pat, posted.id!, 'op.confirm', asked.operationId, {
      channel: APPROVERS,
      thread: posted.id!,
    });
    expect(verbs(answer)).toEqual([]);
    expect(disconnects().map((c) => c.oid)).toEqual([PAT.aadObjectId]);
    // Alex's card in the personal chat is replaced too.
    const personal = await waitFor("Alex's card replaced", () =>
      h.connector.updates().find((u) => u.activityId === asked.id),
    );
    expect(verbs(cardOf(personal.activity)!)).toEqual([]);
    expect(cardText(cardOf(personal.activity))).toContain('Pat Approver');
  });

  it('`approvals here` outside a channel changes nothing, and a click from a conversation without the card is refused', async () => {
    const before = await h.bot.store.approvals.approvalChannel(tenantId);
    await h.say(lee, 'approvals here', { where: 'personal' });
    expect(await h.bot.store.approvals.approvalChannel(tenantId)).toEqual(before);
    const { id, operationId } = await ask();
    const elsewhere = await click(lee, id, 'op.confirm', operationId, { channel: '19:random@thread.tacv2' });
    expect(verbs(elsewhere)).toEqual([]);
    expect(disconnects()).toEqual([]);
    expect((await record(operationId)).state).toBe('pending');
  });
});

describe('without APPROVAL_REQUIRED (the default)', () => {
  it('a disconnect is a plain confirmation: no refresh, Disconnect and Cancel', async () => {
    const plain = await startHarness();
    try {
      const { card } = await plain.say(plain.user('Alex Wilber'), 'disconnect TeamViewer', { where: 'channel' });
      expect(card.refresh).toBeUndefined();
      expect(verbs(card)).toEqual(['op.confirm', 'op.cancel']);
    } finally {
      await plain.close();
    }
  });
});
