/**
 * The user whose token acts is the user who was checked and is recorded. Without inbound auth (local mode, or a
 * deployment with INBOUND_AUTH off) an activity can carry `from.id` of one person and `aadObjectId` of another:
 * the token service keys the token on `from.id`, the policy and the audit read `aadObjectId`. Before any Graph
 * call the bot compares the user of the token it would use (its `oid` and `tid` claims; Microsoft identity
 * platform, "Access token claims reference") with the activity's user; a mismatch is refused and recorded, and
 * neither Entra's on-behalf-of endpoint nor Graph is called.
 */
import { defaultUsers } from '../../src/simulator';
import { EXTRA_USERS, PAT_APPROVER, startHarness, type Harness } from '../support/harness';
import { closeOpenOperations } from '../support/open-operations';
import { actionsOf, cardText, type TeamsUser } from '../support/teams';

const tenantId = defaultUsers()[0].tenantId;
const PAT = PAT_APPROVER;

let h: Harness;
let alex: TeamsUser;
let lee: TeamsUser;
beforeAll(async () => {
  h = await startHarness({
    env: { APPROVAL_REQUIRED: 'true', APPROVER_USER_IDS: PAT.aadObjectId },
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
  h.clock.advance(1000);
  testStart = h.clock.now().toISOString();
});

const graphCalls = () => h.sim.calls.filter((c) => c.service === 'graph');
const oboCalls = () => h.sim.calls.filter((c) => c.service === 'entra' && c.path.endsWith('/oauth2/v2.0/token'));
let testStart = '';
/** The denials recorded during this test (the store keeps earlier tests' too). */
const denials = async () =>
  (await h.bot.store.operations.history({ tenantId, states: ['denied'], limit: 10 }))
    .filter((d) => d.createdAt >= testStart)
    .map((d) => [d.requester.name, d.errorKind]);

describe('an activity whose token belongs to somebody else', () => {
  it("Alex's own request, approved by a click with Alex's from.id and Lee's aadObjectId: refused and recorded, Graph is not called", async () => {
    const { card, id } = await h.say(alex, 'disconnect TeamViewer', { where: 'channel' });
    const operationId = String(card.refresh?.action?.data?.operationId ?? '');
    h.sim.reset();
    const forged: TeamsUser = { ...alex, aadObjectId: lee.aadObjectId, name: lee.name };
    const res = await h.post(h.teams.action(forged, 'op.confirm', { operationId }, id, { where: 'channel' }));
    expect(res.status).toBe(200);
    expect(cardText(res.body.value)).toMatch(/belongs to somebody else/);
    expect(graphCalls()).toEqual([]);
    expect(oboCalls()).toEqual([]);
    expect(await h.bot.store.operations.get(operationId)).toMatchObject({
      state: 'pending',
      approval: { status: 'waiting' },
    });
    expect(await denials()).toEqual([['Lee Gu', 'authz.tokenUserMismatch']]);
  });

  it('a command typed with the from.id of a signed-in non-admin and the aadObjectId of an admin: refused before the group lookup', async () => {
    const adele = h.user('Adele Vance');
    const forged: TeamsUser = { ...adele, aadObjectId: lee.aadObjectId, name: lee.name };
    const { card } = await h.say(forged, 'disconnect TeamViewer', { where: 'personal' });
    expect(cardText(card)).toMatch(/belongs to somebody else/);
    expect(graphCalls().map((c) => [c.method, c.path, c.oid])).toEqual([]);
    expect(await denials()).toEqual([['Lee Gu', 'authz.tokenUserMismatch']]);
    expect(h.logs.join('\n')).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./); // no token in the log
  });

  it('disconnect TeamViewer @all (every customer) with a forged aadObjectId: refused before the group lookup', async () => {
    const adele = h.user('Adele Vance');
    const forged: TeamsUser = { ...adele, aadObjectId: alex.aadObjectId, name: alex.name };
    const { card } = await h.say(forged, 'disconnect TeamViewer @all', { where: 'personal' });
    expect(cardText(card)).toMatch(/belongs to somebody else/);
    expect(graphCalls()).toEqual([]);
    expect(oboCalls()).toEqual([]);
    expect(await denials()).toEqual([['Alex Wilber', 'authz.tokenUserMismatch']]);
    const read = await h.say(forged, 'status TeamViewer @all', { where: 'personal' });
    expect(cardText(read.card)).toMatch(/belongs to somebody else/);
    expect(graphCalls()).toEqual([]);
  });

  it("a fleet request approved by a click with Alex's from.id and Lee's aadObjectId: refused, recorded, nothing runs", async () => {
    const { card, id } = await h.say(alex, 'disconnect TeamViewer @all', { where: 'channel' });
    const approve = actionsOf(card).find((a) => a.title === 'Approve');
    expect(approve).toBeDefined();
    h.sim.reset();
    const forged: TeamsUser = { ...alex, aadObjectId: lee.aadObjectId, name: lee.name };
    for (const verb of ['fleet.confirm', 'fleet.reject', 'fleet.cancel']) {
      const res = await h.post(h.teams.action(forged, verb, approve!.data, id, { where: 'channel' }));
      expect(res.status).toBe(200);
      expect(cardText(res.body.value)).toMatch(/belongs to somebody else/);
    }
    expect(graphCalls()).toEqual([]);
    expect(oboCalls()).toEqual([]);
    const fleetId = String(approve!.data.fleetId);
    expect(await h.bot.store.fleets.getFleet(fleetId)).toMatchObject({
      state: 'pending',
      approval: { status: 'waiting' },
    });
    expect(await denials()).toEqual([
      ['Lee Gu', 'authz.tokenUserMismatch'],
      ['Lee Gu', 'authz.tokenUserMismatch'],
      ['Lee Gu', 'authz.tokenUserMismatch'],
    ]);
  });

  it('the real user is unaffected', async () => {
    const { card } = await h.say(lee, 'list', { where: 'personal' });
    expect(cardText(card)).toContain('TeamViewer');
    expect(await denials()).toEqual([]);
  });
});
