/**
 * The approval policy changes between a request and its click: a restart with APPROVAL_REQUIRED=true, or a
 * rolling deployment whose instances hold different settings. Two real bot servers (each with its simulated tenant
 * and recording connector) share ONE database - SQLite in one folder, or a PostgreSQL schema when
 * TEST_DATABASE_URL is set - so the click is answered by an instance whose setting differs from the one that made
 * the card. The rule in force at the click decides: nothing reaches Graph without a second person.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultUsers } from '../../src/simulator';
import { freshSchema } from '../support/bot-process';
import { startHarness, type Harness } from '../support/harness';
import { cardText } from '../support/teams';

const tenantId = defaultUsers()[0].tenantId;
type Card = Record<string, any>;
const verbs = (card: Card) =>
  (card.actions ?? []).map((a: { verb?: string }) => a.verb).filter((v: string | undefined) => v?.startsWith('op.'));

describe('the approval policy changed between the request and the click', () => {
  let dir: string;
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let before: Harness; // the instance that made the card: APPROVAL_REQUIRED=false
  let after: Harness; // the instance that takes the click: APPROVAL_REQUIRED=true

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ra-policy-'));
    schema = await freshSchema('policy');
    const store: Record<string, string> = schema ? { DATABASE_URL: schema.url } : { DATA_DIR: dir };
    before = await startHarness({ env: { ...store, APPROVAL_REQUIRED: 'false' } });
    after = await startHarness({ env: { ...store, APPROVAL_REQUIRED: 'true' } });
  }, 60_000);
  afterAll(async () => {
    await Promise.all([before?.close(), after?.close()]);
    await schema?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const graphActions = () => [...before.graphCalls('/disconnect', 'POST'), ...after.graphCalls('/disconnect', 'POST')];

  it(`${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}: the old Disconnect becomes a request for approval, for everyone; the history says why; a second admin approves it`, async () => {
    const alex = before.user('Alex Wilber');
    const { card, id } = await before.say(alex, 'disconnect TeamViewer', { where: 'channel' });
    expect(verbs(card)).toEqual(['op.confirm', 'op.cancel']);
    const operationId = String(card.actions.find((a: { verb?: string }) => a.verb === 'op.confirm').data.operationId);

    // The same admin clicks the old Disconnect; the instance that answers requires approval now.
    const res = await after.post(after.teams.action(alex, 'op.confirm', { operationId }, id, { where: 'channel' }));
    expect(res.status).toBe(200);
    const answer = res.body.value as Card;
    expect(graphActions()).toEqual([]);
    expect(cardText(answer)).toMatch(/Two-person approval became required after this was asked/);
    expect(verbs(answer)).toEqual(['op.confirm', 'op.reject']); // the card everybody sees: Approve / Reject
    expect(answer.refresh?.userIds).toEqual([alex.id]); // and Alex, the requester, gets Withdraw
    expect(await after.bot.store.operations.get(operationId)).toMatchObject({
      state: 'pending',
      approval: { status: 'waiting' },
    });

    // Alex's own Approve is refused, whatever the click carries.
    const own = await after.post(after.teams.action(alex, 'op.confirm', { operationId }, id, { where: 'channel' }));
    expect(cardText(own.body.value)).toMatch(/another admin or approver/i);
    expect(graphActions()).toEqual([]);

    const history = cardText((await after.say(alex, 'history TeamViewer', { where: 'channel' })).card);
    expect(history).toContain('Approval now required');

    // Lee, a second admin, approves: one Graph call, with Lee's token.
    const lee = after.user('Lee Gu');
    const approved = await after.post(after.teams.action(lee, 'op.confirm', { operationId }, id, { where: 'channel' }));
    expect(cardText(approved.body.value)).toContain('Lee Gu');
    expect(after.graphCalls('/disconnect', 'POST')).toEqual([expect.objectContaining({ status: 204 })]);
    expect(before.graphCalls('/disconnect', 'POST')).toEqual([]);
    expect(await after.bot.store.operations.get(operationId)).toMatchObject({
      state: 'succeeded',
      requester: { id: alex.aadObjectId },
      executor: { id: lee.aadObjectId },
      approval: { status: 'approved' },
    });
    const denied = await after.bot.store.operations.history({ tenantId, states: ['denied'], limit: 5 });
    expect(denied.map((d) => d.errorKind).sort()).toEqual(['authz.approvalRequired', 'authz.ownRequest']);
  });
});
