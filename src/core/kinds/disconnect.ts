/**
 * disconnect: POST .../{id}/disconnect. It leaves the partner notOnboarded (remote sessions through the connector
 * stop until it is onboarded again).
 */
import { REMOTE_ASSISTANCE_UPDATE } from '../resource-actions';
import type { PartnerBefore } from '../model';
import { operationKind, type Evidence, type PartnerAfter } from './spec';

/**
 * Evidence: anything but notOnboarded afterwards is not applied. notOnboarded afterwards is this action's doing only
 * if the partner was not notOnboarded right before; when it already was, or nobody read it before (an older
 * record), the read cannot tell.
 */
function disconnectEvidence(before: PartnerBefore | undefined, after: PartnerAfter): Evidence {
  if (after.onboardingStatus !== 'notOnboarded') return 'notApplied';
  return before && before.onboardingStatus !== 'notOnboarded' ? 'tookEffect' : 'cannotTell';
}

export const disconnect = operationKind({
  graphAction: 'disconnect',
  intunePermission: REMOTE_ASSISTANCE_UPDATE,
  resultingStatus: 'notOnboarded',
  alreadyThere: (s) => s === 'notOnboarded',
  evidence: disconnectEvidence,
  // Offered while the partner is (being) onboarded.
  partnerButton: { order: 1 },
  style: 'destructive',
  texts: {
    'en-US': {
      name: 'Disconnect',
      button: 'Disconnect',
      confirmTitle: 'Disconnect {{name}}?',
      approvalTitle: 'Approval needed: disconnect {{name}}',
      effect: 'Disconnecting stops remote sessions through this connector until it is onboarded again.',
      running: 'Disconnect in progress',
      succeeded: 'Disconnected',
      failed: 'Disconnect failed',
      statusRunning: 'A disconnect is in progress (started by {{name}} at {{when}}).',
      nothingToDo: 'Already disconnected: nothing to do. Use reconnect to onboard it again.',
      notPermitted: 'Your Intune role cannot disconnect partners',
    },
    'zh-CN': {
      name: '断开连接',
      button: '断开连接',
      confirmTitle: '断开 {{name}} 的连接？',
      approvalTitle: '需要审批：断开 {{name}} 的连接',
      effect: '断开连接后，通过此连接器的远程会话将停止，直到重新载入为止。',
      running: '正在断开连接',
      succeeded: '已断开连接',
      failed: '断开连接失败',
      statusRunning: '正在断开连接（由 {{name}} 于 {{when}} 发起）。',
      nothingToDo: '已处于断开状态，无需操作。如需重新载入，请使用“重新连接”。',
      notPermitted: '你的 Intune 角色无法断开合作伙伴的连接',
    },
  },
});
