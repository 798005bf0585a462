/**
 * What an administrator reads when Graph answers as Microsoft documents it (and as the simulator now does): a
 * paged list, a partner that never connected (Intune's non-nullable date 0001-01-01T00:00:00Z), and Intune's
 * 401 "Forbidden" denial. End to end: the real bot server, the simulator (page size 1, so every list has a
 * next page), a recording Bot Connector.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, type Harness } from '../support/harness';
import { actionsOf, cardText, type TeamsUser } from '../support/teams';

const denial = JSON.parse(readFileSync(join(__dirname, '../contracts/fixtures/intune-denial-401.json'), 'utf8'));
/** Intune's answer to a user without an Intune role, as quoted from the real service. */
const intuneDenial = { status: denial.status, code: denial.body.error.code, message: denial.body.error.message };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ simulator: { graphPageSize: 1 } });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.sim.reset();
  h.connector.clear();
});

const say = (user: TeamsUser, text: string, opts?: Parameters<Harness['say']>[2]) => h.say(user, text, opts);

async function click(user: TeamsUser, cardId: string, title: string, card: unknown) {
  const action = actionsOf(card).find((a) => a.title === title);
  if (!action) throw new Error(`no "${title}" button`);
  const res = await h.post(h.teams.action(user, action.verb, action.data, cardId));
  expect(res.status).toBe(200);
  return res.body.value as Record<string, unknown>;
}

describe('Graph as documented, as the admin sees it', () => {
  it('a paged list: both partners are listed (two pages read), and the one that never connected says "never"', async () => {
    const { card } = await say(h.user('Alex Wilber'), 'list');
    const text = cardText(card);
    expect(text).toContain('TeamViewer Connector');
    expect(text).toContain('Contoso Remote Help');
    expect(text).toContain('never');
    expect(text).not.toContain('0001-01-01');
    expect(h.graphCalls('/remoteAssistancePartners', 'GET').map((c) => c.status)).toEqual([200, 200]);
  });

  it('the status of a partner that never connected: "never" and "no expiry", in Chinese too', async () => {
    const en = await say(h.user('Alex Wilber'), 'status Contoso');
    expect(cardText(en.card)).toMatch(/Last connection\s+never/);
    expect(cardText(en.card)).toMatch(/Onboarding request expires\s+no expiry/);
    const zh = await say(h.user('Alex Wilber'), '状态 Contoso', { locale: 'zh-CN' });
    expect(cardText(zh.card)).toContain('从未连接');
    expect(cardText(zh.card)).toContain('无到期时间');
    expect(cardText(zh.card)).not.toContain('0001-01-01');
  });

  it("Intune's 401 denial on a list is explained as a missing Intune role, not as a sign-in problem", async () => {
    h.sim.faults.graphNext(1, intuneDenial);
    const { card } = await say(h.user('Alex Wilber'), 'list');
    const text = cardText(card);
    expect(text).toContain('Not permitted in Intune');
    expect(text).toMatch(/Intune role/);
    expect(text).not.toMatch(/sign in again/i);
    expect(h.graphCalls(undefined, 'GET').map((c) => c.status)).toContain(401);
  });

  it("Intune's 401 denial on the Disconnect click: the operation fails for good, explained, and the user is not sent to sign in", async () => {
    const alex = h.user('Alex Wilber');
    const { card, id } = await say(alex, 'disconnect TeamViewer');
    h.sim.faults.graphNext(1, { ...intuneDenial, method: 'POST', pathIncludes: '/disconnect' });
    const failed = await click(alex, id, 'Disconnect', card);
    const text = cardText(failed);
    expect(text).toContain('Not permitted in Intune');
    expect(text).not.toMatch(/sign in again/i);
    expect(actionsOf(failed).map((a) => a.verb)).not.toContain('op.confirm');
    expect(h.graphCalls('/disconnect', 'POST').map((c) => c.status)).toEqual([401]);
    expect(h.sim.partners()[0].onboardingStatus).toBe('onboarded');
  });
});
