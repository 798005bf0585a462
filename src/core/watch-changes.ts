/**
 * What is worth telling a watching conversation, from what the poller saw last time and what Graph says now:
 *
 * - the onboarding status changed (by this bot, the admin center, PowerShell or the partner's own admin);
 * - an onboarding request runs out within the warning window while the partner is still onboarding (once per
 *   request: a status change to onboarding already shows the expiry, so it is not announced a second time);
 * - a partner appeared or disappeared.
 *
 * The last connection time is not announced: it moves whenever the connector talks to Intune. Pure function.
 */
import { isSetDateTime, type Partner } from './model';
import type { PartnerSnapshot, WatchNotice } from './watch-model';

export interface DetectedChanges {
  /** What to remember now (one per current partner). */
  snapshots: PartnerSnapshot[];
  notices: WatchNotice[];
}

/** Graph's expiry as a stored instant, or undefined for "no request pending" (null, empty or year 1). */
export function expiryOf(partner: Partner): string | undefined {
  const value = partner.onboardingRequestExpiryDateTime;
  return isSetDateTime(value) ? new Date(Date.parse(value)).toISOString() : undefined;
}

/** The first look at a tenant: remember everything, announce nothing (a request near expiry counts as known). */
export function firstSnapshots(partners: readonly Partner[], now: Date, warningMs: number): PartnerSnapshot[] {
  return partners.map((p) => snapshotOf(p, expiringSoon(p, now, warningMs) ? expiryOf(p) : undefined));
}

export function detectChanges(
  previous: readonly PartnerSnapshot[],
  current: readonly Partner[],
  now: Date,
  warningMs: number,
): DetectedChanges {
  const before = new Map(previous.map((s) => [s.partnerId.toLowerCase(), s]));
  const notices: WatchNotice[] = [];
  const snapshots: PartnerSnapshot[] = [];
  for (const partner of current) {
    const prev = before.get(partner.id.toLowerCase());
    before.delete(partner.id.toLowerCase());
    const expiry = expiryOf(partner);
    const soon = expiringSoon(partner, now, warningMs);
    let noticeFor = prev?.expiryNoticeFor;
    if (!prev) {
      notices.push({ kind: 'added', partner });
      if (soon) noticeFor = expiry;
    } else if (prev.onboardingStatus !== partner.onboardingStatus) {
      notices.push({ kind: 'statusChanged', partner, from: prev.onboardingStatus });
      if (soon) noticeFor = expiry;
    } else if (soon && noticeFor !== expiry) {
      notices.push({ kind: 'expiring', partner, expired: Date.parse(expiry!) <= now.getTime() });
      noticeFor = expiry;
    }
    snapshots.push(snapshotOf(partner, noticeFor));
  }
  for (const gone of before.values())
    notices.push({ kind: 'removed', partner: { id: gone.partnerId, displayName: gone.displayName } });
  return { snapshots, notices };
}

/** True when the two lists remember the same (so nothing needs writing). */
export function sameSnapshots(a: readonly PartnerSnapshot[], b: readonly PartnerSnapshot[]): boolean {
  if (a.length !== b.length) return false;
  const key = (s: PartnerSnapshot) =>
    JSON.stringify([
      s.partnerId.toLowerCase(),
      s.displayName,
      s.onboardingStatus,
      s.onboardingRequestExpiry ?? null,
      s.expiryNoticeFor ?? null,
    ]);
  const left = new Set(a.map(key));
  return b.every((s) => left.has(key(s)));
}

function expiringSoon(partner: Partner, now: Date, warningMs: number): boolean {
  const expiry = expiryOf(partner);
  return (
    partner.onboardingStatus === 'onboarding' && expiry !== undefined && Date.parse(expiry) - now.getTime() <= warningMs
  );
}

function snapshotOf(partner: Partner, expiryNoticeFor: string | undefined): PartnerSnapshot {
  const snapshot: PartnerSnapshot = {
    partnerId: partner.id,
    displayName: partner.displayName,
    onboardingStatus: partner.onboardingStatus,
  };
  const expiry = expiryOf(partner);
  if (expiry) snapshot.onboardingRequestExpiry = expiry;
  if (expiryNoticeFor) snapshot.expiryNoticeFor = expiryNoticeFor;
  return snapshot;
}
