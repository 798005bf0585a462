/**
 * "Who disconnected the TeamViewer connector, and when?": the `history` command, end to end (in-process
 * bot, real HTTP). Admins only; the last N operations as a card (what, outcome, who asked, who acted, when),
 * newest first; `history <partner>` filters; denied attempts are part of it; readers and others are denied.
 */
import { DEFAULT_TENANT_ID, defaultUsers, type SimUser } from '../../src/simulator';
import { EXTRA_USERS, startHarness, type Harness } from '../support/harness';
import { actionsOf, cardText, type TeamsUser, type Where } from '../support/teams';

const HISTORY_LIMIT = 5;
/** Signed in, in the tenant, but neither admin nor reader. */
const DIEGO: SimUser = {
  channelUserId: '29:1diego',
  aadObjectId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  tenantId: DEFAULT_TENANT_ID,
  name: 'Diego Siciliani',
  userPrincipalName: 'diegos@example.com',
  signedIn: true,
  groups: [],
  intuneAdmin: false,
};

let h: Harness;
let alex: TeamsUser;
let lee: TeamsUser;
let adele: TeamsUser;
let diego: TeamsUser;
let t0: Date;

beforeAll(async () => {
  const adeleId = defaultUsers().find((u) => u.name === 'Adele Vance')!.aadObjectId;
  h = await startHarness({
    env: { READER_USER_IDS: adeleId, HISTORY_LIMIT: String(HISTORY_LIMIT) },
    simulator: { users: [...defaultUsers(), ...EXTRA_USERS, DIEGO] },
  });
  alex = h.user('Alex Wilber');
  lee = h.user('Lee Gu');
  adele = h.user('Adele Vance');
  const d = h.sim.users.find((u) => u.name === DIEGO.name)!;
  diego = { id: d.channelUserId, aadObjectId: d.aadObjectId, tenantId: d.tenantId, name: d.name };

  // What happened, oldest first (each step a minute later on the bot's clock):
  t0 = h.clock.now();
  const steps: Array<() => Promise<unknown>> = [
    async () => click(alex, await say(alex, 'disconnect TeamViewer'), 'Cancel'), //            1 cancelled by Alex
    // (in the admins' channel: a card's buttons work where it was asked, and Lee is there too)
    async () => click(lee, await say(alex, 'disconnect TeamViewer', 'channel'), 'Disconnect', 'channel'), // 2 succeeded, by Lee
    () => say(adele, 'disconnect TeamViewer'), //                                              3 denied (reader)
    async () => click(alex, await say(alex, 'reconnect TeamViewer'), 'Reconnect'), //          4 succeeded, Alex
    () => say(alex, 'reconnect Contoso'), //                                                   5 pending
    () => say(diego, 'disconnect TeamViewer'), //                                              6 denied (not listed)
  ];
  for (const step of steps) {
    await step();
    h.clock.advance(60_000);
  }
});
afterAll(async () => {
  await h?.close();
});

const say = (user: TeamsUser, text: string, where: Where = 'personal') => h.say(user, text, { where });

async function click(user: TeamsUser, asked: { card: unknown; id: string }, title: string, where: Where = 'personal') {
  const action = actionsOf(asked.card).find((a) => a.title === title)!;
  const res = await h.post(h.teams.action(user, action.verb, action.data, asked.id, { where }));
  expect(res.status).toBe(200);
  return cardText(res.body.value);
}

/** The entries of a history card: the bold "what: outcome" line and the line under it. */
function entries(card: unknown): { what: string; detail: string }[] {
  const lines = cardText(card).split('\n');
  const out: { what: string; detail: string }[] = [];
  lines.forEach((l, i) => {
    if (/^(Disconnect|Reconnect|View) .*: /.test(l)) out.push({ what: l, detail: lines[i + 1] ?? '' });
  });
  return out;
}

const minute = (n: number) => new Date(t0.getTime() + n * 60_000).toISOString().slice(0, 16).replace('T', ' ');

it('an admin sees the last N operations, newest first: what, outcome, who asked, who acted, when', async () => {
  const { card } = await say(alex, 'history');
  const shown = entries(card);
  expect(shown.map((e) => e.what)).toEqual([
    'Disconnect TeamViewer: Denied', // a denial is recorded before any Graph call: under the name as typed
    'Reconnect Contoso Remote Help: Waiting for confirmation',
    'Reconnect TeamViewer Connector: Succeeded',
    'Disconnect TeamViewer: Denied',
    'Disconnect TeamViewer Connector: Succeeded',
  ]);
  expect(shown).toHaveLength(HISTORY_LIMIT); // the oldest (the cancelled request) is beyond the limit
  expect(shown[4].detail).toContain('requested by Alex Wilber');
  expect(shown[4].detail).toContain('by Lee Gu'); // the executor, when not the requester
  expect(shown[4].detail).toContain(`${minute(1)} UTC`); // when
  expect(shown[3].detail).toMatch(/requested by Adele Vance.*reason: Read-only/);
  expect(shown[0].detail).toMatch(/requested by Diego Siciliani.*reason: Not on the list/);
  expect(shown[2].detail).toContain(`${minute(3)} UTC`);
});

it('history TeamViewer shows only that partner, including the denied attempts', async () => {
  const { card } = await say(lee, 'history TeamViewer');
  expect(cardText(card)).toContain('Only entries for “TeamViewer”');
  // The denials were recorded under "TeamViewer" as typed; they name this partner, so they are listed.
  expect(entries(card).map((e) => e.what)).toEqual([
    'Disconnect TeamViewer: Denied',
    'Reconnect TeamViewer Connector: Succeeded',
    'Disconnect TeamViewer: Denied',
    'Disconnect TeamViewer Connector: Succeeded',
    'Disconnect TeamViewer Connector: Cancelled',
  ]);
  expect(cardText(card)).not.toContain('Contoso');
  // The question of the issue, answered from the store as docs/store.md says.
  const [done] = (
    await h.bot.store.operations.history({
      tenantId: alex.tenantId,
      partnerId: '5f0c5e2a-8b1d-4c3e-9a7f-2d6b4e8c1a90',
      states: ['succeeded'],
      limit: 10,
    })
  ).filter((r) => r.kind === 'disconnect');
  expect(done.executor?.name).toBe('Lee Gu');
  expect(done.graphRequestId).toBe(
    h.sim.calls.find((c) => c.path.endsWith('/disconnect') && c.status === 204)?.requestId,
  );
  expect(done.completedAt?.slice(0, 16).replace('T', ' ')).toBe(minute(1));
});

it('a reader asking for the history is denied, and the attempt is recorded', async () => {
  const { card } = await say(adele, 'history');
  expect(cardText(card)).toMatch(/not allowed/i);
  expect(cardText(card)).toContain(
    'You may view the partners and their status, but not change them or see the history.',
  );
  const [last] = await h.bot.store.operations.history({ tenantId: adele.tenantId, limit: 1 });
  expect(last).toMatchObject({
    kind: 'view',
    state: 'denied',
    errorKind: 'authz.readOnly',
    requester: { name: 'Adele Vance' },
  });
});

it('somebody who is neither admin nor reader is denied too, and sees nothing of the history', async () => {
  const { card } = await say(diego, 'history TeamViewer');
  const text = cardText(card);
  expect(text).toMatch(/not allowed/i);
  expect(text).not.toContain('Lee Gu');
  expect(text).not.toContain('Succeeded');
  const [last] = await h.bot.store.operations.history({ tenantId: diego.tenantId, limit: 1 });
  expect(last).toMatchObject({
    kind: 'view',
    state: 'denied',
    errorKind: 'authz.notAllowed',
    requester: { name: 'Diego Siciliani' },
  });
});

it('the denied history requests show up for admins, with the partner filter too', async () => {
  const all = entries((await say(alex, 'history')).card).map((e) => e.what);
  expect(all.slice(0, 2)).toEqual(['View TeamViewer: Denied', 'View (all partners): Denied']);
  const teamViewer = entries((await say(alex, 'history teamviewer connector')).card).map((e) => e.what);
  expect(teamViewer[0]).toBe('View TeamViewer: Denied');
  expect(teamViewer).not.toContain('View (all partners): Denied');
});
