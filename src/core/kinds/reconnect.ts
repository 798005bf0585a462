/**
 * reconnect: POST .../{id}/beginOnboarding. It starts an onboarding request: the partner shows as onboarding until
 * someone completes the onboarding in TeamViewer.
 */
import { isSetDateTime, type PartnerBefore } from '../model';
import { REMOTE_ASSISTANCE_UPDATE } from '../resource-actions';
import { operationKind, type Evidence, type PartnerAfter } from './spec';

/** True when `after` carries an onboarding request that runs out later than the one before (or there was none). */
function laterRequest(before: PartnerBefore, after: PartnerAfter): boolean {
  const next = after.onboardingRequestExpiryDateTime;
  if (!isSetDateTime(next)) return false;
  const prev = before.onboardingRequestExpiryDateTime;
  return !isSetDateTime(prev) || Date.parse(next) > Date.parse(prev);
}

function sameRequest(before: PartnerBefore, after: PartnerAfter): boolean {
  const [prev, next] = [before.onboardingRequestExpiryDateTime, after.onboardingRequestExpiryDateTime];
  if (!isSetDateTime(prev) || !isSetDateTime(next)) return isSetDateTime(prev) === isSetDateTime(next);
  return Date.parse(prev) === Date.parse(next);
}

/**
 * Evidence: the status moved from notOnboarded to onboarding / onboarded, or a request that runs out later than the
 * one before (a renewed request: see the simulator's note in graph-partners.ts, since Microsoft does not document
 * it). notOnboarded afterwards: not applied. The same status and the same expiry as before: not applied. Anything
 * else (onboarding -> onboarded meanwhile: the partner's admin finished it; no read before) cannot tell.
 */
function reconnectEvidence(before: PartnerBefore | undefined, after: PartnerAfter): Evidence {
  if (after.onboardingStatus === 'notOnboarded') return 'notApplied';
  if (!before) return 'cannotTell';
  const started = after.onboardingStatus === 'onboarding' || after.onboardingStatus === 'onboarded';
  if (before.onboardingStatus === 'notOnboarded' && started) return 'tookEffect';
  if (after.onboardingStatus === 'onboarding' && laterRequest(before, after)) return 'tookEffect';
  if (after.onboardingStatus === before.onboardingStatus && sameRequest(before, after)) return 'notApplied';
  return 'cannotTell';
}

export const reconnect = operationKind({
  graphAction: 'beginOnboarding',
  intunePermission: REMOTE_ASSISTANCE_UPDATE,
  resultingStatus: 'onboarding',
  alreadyThere: (s) => s === 'onboarded',
  evidence: reconnectEvidence,
  // Offered once the partner is not onboarded (Disconnect comes first while it is).
  partnerButton: { order: 2 },
  style: 'positive',
  texts: {
    'en-US': {
      name: 'Reconnect',
      button: 'Reconnect',
      confirmTitle: 'Reconnect {{name}}?',
      approvalTitle: 'Approval needed: reconnect {{name}}',
      effect:
        'Reconnecting starts onboarding again: the connector shows as onboarding until someone completes the onboarding in TeamViewer.',
      running: 'Reconnect in progress',
      succeeded: 'Reconnection started',
      failed: 'Reconnect failed',
      statusRunning: 'A reconnect is in progress (started by {{name}} at {{when}}).',
      nothingToDo: 'Already onboarded and connected: nothing to do.',
      notPermitted: 'Your Intune role cannot reconnect partners',
    },
    'zh-CN': {
      name: '重新连接',
      button: '重新连接',
      confirmTitle: '重新连接 {{name}}？',
      approvalTitle: '需要审批：重新连接 {{name}}',
      effect: '重新连接将重新开始载入：在有人于 TeamViewer 中完成载入之前，连接器将显示为“正在载入”。',
      running: '正在重新连接',
      succeeded: '已开始重新连接',
      failed: '重新连接失败',
      statusRunning: '正在重新连接（由 {{name}} 于 {{when}} 发起）。',
      nothingToDo: '已载入并处于连接状态，无需操作。',
      notPermitted: '你的 Intune 角色无法重新连接合作伙伴',
    },
  },
});
