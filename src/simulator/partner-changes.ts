/**
 * Changes to a partner made OUTSIDE the bot, as an Intune admin would in the admin center or PowerShell, or as
 * the partner's own admin finishing the onboarding: what the watch has to notice. Used by tests
 * (Simulator.changePartner), the control endpoint POST /_sim/partners and `npm run sim -- partner ...`.
 *
 * A status alone is completed the way Intune leaves the other fields (see graph-partners.ts for the actions):
 * notOnboarded and onboarded clear the onboarding request's expiry; onboarded connects now; onboarding starts a
 * request of an hour unless an expiry is given.
 */
import type { OnboardingStatus, Partner } from '../core/model';
import { HttpError } from './http';

export const ONBOARDING_WINDOW_MS = 60 * 60 * 1000;
const STATUSES: readonly OnboardingStatus[] = ['notOnboarded', 'onboarding', 'onboarded'];

export interface PartnerChange {
  /** The partner's id, or (part of) its display name when that names one partner. */
  partner: string;
  onboardingStatus?: OnboardingStatus;
  displayName?: string;
  /** ISO 8601, or null for none. */
  onboardingRequestExpiryDateTime?: string | null;
  /** Shortcut: the request runs out this many minutes from now. */
  expiresInMinutes?: number;
  lastConnectionDateTime?: string | null;
  /** Create the partner when no partner has this id (then `displayName` is required). */
  create?: boolean;
  /** Remove the partner from the tenant. */
  remove?: boolean;
  /** A customer tenant's partner (short name, tenant id or domain) instead of the home tenant's. */
  customer?: string;
}

export function findPartner(partners: Map<string, Partner>, query: string): Partner | undefined {
  const byId = partners.get(query.toLowerCase());
  if (byId) return byId;
  const q = query.toLowerCase();
  const matches = [...partners.values()].filter((p) => p.displayName.toLowerCase().includes(q));
  if (matches.length > 1) throw new HttpError(400, `"${query}" names ${matches.length} partners: use the id`);
  return matches[0];
}

function instant(value: unknown, what: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || !/[Zz]|[+-]\d{2}:\d{2}$/.test(value))
    throw new HttpError(400, `${what} must be an ISO 8601 date-time with a zone, or null`);
  return new Date(Date.parse(value)).toISOString();
}

/** Applies the change to `partners`; returns the partner as it is now (undefined when removed). */
export function changePartner(
  partners: Map<string, Partner>,
  change: PartnerChange,
  now = Date.now(),
): Partner | undefined {
  if (!change || typeof change.partner !== 'string' || !change.partner.trim())
    throw new HttpError(400, 'partner (an id or a name) is required');
  if (change.onboardingStatus !== undefined && !STATUSES.includes(change.onboardingStatus)) {
    throw new HttpError(400, `onboardingStatus must be one of ${STATUSES.join(', ')}`);
  }
  let partner = findPartner(partners, change.partner.trim());
  if (change.remove) {
    if (!partner) throw new HttpError(404, `No simulated partner '${change.partner}'`);
    partners.delete(partner.id.toLowerCase());
    return undefined;
  }
  if (!partner) {
    if (!change.create || !change.displayName)
      throw new HttpError(
        404,
        `No simulated partner '${change.partner}' (to add one: create: true with a displayName)`,
      );
    partner = {
      id: change.partner.trim(),
      displayName: change.displayName,
      onboardingUrl: null,
      onboardingStatus: 'notOnboarded',
      lastConnectionDateTime: null,
      onboardingRequestExpiryDateTime: null,
    };
    partners.set(partner.id.toLowerCase(), partner);
  }
  if (change.displayName !== undefined) partner.displayName = String(change.displayName);
  if (change.onboardingStatus !== undefined) {
    partner.onboardingStatus = change.onboardingStatus;
    if (change.onboardingStatus === 'onboarding')
      partner.onboardingRequestExpiryDateTime = new Date(now + ONBOARDING_WINDOW_MS).toISOString();
    else partner.onboardingRequestExpiryDateTime = null;
    if (change.onboardingStatus === 'onboarded') partner.lastConnectionDateTime = new Date(now).toISOString();
  }
  if (change.expiresInMinutes !== undefined) {
    if (typeof change.expiresInMinutes !== 'number' || !Number.isFinite(change.expiresInMinutes))
      throw new HttpError(400, 'expiresInMinutes must be a number');
    partner.onboardingRequestExpiryDateTime = new Date(now + change.expiresInMinutes * 60_000).toISOString();
  }
  if (change.onboardingRequestExpiryDateTime !== undefined)
    partner.onboardingRequestExpiryDateTime = instant(
      change.onboardingRequestExpiryDateTime,
      'onboardingRequestExpiryDateTime',
    );
  if (change.lastConnectionDateTime !== undefined)
    partner.lastConnectionDateTime = instant(change.lastConnectionDateTime, 'lastConnectionDateTime');
  return { ...partner };
}
