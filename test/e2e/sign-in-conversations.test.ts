/**
 * Sign-in where Teams really allows it, end to end (real bot server, simulated tenant, recording connector):
 * - channels: no bot SSO in Teams ("SSO for a bot app in Teams is supported in one-on-one and group chat
 *   scope, and not supported in channel scope": learn.microsoft.com/microsoftteams/platform/messaging-extensions/
 *   how-to/enable-sso-auth-me), so the sign-in card and the Action.Execute 401 loginRequest carry no
 *   token-exchange resource: button and 6-digit code only;
 * - group chats keep SSO; the card names whom it is for; another member completing it signs in only
 *   themselves, runs nothing of the owner's, gets an answer, and leaves the owner's sign-in working;
 * - `signin/failure` ({code, message}; Microsoft Teams SDK "SSO Troubleshooting",
 *   microsoft.github.io/teams-sdk/teams/user-authentication/troubleshooting-sso, and its TypeScript SDK's
 *   onSignInFailure in microsoft/teams.ts packages/apps/src/app.oauth.ts) is answered 200 with a card and a
 *   sign-in button, and logged once with the likely cause;
 * - the cards speak the reader's language.
 */
import { startHarness, type Harness } from '../support/harness';
import { actionsOf, cardOf, cardText, type TeamsUser, type Where } from '../support/teams';

const OAUTH_CARD = 'application/vnd.microsoft.card.oauth';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h?.close();
});

/** The OAuthCards posted so far (content), oldest first. */
const oauthCards = (): any[] =>
  h.connector
    .messages()
    .flatMap((m) =>
      (m.activity.attachments ?? []).filter((a: any) => a.contentType === OAUTH_CARD).map((a: any) => a.content),
    );
/** Every adaptive card text posted so far, joined. */
const postedTexts = () =>
  h.connector
    .messages()
    .map((m) => cardText(cardOf(m.activity)))
    .join('\n---\n');
const listCards = () =>
  h.connector.messages().filter((m) => cardText(cardOf(m.activity)).includes('TeamViewer Connector'));

/** What Teams sends after SSO on a card: the card's own exchange id, the clicker's SSO token. */
function exchangeOn(card: any, user: TeamsUser, where: Where) {
  const invoke = h.teams.tokenExchange(user, 'graph', h.sim.issueUserAssertion(user.aadObjectId), where);
  return { ...invoke, value: { ...invoke.value, id: card.tokenExchangeResource.id } };
}
/** Teams' report of an SSO failure on the client. */
function signInFailure(user: TeamsUser, where: Where, code = 'resourcematchfailed') {
  return {
    ...h.teams.verifyState(user, '', where),
    name: 'signin/failure',
    value: { code, message: 'Resource match failed' },
  };
}

describe('channels: no SSO, the sign-in button and the code', () => {
  it('the sign-in card has no token-exchange resource, names the user, and the code flow signs in and runs the command', async () => {
    const megan = h.user('Megan Bowen');
    await h.post(h.teams.message(megan, 'list', { where: 'channel' }));
    const [card] = oauthCards();
    expect(card.tokenExchangeResource).toBeUndefined();
    expect(card.connectionName).toBe('graph');
    expect(card.text).toContain('Megan Bowen');
    expect(card.buttons).toEqual([
      expect.objectContaining({ type: 'signin', title: 'Sign in', value: expect.stringMatching(/^http/) }),
    ]);

    const verify = await h.post(h.teams.verifyState(megan, h.sim.issueSignInCode(megan.id), 'channel'));
    expect(verify.status).toBe(200);
    expect(listCards()).toHaveLength(1);
  });

  it('a card click gets the 401 loginRequest without SSO; the retry with the code runs the action', async () => {
    const alex = h.user('Alex Wilber');
    const megan = h.user('Megan Bowen');
    await h.post(h.teams.message(alex, 'disconnect TeamViewer', { where: 'channel' }));
    const asked = h.connector.messages()[0];
    const confirm = actionsOf(cardOf(asked.activity)).find((a) => a.verb === 'op.confirm')!;

    const first = await h.post(h.teams.action(megan, confirm.verb, confirm.data, asked.id!, { where: 'channel' }));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ statusCode: 401, type: 'application/vnd.microsoft.activity.loginRequest' });
    expect(first.body.value.tokenExchangeResource).toBeUndefined();
    expect(first.body.value.text).toContain('Megan Bowen');
    expect(first.body.value.buttons).toEqual([expect.objectContaining({ type: 'signin', title: 'Sign in' })]);

    // After the sign-in page, Teams repeats the action with the code in value.state.
    const retry = h.teams.action(megan, confirm.verb, confirm.data, asked.id!, { where: 'channel' });
    (retry.value as any).state = h.sim.issueSignInCode(megan.id);
    const second = await h.post(retry);
    expect(cardText(second.body.value)).toMatch(/Disconnected/);
    expect(h.graphCalls('/disconnect', 'POST')).toHaveLength(1);
  });
});

describe('group chats: SSO stays, and the card is for one person', () => {
  it('the SSO card names its owner; another member completing it signs in only themselves and runs nothing of the owner’s', async () => {
    const megan = h.user('Megan Bowen'); // asks, not signed in yet
    const adele = h.user('Adele Vance'); // another member, not an admin
    await h.post(h.teams.message(megan, 'list', { where: 'groupChat' }));
    const [card] = oauthCards();
    expect(card.tokenExchangeResource?.uri).toBe(`api://botid-${h.sim.botId}`);
    expect(card.text).toContain('Megan Bowen');

    h.connector.clear();
    const foreign = await h.post(exchangeOn(card, adele, 'groupChat'));
    expect(foreign.status).toBe(200);
    expect(h.graphCalls()).toHaveLength(0);
    expect(listCards()).toHaveLength(0);
    expect(postedTexts()).toContain('You are signed in, Adele Vance');
    expect(postedTexts()).toContain('was for Megan Bowen');
    expect(h.sim.isSignedIn(adele.id)).toBe(true);
    expect(h.sim.isSignedIn(megan.id)).toBe(false);

    // Megan's own client completes the same card (same exchange id): her command runs, as her.
    h.connector.clear();
    const own = await h.post(exchangeOn(card, megan, 'groupChat'));
    expect(own.status).toBe(200);
    expect(listCards()).toHaveLength(1);
    expect(h.sim.isSignedIn(megan.id)).toBe(true);
    expect(h.sim.calls.filter((c) => c.service === 'graph').every((c) => c.oid === megan.aadObjectId)).toBe(true);

    // A late duplicate of Megan's exchange is answered and does nothing more.
    h.connector.clear();
    expect((await h.post(exchangeOn(card, megan, 'groupChat'))).status).toBe(200);
    expect(h.connector.messages()).toHaveLength(0);
  });

  it('another member finishing the sign-in with their code gets an answer; the owner’s next message still gets a sign-in that works', async () => {
    const megan = h.user('Megan Bowen');
    const lee = h.user('Lee Gu');
    await h.post(h.teams.message(megan, 'list', { where: 'groupChat' }));
    h.connector.clear();

    const verify = await h.post(h.teams.verifyState(lee, h.sim.issueSignInCode(lee.id), 'groupChat'));
    expect(verify.status).toBe(200);
    expect(postedTexts()).toContain('You are signed in, Lee Gu');
    expect(listCards()).toHaveLength(0);

    const wrongCode = await h.post(h.teams.verifyState(lee, '000000', 'groupChat'));
    expect(wrongCode.status).toBe(404);
    expect(postedTexts()).toContain('Sign-in did not complete');

    h.connector.clear();
    await h.post(h.teams.message(megan, 'status TeamViewer', { where: 'groupChat' }));
    const [again] = oauthCards();
    expect(again.text).toContain('Megan Bowen');
    expect((await h.post(exchangeOn(again, megan, 'groupChat'))).status).toBe(200);
    expect(cardText(cardOf(h.connector.messages().at(-1)!.activity))).toMatch(/Onboarded/);
  });
});

describe('signin/failure', () => {
  it.each<Where>(['personal', 'groupChat', 'channel'])(
    '%s: answered 200, a card with a sign-in button without SSO, one warning naming the cause',
    async (where) => {
      const megan = h.user('Megan Bowen');
      const sso = h.sim.issueUserAssertion(megan.aadObjectId);
      await h.post(h.teams.message(megan, 'list', { where }));
      h.connector.clear();
      const warningsBefore = h.logs.filter((l) => JSON.parse(l).level === 'warn').length;

      const res = await h.post(signInFailure(megan, where));
      expect(res.status).toBe(200);
      const [posted] = h.connector.messages();
      expect(cardText(cardOf(posted.activity))).toMatch(/Automatic sign-in did not work[\s\S]*resourcematchfailed/);
      const [button] = oauthCards();
      expect(button.tokenExchangeResource).toBeUndefined();
      expect(button.buttons).toEqual([
        expect.objectContaining({ type: 'signin', title: 'Sign in', value: expect.stringMatching(/^http/) }),
      ]);

      const warnings = h.logs
        .map((l) => JSON.parse(l))
        .filter((l) => l.level === 'warn')
        .slice(warningsBefore);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ code: 'resourcematchfailed' });
      expect(warnings[0].likelyCause).toContain(`Token Exchange URL api://botid-${h.sim.botId}`);
      expect(warnings[0].likelyCause).toContain('Application ID URI');
      expect(h.logs.join('\n')).not.toContain(sso.slice(0, 40));
      expect(h.logs.join('\n')).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);

      // The button is the way on: the sign-in page, its code, and Megan's first command runs.
      const verify = await h.post(h.teams.verifyState(megan, h.sim.issueSignInCode(megan.id), where));
      expect(verify.status).toBe(200);
      expect(listCards()).toHaveLength(1);
    },
  );

  it('without a prompt (e.g. after a card click) it is answered too, and the code then signs the user in', async () => {
    const megan = h.user('Megan Bowen');
    expect((await h.post(signInFailure(megan, 'personal', 'installedappnotfound'))).status).toBe(200);
    expect(h.logs.some((l) => /installedappnotfound/.test(l) && /not installed/.test(l))).toBe(true);
    h.connector.clear();
    expect((await h.post(h.teams.verifyState(megan, h.sim.issueSignInCode(megan.id), 'personal'))).status).toBe(200);
    expect(postedTexts()).toContain('You are signed in, Megan Bowen');
    expect(h.sim.isSignedIn(megan.id)).toBe(true);
  });
});

describe('the sign-in card speaks the reader’s language', () => {
  it('zh-CN: the card’s text and button in Chinese, naming the user in a group chat; en-US in English', async () => {
    const megan = h.user('Megan Bowen');
    await h.post(h.teams.message(megan, 'list', { where: 'groupChat', locale: 'zh-CN' }));
    await h.post(h.teams.message(megan, 'list', { locale: 'zh-CN' }));
    await h.post(h.teams.message(megan, 'list', { locale: 'en-US' }));
    const [group, personal, english] = oauthCards();
    expect(group.text).toBe('Megan Bowen：请登录，以便我代表你管理远程协助合作伙伴。此登录仅供 Megan Bowen 使用。');
    expect(group.buttons[0].title).toBe('登录');
    expect(personal.text).toBe('请登录，以便我代表你管理远程协助合作伙伴。');
    expect(english.text).toBe('Sign in so that I can manage the remote-assistance partner for you.');
    expect(english.buttons[0].title).toBe('Sign in');
  });

  it('zh-CN: the 401 loginRequest of a card click', async () => {
    const alex = h.user('Alex Wilber');
    const megan = h.user('Megan Bowen');
    await h.post(h.teams.message(alex, 'disconnect TeamViewer'));
    const asked = h.connector.messages()[0];
    const confirm = actionsOf(cardOf(asked.activity)).find((a) => a.verb === 'op.confirm')!;
    const res = await h.post(h.teams.action(megan, confirm.verb, confirm.data, asked.id!, { locale: 'zh-CN' }));
    expect(res.body.value).toMatchObject({
      text: '请登录，以便我代表你管理远程协助合作伙伴。',
      buttons: [expect.objectContaining({ title: '登录' })],
    });
    expect(res.body.value.tokenExchangeResource).toBeDefined();
  });
});
