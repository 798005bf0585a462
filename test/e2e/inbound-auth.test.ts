/**
 * The bot configured as in Azure (BOT_ID, secret, tenant, INBOUND_AUTH on, on 127.0.0.1 port 0), with the
 * simulator as Entra, Graph, token service and Bot Framework channel issuer, over real HTTP.
 *
 * Contract: Bot Framework REST API, "Authentication" (learn.microsoft.com/azure/bot-service/rest-api/
 * bot-framework-rest-connector-authentication; MicrosoftDocs/bot-docs
 * articles/rest-api/bot-framework-rest-connector-authentication.md):
 * - Connector -> bot: a JWT in `Authorization: Bearer`, iss https://api.botframework.com, aud = the bot's app id,
 *   not expired (5 minutes of skew), signed by a key of the issuer's OpenID metadata (endorsed for the channel),
 *   `serviceurl` claim = the activity's serviceUrl. The article says to refuse with 403; botbuilder (and this bot)
 *   answers 401.
 * - Bot -> connector: every request carries `Authorization: Bearer <token>` that the bot got from Entra by
 *   client credentials for https://api.botframework.com/.default; the token may be cached until it expires.
 */
import { ClientSecretCredential } from '@azure/identity';
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { TEAMVIEWER_PARTNER_ID } from '../../src/simulator';
import { startHarness, type Harness } from '../support/harness';
import { closeOpenOperations } from '../support/open-operations';
import { postActivity } from '../support/post-activity';
import { actionsOf, cardOf, cardText, type TeamsUser } from '../support/teams';

const JWT_TEXT = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ inboundAuth: true });
});
afterAll(async () => {
  await h?.close();
});

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

/** The bot's own token requests (client credentials: no user behind them, unlike OBO). */
const botTokenRequests = () =>
  h.sim.calls.filter((c) => c.service === 'entra' && c.path.endsWith('/oauth2/v2.0/token') && !c.oid);

async function askToDisconnect(user: TeamsUser) {
  const before = h.connector.messages().length;
  const res = await h.post(h.teams.message(user, 'disconnect TeamViewer'));
  expect(res.status).toBe(200);
  const posted = h.connector.messages().slice(before);
  expect(posted).toHaveLength(1);
  return { card: cardOf(posted[0].activity)!, id: posted[0].id! };
}

describe('inbound auth on, every hop authenticated', () => {
  beforeEach(async () => {
    h.sim.reset();
    h.connector.clear();
    await closeOpenOperations(h.bot.store.operations, h.user('Alex Wilber').tenantId);
  });

  it('an admin disconnects TeamViewer in personal chat: signed activities accepted, every connector call carries the bot token', async () => {
    const alex = h.user('Alex Wilber');
    const { card, id } = await askToDisconnect(alex);
    expect(cardText(card)).toContain('TeamViewer Connector');
    // The first signed activity made botbuilder read the simulated issuer's metadata and keys (then cached).
    expect(
      h.sim.calls.filter((c) => c.service === 'botFramework').map((c) => `${c.method} ${c.path} ${c.status}`),
    ).toEqual([
      'GET /botframework/v1/.well-known/openidconfiguration 200',
      'GET /botframework/v1/.well-known/keys 200',
    ]);
    expect(h.graphCalls('/disconnect', 'POST')).toHaveLength(0);

    const res = await h.post(h.teams.action(alex, 'op.confirm', button(card, 'Disconnect').data, id));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(cardText(res.body.value)).toMatch(/Disconnected/);
    expect(h.graphCalls('/disconnect', 'POST')).toEqual([
      {
        method: 'POST',
        path: `/beta/deviceManagement/remoteAssistancePartners/${TEAMVIEWER_PARTNER_ID}/disconnect`,
        status: 204,
      },
    ]);
    const updates = h.connector.updates();
    expect(updates).toHaveLength(1);
    expect(updates[0].activityId).toBe(id);
    expect(cardText(cardOf(updates[0].activity))).toMatch(/Disconnected/);

    // The connector saw the bot's valid token on every request (it answers 401 otherwise).
    expect(h.connector.calls.length).toBeGreaterThanOrEqual(2);
    expect(h.connector.refused()).toEqual([]);
    for (const call of h.connector.calls) expect(call.auth).toEqual({ ok: true, appId: h.sim.botId });
    // One token for all of them, from the bot's own tenant.
    expect(botTokenRequests().map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      `POST /${h.sim.tenantId}/oauth2/v2.0/token 200`,
    ]);
  });

  it('the token stays cached across turns: another command asks Entra for no new bot token', async () => {
    await askToDisconnect(h.user('Alex Wilber'));
    expect(botTokenRequests()).toHaveLength(0);
    expect(h.connector.calls.every((c) => c.auth?.ok)).toBe(true);
  });

  it("the recording connector does check: no token, or a token that is not the bot's, gets 401", async () => {
    const url = `${h.connector.url}v3/conversations/a%3A1/activities`;
    expect((await postActivity(url, { type: 'message', text: 'hi' })).status).toBe(401);
    const userToken = h.sim.issueUserAssertion(h.user('Alex Wilber').id);
    expect(
      (await postActivity(url, { type: 'message', text: 'hi' }, { authorization: `Bearer ${userToken}` })).status,
    ).toBe(401);
    expect(h.connector.refused().map((c) => c.auth)).toEqual([
      { ok: false, reason: 'no Authorization header' },
      { ok: false, reason: 'audience' },
    ]);
    expect(h.connector.messages()).toEqual([]);
    expect(JSON.stringify(h.connector.calls)).not.toMatch(JWT_TEXT);
  });
});

describe('forged or unsuitable activity tokens', () => {
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const consoleOutput: string[] = [];
  let restoreConsole: () => void;
  let pending: { card: Record<string, any>; id: string };
  /** What Entra issues TO the bot for the Bot Connector (an Emulator-style issuer, appid = the bot): never an activity token. */
  let botsOwnToken = '';

  beforeAll(async () => {
    const credentialOptions = {
      authorityHost: h.sim.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: h.sim.ca },
    };
    botsOwnToken = (
      await new ClientSecretCredential(h.sim.tenantId, h.sim.botId, h.sim.clientSecret, credentialOptions).getToken(
        'https://api.botframework.com/.default',
      )
    ).token;
    h.sim.reset();
    h.connector.clear();
    await closeOpenOperations(h.bot.store.operations, h.user('Alex Wilber').tenantId);
    pending = await askToDisconnect(h.user('Alex Wilber'));
    h.connector.clear();
    // botbuilder prints refusals to the console: keep them, to check they hold no token either.
    const spy = jest
      .spyOn(console, 'error')
      .mockImplementation((...args: unknown[]) => void consoleOutput.push(args.map(String).join(' ')));
    restoreConsole = () => spy.mockRestore();
  });
  afterAll(() => restoreConsole?.());

  const serviceUrl = () => h.connector.url;
  const forgeries: [string, () => string | undefined, { channelId?: string }?][] = [
    ['no token at all', () => undefined],
    [
      "a stranger's key under an unknown key id",
      () =>
        jwt.sign({ serviceurl: serviceUrl(), iss: 'https://api.botframework.com', aud: h.sim.botId }, stranger, {
          algorithm: 'RS256',
          keyid: 'not-published',
          expiresIn: 600,
        }),
    ],
    [
      "a stranger's key under the issuer's published key id",
      () =>
        jwt.sign({ serviceurl: serviceUrl(), iss: 'https://api.botframework.com', aud: h.sim.botId }, stranger, {
          algorithm: 'RS256',
          keyid: h.sim.botFramework.keyId,
          expiresIn: 600,
        }),
    ],
    [
      'another bot as audience',
      () =>
        h.sim.botFramework.issueActivityToken({
          serviceUrl: serviceUrl(),
          audience: '11111111-2222-3333-4444-555555555555',
        }),
    ],
    [
      'expired (beyond the 5 minutes of skew)',
      () => h.sim.botFramework.issueActivityToken({ serviceUrl: serviceUrl(), expiresInSeconds: -600 }),
    ],
    [
      'not valid yet',
      () => h.sim.botFramework.issueActivityToken({ serviceUrl: serviceUrl(), notBeforeSeconds: 3600 }),
    ],
    [
      'a serviceurl claim for another service',
      () => h.sim.botFramework.issueActivityToken({ serviceUrl: 'https://smba.evil.example/amer/' }),
    ],
    ['no serviceurl claim', () => h.sim.botFramework.issueActivityToken({ serviceUrl: undefined })],
    [
      'another issuer',
      () =>
        h.sim.botFramework.issueActivityToken({ serviceUrl: serviceUrl(), issuer: 'https://api.botframework.example' }),
    ],
    // botbuilder would take this one for a Bot Framework Emulator token and check its appid, not its audience.
    ["the bot's own Entra token for the Bot Connector, replayed", () => botsOwnToken],
    [
      'a key not endorsed for the channel',
      () => h.sim.botFramework.issueActivityToken({ serviceUrl: serviceUrl() }),
      { channelId: 'webchat' },
    ],
  ];

  it.each(forgeries)(
    '%s: the message and the click get 401; nothing reaches Graph or the connector',
    async (_what, token, opts = {}) => {
      const alex = h.user('Alex Wilber');
      const graphBefore = h.graphCalls().length;
      const oboBefore = h.sim.counters.oboTotal;
      const auth = (): Record<string, string> => {
        const t = token();
        return { authorization: t ? `Bearer ${t}` : '' };
      };
      const message = { ...h.teams.message(alex, 'disconnect TeamViewer'), ...opts };
      const click = {
        ...h.teams.action(alex, 'op.confirm', button(pending.card, 'Disconnect').data, pending.id),
        ...opts,
      };

      const answers = [await h.post(message, auth()), await h.post(click, auth())];
      expect(answers.map((a) => a.status)).toEqual([401, 401]);
      expect(JSON.stringify(answers)).not.toMatch(JWT_TEXT);
      expect(h.graphCalls().length).toBe(graphBefore);
      expect(h.sim.counters.oboTotal).toBe(oboBefore);
      expect(h.connector.calls).toEqual([]);
    },
  );

  it('each refusal is logged once with its reason, and no log line or console output holds a token', () => {
    const refusals = h.logs.filter((l) => l.includes('inbound request refused'));
    expect(refusals).toHaveLength(forgeries.length * 2);
    expect(h.logs.join('\n')).not.toMatch(JWT_TEXT);
    expect(consoleOutput.join('\n')).not.toMatch(JWT_TEXT);
  });

  it('the pending card is still there: a genuine click afterwards disconnects once', async () => {
    const res = await h.post(
      h.teams.action(h.user('Alex Wilber'), 'op.confirm', button(pending.card, 'Disconnect').data, pending.id),
    );
    expect(res.status).toBe(200);
    expect(cardText(res.body.value)).toMatch(/Disconnected/);
    expect(h.graphCalls('/disconnect', 'POST')).toHaveLength(1);
    expect(h.connector.refused()).toEqual([]);
  });
});
