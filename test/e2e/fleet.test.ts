/**
 * The fleet kill switch (issue 19) end to end over real HTTP: the bot server, the simulated partner tenant with its
 * three customers (contoso reachable, fabrikam without consent: AADSTS90099, northwind with an expired relationship:
 * AADSTS50020), and wingtip, configured for another team's group (Alex may not read it), a recording Bot Connector.
 * Alex, a technician, disconnects TeamViewer @all: one card with a row per customer; the Confirm click answers with rows
 * queued, the card is then updated until every row is final. `status TeamViewer @all` reads every customer he may read.
 * Under two-person approval (APPROVAL_REQUIRED) the same command is a request: Alex cannot approve it, Isaiah (an admin
 * and a technician) approves it on its copy in the approvers' channel, and every change is made with Isaiah's token.
 */
import { localCustomers } from '../../src/local/simulated-tenant';
import { defaultUsers, TEAMVIEWER_PARTNER_ID } from '../../src/simulator';
import { freshSchema, waitFor } from '../support/bot-process';
import { startHarness, type Harness } from '../support/harness';
import { closeOpenOperations } from '../support/open-operations';
import { actionsOf, cardOf, cardText, type TeamsUser } from '../support/teams';

const partnerIn = (name: string) => h.sim.customers().find((c) => c.name === name)?.partners[0];
/** A customer's row on the card: the line after its display name (a FactSet's title, then its value). */
function rowOf(card: unknown, customer: string): string {
  const lines = cardText(card).split('\n');
  const at = lines.findIndex((l) => l.trim() === customer);
  return at < 0 ? '' : lines[at + 1];
}

async function click(
  user: TeamsUser,
  cardId: string,
  title: string,
  card: unknown,
  where: Parameters<Harness['teams']['action']>[4] = {},
) {
  const action = actionsOf(card).find((a) => a.title === title);
  if (!action) throw new Error(`no "${title}" button in: ${actionsOf(card).map((a) => a.title)}`);
  const res = await h.post(h.teams.action(user, action.verb, action.data, cardId, where));
  expect(res.status).toBe(200);
  return res.body.value as Record<string, unknown>;
}

/** A customer of another team: its technicians' group is not Alex's, so he may neither read nor act there. */
const WINGTIP = {
  name: 'wingtip',
  tenantId: '7d1a4f52-3c1b-4e0a-9d55-0c3b8f6a2e91',
  displayName: 'Wingtip Toys',
  technicians: ['5b0f2c6e-9a41-4d7e-8f3a-1e2d3c4b5a69'],
};
const local = localCustomers();
const CUSTOMERS = JSON.stringify({ ...local, customers: [...local.customers, WINGTIP] });

let h: Harness;
// Both store engines: SQLite, and PostgreSQL when TEST_DATABASE_URL is set (a schema of its own).
const ENGINES = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(ENGINES)('on %s', (engine) => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  beforeAll(async () => {
    schema = engine === 'postgres' ? await freshSchema('fleet') : undefined;
    h = await startHarness({ env: { CUSTOMERS, ...(schema ? { DATABASE_URL: schema.url } : {}) } });
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

  it('disconnect TeamViewer @all: one card, Confirm, a 429 met, rows final; history; again: nothing', async () => {
    const alex = h.user('Alex Wilber');
    const { card, id } = await h.say(alex, 'disconnect TeamViewer @all');
    expect(h.connector.messages()).toHaveLength(1); // ONE card for the fleet
    expect(rowOf(card, 'Contoso Ltd')).toMatch(/Will change/);
    expect(rowOf(card, 'Fabrikam Inc')).toMatch(/Cannot reach: .*(consent|Not consented)/i);
    expect(rowOf(card, 'Northwind Traders')).toMatch(/Cannot reach: .*No access/i);

    // Then contoso answers its next Graph call 429 with Retry-After 1 s (the control API's throttle): the run meets it.
    h.sim.changeCustomer({ customer: 'contoso', throttle: { retryAfterSeconds: 1, count: 1 } });
    const callsBefore = h.graphCalls().length;
    const started = Date.now();
    const answered = await click(alex, id, 'Disconnect', card);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(rowOf(answered, 'Contoso Ltd')).toMatch(/Queued|In progress|Done/);

    const final = await waitFor('the card update with every row final', () => {
      const last = cardOf(
        h.connector
          .updates()
          .filter((u) => u.activityId === id)
          .at(-1)?.activity,
      );
      return last && /finished/.test(cardText(last)) ? last : undefined;
    });
    expect(rowOf(final, 'Contoso Ltd')).toMatch(/Done/);
    expect(rowOf(final, 'Fabrikam Inc')).toMatch(/Cannot reach|Refused/);
    expect(rowOf(final, 'Northwind Traders')).toMatch(/Cannot reach|Refused/);
    expect(
      h
        .graphCalls()
        .slice(callsBefore)
        .map((c) => c.status),
    ).toContain(429);
    expect(h.graphCalls('disconnect', 'POST').filter((c) => c.status < 300)).toHaveLength(1);
    expect(partnerIn('contoso')?.onboardingStatus).toBe('notOnboarded');
    expect(h.sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)?.onboardingStatus).toBe('onboarded');

    const history = (await h.say(alex, 'history @all')).card;
    expect(cardText(history)).toContain('Disconnect TeamViewer: finished');
    expect(rowOf(history, 'Contoso Ltd')).toMatch(/Done/);

    h.connector.clear();
    const operations = () =>
      h.bot.store.operations.history({ tenantId: alex.tenantId, customerTenantId: 'any', limit: 50 });
    const before = (await operations()).length;
    const writes = h.graphCalls('disconnect', 'POST').length;
    const again = await h.say(alex, 'disconnect TeamViewer @all');
    expect(rowOf(again.card, 'Contoso Ltd')).toMatch(/Already there/);
    expect(actionsOf(again.card).map((a) => a.title)).not.toContain('Disconnect');
    expect(cardText(again.card)).toContain('Nothing to do in any customer.');
    // Nothing created: no operation in any customer, no write to Graph.
    expect(await operations()).toHaveLength(before);
    expect(h.graphCalls('disconnect', 'POST')).toHaveLength(writes);
  });

  it('status TeamViewer @all: a row per customer Alex may read (state, or why not with AADSTS), nothing written', async () => {
    const alex = h.user('Alex Wilber');
    const operations = () =>
      h.bot.store.operations.history({ tenantId: alex.tenantId, customerTenantId: 'any', limit: 50 });
    const recorded = (await operations()).length;
    const from = h.sim.calls.length;
    const { card, id } = await h.say(alex, 'status TeamViewer @all');
    expect(cardText(card)).toContain('TeamViewer in 3 customers');
    expect(rowOf(card, 'Contoso Ltd')).toMatch(/^Onboarded \(connected\) · last connection /);
    expect(rowOf(card, 'Fabrikam Inc')).toMatch(/^Cannot reach: .*\(AADSTS90099\)$/);
    expect(rowOf(card, 'Northwind Traders')).toMatch(/^Cannot reach: .*\(AADSTS50020\)$/);
    // Wingtip, which Alex may not read, is left out, counted, and never asked.
    expect(cardText(card)).not.toContain('Wingtip Toys');
    expect(cardText(card)).toContain('Left out: 1 of the customers of @all, which you may not read.');
    const calls = h.sim.calls.slice(from);
    expect(calls.some((c) => c.tenantId === WINGTIP.tenantId || c.path.includes(WINGTIP.tenantId))).toBe(false);
    // One partner list in Contoso, with Alex's own token there; the refused customers never reached Graph.
    const inCustomers = calls.filter((c) => c.service === 'graph' && c.tenantId);
    const contoso = h.sim.customers().find((c) => c.name === 'contoso')?.tenantId;
    expect(inCustomers.map((c) => `${c.method} ${c.tenantId === contoso ? 'contoso' : c.tenantId}`)).toEqual([
      'GET contoso',
    ]);
    expect(inCustomers[0].oid).toBe(alex.aadObjectId);
    expect(await operations()).toHaveLength(recorded);
    expect(partnerIn('contoso')?.onboardingStatus).toBe('onboarded');

    // "Disconnect in all" asks the fleet: its card, with a row per customer and Disconnect to confirm.
    expect(actionsOf(card).map((a) => a.title)).toEqual(['Disconnect in all']);
    const fleetCard = await click(alex, id, 'Disconnect in all', card);
    expect(cardText(fleetCard)).toContain('Disconnect TeamViewer in 1 customer?');
    expect(rowOf(fleetCard, 'Contoso Ltd')).toMatch(/Will change/);
    expect(rowOf(fleetCard, 'Wingtip Toys')).toMatch(/Not allowed/);
    expect(actionsOf(fleetCard).map((a) => a.title)).toEqual(['Disconnect', 'Cancel']);
    expect(partnerIn('contoso')?.onboardingStatus).toBe('onboarded');

    // Confirmed on that card: the change runs in Contoso, and the card (kept where it was clicked) ends finished.
    await click(alex, id, 'Disconnect', fleetCard);
    await waitFor('the fleet card finished', () =>
      h.connector
        .updates()
        .filter((u) => u.activityId === id)
        .find((u) => /finished/.test(cardText(cardOf(u.activity)))),
    );
    expect(partnerIn('contoso')?.onboardingStatus).toBe('notOnboarded');
    // Alex's token in Contoso was asked of Entra at most once across the status read and the change.
    const obo = h.sim.calls
      .slice(from)
      .filter((c) => c.service === 'entra' && c.path === `/${contoso}/oauth2/v2.0/token` && c.oid === alex.aadObjectId);
    expect(obo).toHaveLength(1);
  });

  it('status TeamViewer @all when the group lookup fails: an error card whose Try again asks @all again', async () => {
    const alex = h.user('Alex Wilber');
    h.clock.advance(301_000); // past the group cache (GROUP_CACHE_SECONDS 300): the lookup is asked again
    h.sim.faults.graphNext(20, { status: 503, pathIncludes: 'checkMemberGroups' });
    const { card } = await h.say(alex, 'status TeamViewer @all');
    h.sim.faults.clear();
    expect(cardText(card)).not.toContain('Left out');
    const again = actionsOf(card).find((a) => a.title === 'Try again');
    expect(again?.data).toEqual({ command: 'status', partner: 'TeamViewer', target: 'all' });
  });

  it('list @all: each customer its partners; watching @all still takes one customer', async () => {
    const alex = h.user('Alex Wilber');
    const { card } = await h.say(alex, 'list @all');
    expect(cardText(card)).toContain('Partners in 3 customers');
    expect(rowOf(card, 'Contoso Ltd')).toMatch(/TeamViewer.*: Onboarded/);
    expect(rowOf(card, 'Fabrikam Inc')).toMatch(/AADSTS90099/);
    expect(actionsOf(card)).toEqual([]);
    expect(cardText((await h.say(alex, 'watching @all')).card)).toContain('One customer at a time');
  });
});

describe.each(ENGINES)('under two-person approval on %s', (engine) => {
  const APPROVERS = '19:approvers@thread.tacv2';
  const u = defaultUsers()[3];
  const isaiah: TeamsUser = { id: u.channelUserId, aadObjectId: u.aadObjectId, tenantId: u.tenantId, name: u.name };
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  beforeAll(async () => {
    schema = engine === 'postgres' ? await freshSchema('fleet_approval') : undefined;
    const env = { APPROVAL_REQUIRED: 'true', APPROVAL_TTL_MINUTES: '60' };
    h = await startHarness({ env: schema ? { ...env, DATABASE_URL: schema.url } : env });
  });
  afterAll(async () => {
    await h?.close();
    await schema?.drop();
  });
  beforeEach(async () => {
    h.sim.reset();
    h.connector.clear();
    await closeOpenOperations(h.bot.store.operations, h.user('Alex Wilber').tenantId);
  });

  it("a request: the requester's Approve is refused, a second person approves it in the approvers' channel", async () => {
    const alex = h.user('Alex Wilber');
    await h.say(isaiah, 'approvals here', { where: 'channel', channel: APPROVERS });
    const { card, id } = await h.say(alex, 'disconnect TeamViewer @all');
    expect(cardText(card)).toContain('Request for approval: Disconnect TeamViewer in 1 customer');
    expect(cardText(card)).toContain('Requested by Alex Wilber');
    expect(actionsOf(card).map((a) => a.title)).toEqual(['Approve', 'Reject', 'Withdraw']);
    const posted = await waitFor("the request in the approvers' channel", () =>
      h.connector.messages().find((m) => m.conversationId === APPROVERS && !m.activityId),
    );
    const copy = cardOf(posted.activity);
    expect(rowOf(copy, 'Contoso Ltd')).toMatch(/Will change/);

    // Alex's own Approve: refused for Alex alone, recorded, nothing changed.
    const own = await click(alex, id, 'Approve', card);
    expect(cardText(own)).toMatch(/another admin or approver/i);
    const disconnects = () =>
      h.sim.calls.filter((c) => c.service === 'graph' && c.method === 'POST' && c.path.endsWith('/disconnect'));
    expect(disconnects()).toEqual([]);
    const denied = await h.bot.store.operations.history({ tenantId: alex.tenantId, states: ['denied'], limit: 5 });
    expect(denied.map((d) => [d.requester.name, d.errorKind])).toContainEqual(['Alex Wilber', 'authz.ownRequest']);

    // Isaiah approves on the copy: answered at once, then Alex's card is brought up to date until it finished.
    const answered = await click(isaiah, posted.id!, 'Approve', copy, { where: 'channel', channel: APPROVERS });
    expect(rowOf(answered, 'Contoso Ltd')).toMatch(/Queued|In progress|Done/);
    const final = await waitFor("Alex's card with every row final", () => {
      const last = cardOf(
        h.connector
          .updates()
          .filter((x) => x.activityId === id)
          .at(-1)?.activity,
      );
      return last && /finished/.test(cardText(last)) ? last : undefined;
    });
    expect(rowOf(final, 'Contoso Ltd')).toMatch(/Done/);
    expect(rowOf(final, 'Fabrikam Inc')).toMatch(/Cannot reach/);
    expect(cardText(final)).toContain('Approved by Isaiah Langer');
    expect(actionsOf(final)).toEqual([]);
    // The change in the customer was made with the approver's token.
    expect(disconnects().map((c) => [c.oid, c.status < 300])).toEqual([[isaiah.aadObjectId, true]]);
    expect(partnerIn('contoso')?.onboardingStatus).toBe('notOnboarded');

    const history = (await h.say(alex, 'history @all')).card;
    expect(cardText(history)).toContain('Disconnect TeamViewer: finished');
    expect(cardText(history)).toContain('Approved by Isaiah Langer');
  });

  it("Reject in the approvers' channel closes the request on every card; nothing changes in any customer", async () => {
    const alex = h.user('Alex Wilber');
    await h.say(isaiah, 'approvals here', { where: 'channel', channel: APPROVERS });
    const { id } = await h.say(alex, 'disconnect TeamViewer @all');
    const posted = await waitFor("the request in the approvers' channel", () =>
      h.connector.messages().find((m) => m.conversationId === APPROVERS && !m.activityId),
    );
    const answered = await click(isaiah, posted.id!, 'Reject', cardOf(posted.activity), {
      where: 'channel',
      channel: APPROVERS,
    });
    expect(cardText(answered)).toContain('Rejected by Isaiah Langer');
    expect(actionsOf(answered)).toEqual([]);
    const alexCard = await waitFor("Alex's card replaced", () =>
      cardOf(h.connector.updates().find((x) => x.activityId === id)?.activity),
    );
    expect(cardText(alexCard)).toContain('Rejected by Isaiah Langer');
    expect(rowOf(alexCard, 'Contoso Ltd')).toMatch(/Cancelled/);
    expect(actionsOf(alexCard)).toEqual([]);
    expect(h.graphCalls('disconnect', 'POST')).toEqual([]);
    expect(partnerIn('contoso')?.onboardingStatus).toBe('onboarded');
  });
});
