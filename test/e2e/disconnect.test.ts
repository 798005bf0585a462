/**
 * What an administrator does, end to end over real HTTP: the bot server, the simulated tenant (real
 * OnBehalfOfCredential and Graph client against it) and a recording Bot Connector.
 */
import { OTHER_PARTNER_ID, TEAMVIEWER_PARTNER_ID } from '../../src/simulator';
import { startHarness, type Harness } from '../support/harness';
import { closeOpenOperations } from '../support/open-operations';
import { actionsOf, cardOf, cardText, type TeamsUser } from '../support/teams';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  h.sim.reset();
  // The reset signs everybody in afresh with new tokens: the bot forgets the ones it kept, as after a
  // sign-out (each test then starts from the token service's answer, as its own first command would).
  h.bot.userTokens.clear();
  h.connector.clear();
  await closeOpenOperations(h.bot.store.operations, h.user('Alex Wilber').tenantId);
});

const say = (user: TeamsUser, text: string, opts?: Parameters<Harness['say']>[2]) => h.say(user, text, opts);

/** Clicks an Action.Execute button; returns the card Teams would show the clicker. */
async function click(
  user: TeamsUser,
  cardId: string,
  action: { verb: string; data: Record<string, unknown> },
  where: 'personal' | 'channel' = 'personal',
) {
  const res = await h.post(h.teams.action(user, action.verb, action.data, cardId, { where }));
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  return res.body.value as Record<string, unknown>;
}

const button = (card: unknown, title: string) => {
  const found = actionsOf(card).find((a) => a.title === title);
  if (!found)
    throw new Error(
      `no "${title}" button in: ${actionsOf(card)
        .map((a) => a.title)
        .join(', ')}`,
    );
  return found;
};

const disconnectPosts = () => h.graphCalls('/disconnect', 'POST');

describe('an admin in personal chat', () => {
  it('lists the partners with their state', async () => {
    const { card } = await say(h.user('Alex Wilber'), 'list');
    const text = cardText(card);
    expect(text).toContain('TeamViewer Connector');
    expect(text).toContain('Contoso Remote Help');
    expect(text).toMatch(/Onboarded/);
    expect(text).toMatch(/Not onboarded/);
    expect(h.graphCalls('/remoteAssistancePartners', 'GET')).toHaveLength(1);
  });

  it('asks before disconnecting, then disconnects once on the click and updates the card for everyone', async () => {
    const alex = h.user('Alex Wilber');
    const { card, id } = await say(alex, 'disconnect TeamViewer');
    expect(cardText(card)).toContain('TeamViewer Connector');
    expect(cardText(card)).toMatch(/Onboarded/);
    expect(disconnectPosts()).toHaveLength(0); // nothing happened yet

    const confirmation = await click(alex, id, button(card, 'Disconnect'));
    const text = cardText(confirmation);
    expect(text).toMatch(/Disconnected/);
    expect(text).toContain('Alex Wilber');
    expect(text).toMatch(/Not onboarded/);
    expect(text).toMatch(/UTC/);
    expect(disconnectPosts()).toEqual([
      {
        method: 'POST',
        path: `/beta/deviceManagement/remoteAssistancePartners/${TEAMVIEWER_PARTNER_ID}/disconnect`,
        status: 204,
      },
    ]);
    expect(h.sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)?.onboardingStatus).toBe('notOnboarded');

    // Everyone in the conversation sees the confirmation: the original message was updated in place.
    const updates = h.connector.updates();
    expect(updates).toHaveLength(1);
    expect(updates[0].activityId).toBe(id);
    expect(cardText(cardOf(updates[0].activity))).toBe(text);
    expect(actionsOf(confirmation).map((a) => a.title)).not.toContain('Disconnect');
  });

  it('a second click on the stale card says it was already done and does not call Graph again', async () => {
    const alex = h.user('Alex Wilber');
    const { card, id } = await say(alex, 'disconnect TeamViewer');
    await click(alex, id, button(card, 'Disconnect'));
    const again = await click(alex, id, button(card, 'Disconnect'));
    expect(cardText(again)).toMatch(/already/i);
    expect(cardText(again)).toContain('Alex Wilber');
    expect(disconnectPosts()).toHaveLength(1);
  });

  it('many clicks at the same moment (two admins in the channel) call Graph exactly once', async () => {
    const alex = h.user('Alex Wilber');
    const lee = h.user('Lee Gu');
    const { card, id } = await say(alex, 'disconnect TeamViewer', { where: 'channel' });
    const clicks = await Promise.all(
      [alex, lee, alex, lee, alex, lee].map((u) => click(u, id, button(card, 'Disconnect'), 'channel')),
    );
    expect(disconnectPosts()).toHaveLength(1);
    for (const c of clicks) expect(cardText(c)).toMatch(/Disconnected|in progress|already/i);
  });

  it('cancel turns the card into "cancelled by" and nothing reaches Graph', async () => {
    const alex = h.user('Alex Wilber');
    const { card, id } = await say(alex, 'disconnect TeamViewer');
    const cancelled = await click(alex, id, button(card, 'Cancel'));
    expect(cardText(cancelled)).toMatch(/Cancelled by/);
    expect(cardText(cancelled)).toContain('Alex Wilber');
    const late = await click(alex, id, button(card, 'Disconnect'));
    expect(cardText(late)).toMatch(/Cancelled/);
    expect(disconnectPosts()).toHaveLength(0);
  });

  it('an expired card says so and does not act', async () => {
    const alex = h.user('Alex Wilber');
    const { card, id } = await say(alex, 'disconnect TeamViewer');
    h.clock.advance(16 * 60_000);
    try {
      const expired = await click(alex, id, button(card, 'Disconnect'));
      expect(cardText(expired)).toMatch(/expired/i);
      expect(actionsOf(expired).map((a) => a.verb)).toContain('command'); // "ask again"
    } finally {
      h.clock.advance(-16 * 60_000);
    }
    expect(disconnectPosts()).toHaveLength(0);
  });

  it('status shows the state after a disconnect', async () => {
    const alex = h.user('Alex Wilber');
    const { card, id } = await say(alex, 'disconnect TeamViewer');
    await click(alex, id, button(card, 'Disconnect'));
    const status = await say(alex, 'status teamviewer connector');
    expect(cardText(status.card)).toMatch(/Not onboarded/);
  });

  it('an unknown or ambiguous name gets a card with the candidates, each a button', async () => {
    const { card } = await say(h.user('Alex Wilber'), 'disconnect Zoom');
    expect(cardText(card)).toContain('Zoom');
    const choices = actionsOf(card).filter((a) => a.data.command === 'disconnect');
    expect(choices.map((a) => a.data.partner).sort()).toEqual(
      h.sim
        .partners()
        .map((p) => p.id)
        .sort(),
    );
  });

  it('unknown text gets the help card, never silence', async () => {
    const { card } = await say(h.user('Alex Wilber'), 'what can you do?');
    expect(cardText(card)).toMatch(/disconnect/);
    expect(cardText(card)).toMatch(/list/);
  });

  it('a chooser button runs the command and answers in place', async () => {
    const alex = h.user('Alex Wilber');
    const { card, id } = await say(alex, 'disconnect Zoom');
    const tv = actionsOf(card).find((a) => a.data.partner === TEAMVIEWER_PARTNER_ID)!;
    const confirm = await click(alex, id, tv);
    expect(cardText(confirm)).toContain('TeamViewer Connector');
    expect(actionsOf(confirm).map((a) => a.verb)).toContain('op.confirm');
  });
});

describe('nothing to do', () => {
  it('disconnecting a partner that is already disconnected says so, and asks nothing', async () => {
    const { card } = await say(h.user('Alex Wilber'), 'disconnect Contoso');
    expect(cardText(card)).toMatch(/Already disconnected: nothing to do/);
    expect(actionsOf(card).map((a) => a.verb)).not.toContain('op.confirm');
    const contoso = await h.bot.store.operations.history({
      tenantId: h.user('Alex Wilber').tenantId,
      partnerId: OTHER_PARTNER_ID,
      limit: 100,
    });
    expect(contoso).toEqual([]); // no operation was created
  });

  it('reconnecting a partner that is onboarded says so', async () => {
    const { card } = await say(h.user('Alex Wilber'), 'reconnect TeamViewer');
    expect(cardText(card)).toMatch(/Already onboarded/);
    expect(actionsOf(card).map((a) => a.verb)).not.toContain('op.confirm');
  });
});

describe('reconnect', () => {
  it('asks, then begins onboarding once; the card shows the new state', async () => {
    const alex = h.user('Alex Wilber');
    const { card, id } = await say(alex, 'reconnect Contoso');
    expect(cardText(card)).toContain('Contoso Remote Help');
    expect(h.graphCalls('/beginOnboarding')).toHaveLength(0);
    const done = await click(alex, id, button(card, 'Reconnect'));
    expect(cardText(done)).toMatch(/Onboarding/);
    expect(cardText(done)).toContain('Alex Wilber');
    expect(h.graphCalls('/beginOnboarding', 'POST').map((c) => c.status)).toEqual([204]);
    expect(h.sim.partners().find((p) => p.displayName === 'Contoso Remote Help')?.onboardingStatus).toBe('onboarding');
  });
});

describe('in a Teams channel', () => {
  it('an @mention asks, and another admin clicks: the card names the clicker', async () => {
    const alex = h.user('Alex Wilber');
    const lee = h.user('Lee Gu');
    const { card, id, activity } = await say(alex, 'disconnect TeamViewer', { where: 'channel' });
    expect(activity.conversation.id).toMatch(/^19:/);
    const done = await click(lee, id, button(card, 'Disconnect'), 'channel');
    expect(cardText(done)).toContain('Lee Gu');
    expect(cardText(done)).toMatch(/Disconnected/);
    expect(disconnectPosts()).toHaveLength(1);
    expect(h.connector.updates()[0].conversationId).toBe(activity.conversation.id);
  });
});

describe('authorization', () => {
  it('a signed-in user who is not an admin is denied; only the group check reaches Graph', async () => {
    const adele = h.user('Adele Vance');
    const { card } = await say(adele, 'disconnect TeamViewer');
    expect(cardText(card)).toMatch(/not allowed/i);
    expect(cardText(card)).toContain('Intune team'); // whom to ask
    expect(h.graphCalls('/remoteAssistancePartners')).toHaveLength(0);
    expect(h.graphCalls().map((c) => c.path)).toEqual(['/beta/me/checkMemberGroups']);
  });

  it('with admins listed by id only, a user who is not listed is denied with zero Graph calls', async () => {
    // No group anywhere: neither admins' nor customers' (a customer's technicians group would be asked about).
    const idsOnly = await startHarness({ env: { ADMIN_GROUP_IDS: '', CUSTOMERS: '' } });
    try {
      const adele = idsOnly.user('Adele Vance');
      const res = await idsOnly.post(idsOnly.teams.message(adele, 'disconnect TeamViewer'));
      expect(res.status).toBe(200);
      expect(cardText(cardOf(idsOnly.connector.messages()[0].activity))).toMatch(/not allowed/i);
      expect(idsOnly.sim.calls.filter((c) => c.service === 'graph' || c.service === 'entra')).toEqual([]);
      // ... and her click on an admin's card is refused the same way.
      const alex = idsOnly.user('Alex Wilber');
      await idsOnly.post(idsOnly.teams.message(alex, 'disconnect TeamViewer'));
      const asked = idsOnly.connector.messages()[1];
      const confirm = actionsOf(cardOf(asked.activity)).find((a) => a.verb === 'op.confirm')!;
      const clicked = await idsOnly.post(idsOnly.teams.action(adele, confirm.verb, confirm.data, asked.id!));
      expect(cardText(clicked.body.value)).toMatch(/not allowed/i);
      expect(idsOnly.graphCalls('/disconnect')).toHaveLength(0);
      // The history keeps both denials.
      const history = await idsOnly.bot.store.operations.history({ tenantId: adele.tenantId, limit: 10 });
      expect(history.filter((r) => r.state === 'denied').map((r) => r.executor?.name)).toEqual([
        'Adele Vance',
        'Adele Vance',
      ]);
    } finally {
      await idsOnly.close();
    }
  });

  it('a user from another tenant is denied and nothing reaches Entra or Graph', async () => {
    const { card } = await say(h.user('Mallory Outsider'), 'disconnect TeamViewer');
    expect(cardText(card)).toMatch(/another organization|not allowed/i);
    expect(h.sim.calls.filter((c) => c.service === 'graph' || c.service === 'entra')).toEqual([]);
  });

  it("a user from another tenant cannot click an admin's card either", async () => {
    const { card, id } = await say(h.user('Alex Wilber'), 'disconnect TeamViewer');
    const res = await h.post(
      h.teams.action(h.user('Mallory Outsider'), 'op.confirm', button(card, 'Disconnect').data, id),
    );
    expect(res.status).toBe(200);
    expect(cardText(res.body.value)).toMatch(/another organization|not allowed/i);
    expect(disconnectPosts()).toHaveLength(0);
    expect(h.connector.updates()).toHaveLength(0); // the admins' card is untouched
  });
});

describe('Graph trouble', () => {
  it('429 with Retry-After, then success: one disconnect done, after a retry', async () => {
    const alex = h.user('Alex Wilber');
    const { card, id } = await say(alex, 'disconnect TeamViewer');
    h.sim.faults.graphNext(1, { status: 429, retryAfterSeconds: 1, method: 'POST', pathIncludes: '/disconnect' });
    const done = await click(alex, id, button(card, 'Disconnect'));
    expect(cardText(done)).toMatch(/Disconnected/);
    expect(disconnectPosts().map((c) => c.status)).toEqual([429, 204]);
  });

  it('still throttled beyond the bound: "try again in N s", and the card stays usable', async () => {
    const alex = h.user('Alex Wilber');
    const { card, id } = await say(alex, 'disconnect TeamViewer');
    h.sim.faults.graphNext(1, { status: 429, retryAfterSeconds: 90, method: 'POST', pathIncludes: '/disconnect' });
    const throttled = await click(alex, id, button(card, 'Disconnect'));
    expect(cardText(throttled)).toMatch(/90/);
    expect(actionsOf(throttled).map((a) => a.verb)).toContain('op.confirm');
    expect(h.connector.updates()).toHaveLength(0);
    const done = await click(alex, id, button(throttled, 'Disconnect'));
    expect(cardText(done)).toMatch(/Disconnected/);
    expect(disconnectPosts().map((c) => c.status)).toEqual([429, 204]);
  });

  it('404: the partner is gone, with the request-id for support', async () => {
    const alex = h.user('Alex Wilber');
    const { card, id } = await say(alex, 'disconnect TeamViewer');
    h.sim.faults.graphNext(1, { status: 404, method: 'POST', pathIncludes: '/disconnect' });
    const gone = await click(alex, id, button(card, 'Disconnect'));
    const requestId = h.sim.calls.filter((c) => c.service === 'graph' && c.status === 404).at(-1)?.requestId;
    expect(requestId).toBeTruthy();
    expect(cardText(gone)).toMatch(/no longer exists|gone|not found/i);
    expect(cardText(gone)).toContain(requestId);
  });

  it('403: not permitted in Intune, explained', async () => {
    const { card } = await say(h.user('Alex Wilber'), 'list');
    expect(card).toBeTruthy();
    h.sim.faults.graphNext(1, { status: 403 });
    const denied = await say(h.user('Alex Wilber'), 'list');
    expect(cardText(denied.card)).toMatch(/Intune/);
  });
});

describe('tokens', () => {
  it('consent required: a card that explains it and offers to grant consent', async () => {
    const lee = h.user('Lee Gu');
    h.sim.faults.user(lee.aadObjectId, { consentRequired: true });
    const { card } = await say(lee, 'list');
    expect(cardText(card)).toMatch(/consent/i);
    const links = JSON.stringify(card).match(/"type":"Action\.OpenUrl"[^}]*"url":"([^"]+)"/);
    expect(links?.[1]).toContain('adminconsent');
    expect(h.graphCalls()).toHaveLength(0);
  });

  it('token endpoint unreachable: a clear error card', async () => {
    const lee = h.user('Lee Gu');
    h.sim.faults.user(lee.aadObjectId, { tokenEndpointDown: true });
    const { card } = await say(lee, 'list');
    expect(cardText(card)).toMatch(/sign-in service|Microsoft Entra|reach/i);
  });

  it('many commands from one user cause one OBO token request', async () => {
    // A bot that has never seen this user: its token cache starts empty.
    const fresh = await startHarness();
    try {
      const alex = fresh.user('Alex Wilber');
      await Promise.all(Array.from({ length: 20 }, () => fresh.post(fresh.teams.message(alex, 'status TeamViewer'))));
      for (let i = 0; i < 80; i++)
        expect((await fresh.post(fresh.teams.message(alex, i % 2 ? 'list' : 'status TeamViewer'))).status).toBe(200);
      expect(fresh.connector.messages()).toHaveLength(100);
      expect(fresh.graphCalls('/remoteAssistancePartners', 'GET')).toHaveLength(100);
      expect(fresh.sim.counters.oboByUser[alex.aadObjectId]).toBe(1);
      expect(fresh.sim.counters.oboTotal).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});

describe('in Chinese (zh-CN)', () => {
  it("断开: the confirmation and the result speak the user's language", async () => {
    const alex = h.user('Alex Wilber');
    const { card, id } = await say(alex, '断开 TeamViewer', { locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
    const ask = cardText(card);
    expect(ask).toContain('TeamViewer Connector');
    expect(ask).toMatch(/断开/);
    const res = await h.post(
      h.teams.action(alex, 'op.confirm', actionsOf(card).find((a) => a.verb === 'op.confirm')!.data, id, {
        locale: 'zh-CN',
      }),
    );
    const done = cardText(res.body.value);
    expect(done).toMatch(/已断开/);
    expect(done).toContain('Alex Wilber');
    expect(done).toMatch(/UTC/);
    expect(disconnectPosts()).toHaveLength(1);
  });
});
