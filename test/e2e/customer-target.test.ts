/**
 * An MSP's technician acts in a customer tenant (issue 19), end to end over real HTTP: the bot server, the simulated
 * partner tenant with its customers (contoso reachable, fabrikam without consent), a recording Bot Connector. Alex is
 * in the technicians group that the local config (CUSTOMERS) lets act in each customer.
 */
import { renderCoreReply } from '../../src/cards';
import { FABRIKAM_TENANT_ID, TEAMVIEWER_PARTNER_ID } from '../../src/simulator';
import { freshSchema, waitFor } from '../support/bot-process';
import { startHarness, type Harness } from '../support/harness';
import { closeOpenOperations } from '../support/open-operations';
import { actionsOf, cardOf, cardText, type TeamsUser } from '../support/teams';

const say = (user: TeamsUser, text: string) => h.say(user, text);
const contosoPartner = () => h.sim.customers().find((c) => c.name === 'contoso')?.partners[0];

async function click(user: TeamsUser, cardId: string, title: string, card: unknown) {
  const action = actionsOf(card).find((a) => a.title === title);
  if (!action)
    throw new Error(
      `no "${title}" button in: ${actionsOf(card)
        .map((a) => a.title)
        .join(', ')}`,
    );
  const res = await h.post(h.teams.action(user, action.verb, action.data, cardId));
  expect(res.status).toBe(200);
  return res.body.value as Record<string, unknown>;
}

let h: Harness;
// Both store engines: SQLite, and PostgreSQL when TEST_DATABASE_URL is set (a schema of its own).
const ENGINES = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(ENGINES)('on %s', (engine) => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  beforeAll(async () => {
    schema = engine === 'postgres' ? await freshSchema('customer') : undefined;
    h = await startHarness(schema ? { env: { DATABASE_URL: schema.url } } : {});
  });
  afterAll(async () => {
    await h?.close();
    await schema?.drop();
  });
  beforeEach(async () => {
    h.sim.reset();
    h.bot.userTokens.clear();
    h.connector.clear();
    await closeOpenOperations(h.bot.store.operations, h.user('Alex Wilber').tenantId);
  });

  describe('a technician in a customer tenant', () => {
    it("status TeamViewer @contoso: Contoso's partner, with the customer line", async () => {
      const { card } = await say(h.user('Alex Wilber'), 'status TeamViewer @contoso');
      const text = cardText(card);
      expect(text).toContain('Contoso Ltd · @contoso');
      expect(text).toContain('TeamViewer Connector');
      expect(text).toMatch(/Onboarded/);
    });

    it('disconnect TeamViewer @contoso + Disconnect: in Contoso only, the home partner unchanged', async () => {
      const alex = h.user('Alex Wilber');
      const { card, id } = await say(alex, 'disconnect TeamViewer @contoso');
      expect(cardText(card)).toContain('Contoso Ltd · @contoso');
      const done = await click(alex, id, 'Disconnect', card);
      expect(cardText(done)).toMatch(/Disconnected/);
      expect(cardText(done)).toContain('Contoso Ltd · @contoso');
      expect(contosoPartner()?.onboardingStatus).toBe('notOnboarded');
      expect(h.sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)?.onboardingStatus).toBe('onboarded');
      const records = await h.bot.store.operations.history({
        tenantId: alex.tenantId,
        customerTenantId: 'any',
        limit: 5,
      });
      expect(records[0]).toMatchObject({
        kind: 'disconnect',
        state: 'succeeded',
        customer: { name: 'contoso' },
      });
    });

    it('status TeamViewer @fabrikam: the consent card, with what Entra answered (AADSTS90099)', async () => {
      const { card } = await say(h.user('Alex Wilber'), 'status TeamViewer @fabrikam');
      const text = cardText(card);
      expect(text).toContain('Fabrikam Inc · @fabrikam');
      expect(text).toContain('AADSTS90099');
      // The consent link is Fabrikam's admin consent (what its admin opens), not the partner tenant's.
      const link = JSON.stringify(card).match(/"url":"([^"]*adminconsent[^"]*)"/)?.[1];
      expect(link).toContain(`/${FABRIKAM_TENANT_ID}/adminconsent?client_id=`);
      // Its Try again runs in Fabrikam again, not wherever the conversation is.
      const again = actionsOf(card).find((x) => x.title === 'Try again');
      expect(again?.data).toEqual({ command: 'status', partner: 'TeamViewer', target: 'fabrikam' });
      const res = await h.post(h.teams.action(h.user('Alex Wilber'), again!.verb, again!.data, 'card-1'));
      expect(cardText(res.body.value)).toContain('Fabrikam Inc · @fabrikam');
    });

    it('customer contoso, then status TeamViewer acts in contoso; customer none goes home again', async () => {
      const alex = h.user('Alex Wilber');
      expect(cardText((await say(alex, 'customer contoso')).card)).toContain('Contoso Ltd · @contoso');
      expect(cardText((await say(alex, 'customer')).card)).toContain('Contoso Ltd · @contoso');
      const inContoso = cardText((await say(alex, 'status TeamViewer')).card);
      expect(inContoso).toContain('Contoso Ltd · @contoso');
      await say(alex, 'customer none');
      const home = cardText((await say(alex, 'status TeamViewer')).card);
      expect(home).not.toContain('@contoso');
    });

    it('an unknown name lists the customers; @all on a one-customer command says it takes one', async () => {
      const alex = h.user('Alex Wilber');
      const unknown = cardText((await say(alex, 'status TeamViewer @contosso')).card);
      expect(unknown).toContain('No customer called @contosso');
      expect(unknown).toContain('Contoso Ltd · @contoso');
      expect(unknown).toContain('Northwind Traders · @northwind');
      expect(cardText((await say(alex, 'watching @all')).card)).toContain('One customer at a time');
    });
  });

  describe('watch @all: a customer added later', () => {
    it("the notice's Watch @all again button runs watch @all as the clicker, in the channel, and settles it", async () => {
      const alex = h.user('Alex Wilber');
      // The notice the poller posts (core/watch-new-customers.ts), as rendered for the channel.
      const notice = renderCoreReply(
        {
          type: 'watchNotice',
          notice: { kind: 'newCustomers', customers: [{ name: 'contoso', displayName: 'Contoso Ltd' }] },
          observedAt: new Date().toISOString(),
        },
        { locale: 'en-US' },
      );
      const button = actionsOf(notice).find((a) => a.title === 'Watch @all again');
      if (!button) throw new Error('no Watch @all again button');
      const res = await h.post(h.teams.action(alex, button.verb, button.data, 'notice-1', { where: 'channel' }));
      expect(res.status).toBe(200);
      const text = cardText(res.body.value);
      expect(text).toContain("Watching every customer's partners here");
      expect(text).toContain('Contoso Ltd · contoso');
      const [remembered] = await h.bot.store.watch.watchAlls();
      expect(remembered).toMatchObject({ toldTenants: [], address: { kind: 'channel' } });
      expect(remembered.subscribedTenants.length).toBeGreaterThan(0);
      expect(remembered.knownTenants).toEqual(expect.arrayContaining(remembered.subscribedTenants));
      // Typed `unwatch @all` ends it (it used to be answered "one customer at a time": request-target.ts).
      const stop = await h.post(h.teams.message(alex, 'unwatch @all', { where: 'channel' }));
      expect(stop.status).toBe(200);
      const answer = await waitFor('the answer to unwatch @all', () => h.connector.messages()[0]);
      expect(cardText(cardOf(answer.activity))).toContain('Stopped watching every customer here');
      // The answer to a message comes after the 200 (the connector gets it): wait for the store to forget.
      await waitFor('unwatch @all to forget the watch', async () => (await h.bot.store.watch.watchAlls()).length === 0);
    });
  });
});
