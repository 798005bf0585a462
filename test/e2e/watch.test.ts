/**
 * Watch and notify, end to end: the real bot server (the wiring `npm start` runs) with a 1-second interval,
 * the simulated tenant and the recording Bot Connector, over real HTTP. An admin types `watch` in a channel
 * and in a group chat; somebody changes the partner outside the bot (the simulator, as the Intune admin center
 * would); each conversation gets exactly one card, posted by the bot unasked, read with the bot's own
 * app-only token. `unwatch` stops them. Graph's 429 with a long Retry-After makes the poller wait.
 *
 * No sleeps: absence is checked after the poller demonstrably read the partners again (the simulator's call log).
 */
import { TEAMVIEWER_PARTNER_ID } from '../../src/simulator';
import { startHarness, type Harness } from '../support/harness';
import { waitFor } from '../support/bot-process';
import { cardOf, cardText } from '../support/teams';

const CHANNEL = '19:general@thread.tacv2'; // the channel itself: the watch typed in a thread posts new posts
const GROUP = '19:groupchat@thread.v2';

describe('watch: a change made elsewhere is posted once in each watching conversation', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ env: { WATCH_INTERVAL_SECONDS: '1' } });
  });
  afterEach(() => h?.close());

  /** Graph reads the bot made with its own identity (client credentials): the poller's, and watch's first look. */
  const appReads = () =>
    h.sim.calls.filter(
      (c) =>
        c.service === 'graph' &&
        c.method === 'GET' &&
        c.path.endsWith('/remoteAssistancePartners') &&
        c.oid === `sp-${h.sim.botId}`,
    );
  /** Cards the bot posted unasked into a conversation ("Send to conversation": no activity replied to). */
  const notices = (conversationId: string) =>
    h.connector
      .messages()
      .filter(
        (m) =>
          m.conversationId === conversationId &&
          !m.activityId &&
          cardText(cardOf(m.activity)).includes('changed state'),
      );
  /** Waits until the poller has read the partners `n` more times. */
  const morePolls = async (n: number) => {
    const seen = appReads().length;
    await waitFor(`${n} more polls`, () => appReads().length >= seen + n, 15_000);
  };

  async function say(
    text: string,
    where: 'channel' | 'groupChat' | 'personal',
    who: 'Alex Wilber' | 'Lee Gu' | 'Adele Vance' = 'Alex Wilber',
  ) {
    const before = h.connector.messages().length;
    const res = await h.post(h.teams.message(h.user(who), text, { where }));
    expect(res.status).toBe(200);
    const reply = await waitFor(`the answer to "${text}"`, () => h.connector.messages()[before]);
    return cardText(cardOf(reply.activity));
  }

  it("watch in a channel and a group chat; the partner is disconnected in the admin center -> one card in each; unwatch stops the channel's", async () => {
    const started = await say('watch', 'channel');
    expect(started).toContain('Watching the partners here');
    expect(started).toContain('I look every 1 s.');
    expect(started).toContain('Onboarded (connected)');
    expect(await say('watch', 'groupChat', 'Lee Gu')).toContain('Watching the partners here'); // an admin by group
    expect(await say('watch', 'channel')).toContain('Already watching the partners here');

    h.sim.changePartner({ partner: 'TeamViewer', onboardingStatus: 'notOnboarded' });
    await waitFor(
      'a card in the channel and in the group chat',
      () => notices(CHANNEL).length && notices(GROUP).length,
      15_000,
    );
    await morePolls(3);
    expect(notices(CHANNEL)).toHaveLength(1);
    expect(notices(GROUP)).toHaveLength(1);
    const card = cardText(cardOf(notices(CHANNEL)[0].activity));
    expect(card).toContain('TeamViewer Connector changed state');
    expect(card).toContain('Onboarded (connected)'); // before
    expect(card).toContain('Not onboarded (disconnected)'); // now
    // Read with the bot's own identity, never on a user's behalf.
    expect(appReads().length).toBeGreaterThan(3);
    expect(h.graphCalls('/remoteAssistancePartners', 'GET')).toHaveLength(appReads().length);

    const listed = await say('watching', 'personal');
    expect(listed).toContain('Conversations watching the partners (2)');
    expect(listed).toContain('Lee Gu');

    expect(await say('unwatch', 'channel')).toContain('Stopped watching here');
    h.sim.changePartner({ partner: TEAMVIEWER_PARTNER_ID, onboardingStatus: 'onboarded' });
    await waitFor('the second card in the group chat', () => notices(GROUP).length === 2, 15_000);
    await morePolls(2);
    expect(notices(CHANNEL)).toHaveLength(1);
    expect(notices(GROUP)).toHaveLength(2);
  });

  it('a reader may list the watching conversations but not start a watch', async () => {
    const reader = await startHarness({
      env: { WATCH_INTERVAL_SECONDS: '1', READER_USER_IDS: '00000000-0000-0000-0000-0000000000022' },
    });
    try {
      const before = reader.connector.messages().length;
      await reader.post(reader.teams.message(reader.user('Adele Vance'), 'watch', { where: 'channel' }));
      const answer = await waitFor('the answer', () => reader.connector.messages()[before]);
      expect(cardText(cardOf(answer.activity))).toContain(
        'You may view the partners and their status, but not change them',
      );
      const listed = reader.connector.messages().length;
      await reader.post(reader.teams.message(reader.user('Adele Vance'), 'watching', { where: 'channel' }));
      const list = await waitFor('the list', () => reader.connector.messages()[listed]);
      expect(cardText(cardOf(list.activity))).toContain('No conversation watches the partners');
    } finally {
      await reader.close();
    }
  });

  it("Graph throttles the poller with a Retry-After beyond the bot's own bound: no read of the partners until it has passed", async () => {
    await say('watch', 'channel');
    await morePolls(1);
    // GRAPH_MAX_RETRY_AFTER_SECONDS is 2 in the harness: a Retry-After of 4 is not waited for by the gateway.
    h.sim.faults.graphNext(1, {
      status: 429,
      retryAfterSeconds: 4,
      method: 'GET',
      pathIncludes: '/remoteAssistancePartners',
    });
    const throttled = await waitFor(
      'the 429',
      () => h.sim.calls.find((c) => c.service === 'graph' && c.status === 429),
      10_000,
    );
    const next = await waitFor(
      'the next read',
      () => appReads().find((c) => c.status === 200 && c.at > throttled.at),
      15_000,
    );
    expect(Date.parse(next.at) - Date.parse(throttled.at)).toBeGreaterThanOrEqual(4_000);
  });

  it('without admin consent for the application permission the watch says so; the poller reads nothing until it is granted, then tells the change', async () => {
    h.sim.setApplicationPermissions([]);
    const started = await say('watch', 'channel');
    expect(started).toContain('I cannot read the partners with my own permission yet');
    expect(started).toContain('Not permitted in Intune');
    expect(appReads().every((c) => c.status === 403)).toBe(true);
    h.sim.setApplicationPermissions(['DeviceManagementServiceConfig.Read.All']);
    // The first look, once permitted (the refused token is not reused: the next poll asks Entra again).
    await waitFor('a permitted read', () => appReads().some((c) => c.status === 200), 15_000);
    h.sim.changePartner({ partner: 'TeamViewer', onboardingStatus: 'notOnboarded' });
    await waitFor('the card', () => notices(CHANNEL).length === 1, 15_000);
  });
});

describe('watch with inbound auth (as in Azure): the bot posts its notices with its own Bot Framework token', () => {
  it('every proactive post carries a valid token of the bot; none is refused', async () => {
    const h = await startHarness({ inboundAuth: true, env: { WATCH_INTERVAL_SECONDS: '1' } });
    try {
      const before = h.connector.messages().length;
      await h.post(h.teams.message(h.user('Alex Wilber'), 'watch', { where: 'channel' }));
      await waitFor('the watch card', () => h.connector.messages()[before]);
      h.sim.changePartner({ partner: 'TeamViewer', onboardingStatus: 'notOnboarded' });
      const notice = await waitFor(
        'the notice',
        () => h.connector.messages().find((m) => m.conversationId === CHANNEL && !m.activityId),
        15_000,
      );
      expect(notice.auth).toEqual({ ok: true, appId: h.sim.botId });
      expect(h.connector.refused()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
