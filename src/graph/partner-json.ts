/**
 * A remoteAssistancePartner as Graph sends it -> the domain's Partner.
 *
 * Values are kept as Graph gives them (the cards decide how a .NET minimum date such as
 * 0001-01-01T00:00:00Z reads); wrong types become null or the enum's unknownFutureValue, never a crash.
 * The Intune API page for GET shows the entity wrapped in {"value": {...}} while OData answers carry it at
 * the top level: both are read.
 */
import { AppError } from '../core/errors';
import type { OnboardingStatus, Partner } from '../core/model';

const STATUSES: readonly OnboardingStatus[] = ['notOnboarded', 'onboarding', 'onboarded'];

export function partnerFromGraph(raw: unknown): Partner {
  let p = (raw ?? {}) as Record<string, unknown>;
  if (typeof p.id !== 'string' && p.value && typeof p.value === 'object' && !Array.isArray(p.value)) {
    p = p.value as Record<string, unknown>;
  }
  if (typeof p.id !== 'string') throw new AppError('graph.unexpected', 'Graph returned a partner without an id');
  const optional = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    id: p.id,
    displayName: typeof p.displayName === 'string' ? p.displayName : p.id,
    onboardingUrl: optional(p.onboardingUrl),
    onboardingStatus: STATUSES.includes(p.onboardingStatus as OnboardingStatus)
      ? (p.onboardingStatus as OnboardingStatus)
      : 'unknownFutureValue',
    lastConnectionDateTime: optional(p.lastConnectionDateTime),
    onboardingRequestExpiryDateTime: optional(p.onboardingRequestExpiryDateTime),
  };
}
