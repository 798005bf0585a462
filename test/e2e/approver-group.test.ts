/**
 * APPROVER_GROUP_IDS as the only group setting (no admin or reader group): the bot must still ask Entra for the
 * scopes of POST /me/checkMemberGroups (User.ReadBasic.All and GroupMember.Read.All, the least privileged set
 * Microsoft documents in api-reference/v1.0/api/directoryobject-checkmembergroups.md), or Graph refuses the
 * membership check (403) and a member of the approvers' group cannot approve. The simulated Graph checks the
 * token's scp like Graph does.
 */
import { defaultUsers, type SimUser } from '../../src/simulator';
import { startHarness, type Harness } from '../support/harness';
import { actionsOf, type TeamsUser } from '../support/teams';

const APPROVER_GROUP = '0c1d2e3f-4a5b-4c6d-8e7f-a0b1c2d3e4f5';
const tenantId = defaultUsers()[0].tenantId;
const NOOR: SimUser = {
  channelUserId: '29:1noor-approver',
  aadObjectId: '3c4d5e6f-7081-4a92-8b3c-4d5e6f708192',
  tenantId,
  name: 'Noor Approver',
  userPrincipalName: 'noor@example.com',
  signedIn: true,
  groups: [APPROVER_GROUP],
  intuneAdmin: true,
};
const noor: TeamsUser = { id: NOOR.channelUserId, aadObjectId: NOOR.aadObjectId, tenantId, name: NOOR.name };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: { ADMIN_GROUP_IDS: '', READER_GROUP_IDS: '', APPROVAL_REQUIRED: 'true', APPROVER_GROUP_IDS: APPROVER_GROUP },
    simulator: { users: [...defaultUsers(), NOOR] },
  });
});
afterAll(async () => {
  await h?.close();
});

it("a member of the approvers' group (no admin or reader group configured) clicks Approve: her group membership is checked with her own token, and answered", async () => {
  const { card, id } = await h.say(h.user('Alex Wilber'), 'disconnect TeamViewer', { where: 'channel' });
  const operationId = String(actionsOf(card)[0]?.data?.operationId ?? '');
  expect(operationId).not.toBe('');
  await h.post(h.teams.action(noor, 'op.confirm', { operationId }, id, { where: 'channel' }));
  // Her membership, checked with her own token: answered, not refused for a missing scope.
  expect(h.graphCalls('/me/checkMemberGroups', 'POST').map((c) => c.status)).toEqual([200]);
});
