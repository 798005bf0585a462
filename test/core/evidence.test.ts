/**
 * Each operation kind states its evidence (catalogue.ts): the partner as read before the call (kept with the
 * claim) against a read after it. "Took effect" only when the change is this action's; "cannot tell" when the
 * reads do not show it.
 */
import { OPERATION_KINDS, type Evidence, type PartnerAfter } from '../../src/core/catalogue';
import type { PartnerBefore } from '../../src/core/model';

const T1 = '2030-01-01T10:00:00.000Z';
const T2 = '2030-01-01T11:00:00Z';
const NONE = '0001-01-01T00:00:00Z';
const b = (onboardingStatus: PartnerBefore['onboardingStatus'], expiry?: string): PartnerBefore => ({
  onboardingStatus,
  ...(expiry ? { onboardingRequestExpiryDateTime: expiry } : {}),
});
const a = (onboardingStatus: PartnerAfter['onboardingStatus'], expiry: string | null = NONE): PartnerAfter => ({
  onboardingStatus,
  onboardingRequestExpiryDateTime: expiry,
});

describe('the evidence of a disconnect', () => {
  const cases: [string, PartnerBefore | undefined, PartnerAfter, Evidence][] = [
    ['onboarded -> notOnboarded', b('onboarded'), a('notOnboarded'), 'tookEffect'],
    ['onboarding -> notOnboarded', b('onboarding', T1), a('notOnboarded'), 'tookEffect'],
    ['onboarded -> onboarded', b('onboarded'), a('onboarded'), 'notApplied'],
    ['already notOnboarded before the call', b('notOnboarded'), a('notOnboarded'), 'cannotTell'],
    ['no read before (an older record), notOnboarded now', undefined, a('notOnboarded'), 'cannotTell'],
    ['no read before, still onboarded', undefined, a('onboarded'), 'notApplied'],
  ];
  it.each(cases)('%s', (_name, before, after, expected) => {
    expect(OPERATION_KINDS.disconnect.evidence(before, after)).toBe(expected);
  });
});

describe('the evidence of a reconnect (beginOnboarding)', () => {
  const cases: [string, PartnerBefore | undefined, PartnerAfter, Evidence][] = [
    ['notOnboarded -> onboarding', b('notOnboarded'), a('onboarding', T2), 'tookEffect'],
    ['notOnboarded -> onboarded (finished at once)', b('notOnboarded'), a('onboarded'), 'tookEffect'],
    ['onboarding, a later expiry (the request was renewed)', b('onboarding', T1), a('onboarding', T2), 'tookEffect'],
    [
      'onboarding, the same expiry (other notation)',
      b('onboarding', T1),
      a('onboarding', '2030-01-01T10:00:00Z'),
      'notApplied',
    ],
    ['onboarding, an earlier expiry', b('onboarding', T2), a('onboarding', T1), 'cannotTell'],
    ['onboarding -> onboarded meanwhile (the partner finished it)', b('onboarding', T1), a('onboarded'), 'cannotTell'],
    ['notOnboarded -> notOnboarded', b('notOnboarded'), a('notOnboarded'), 'notApplied'],
    ['onboarding -> notOnboarded', b('onboarding', T1), a('notOnboarded'), 'notApplied'],
    ['no read before, onboarding now', undefined, a('onboarding', T2), 'cannotTell'],
    ['no read before, notOnboarded now', undefined, a('notOnboarded'), 'notApplied'],
    ['onboarded -> onboarding with a request (started again)', b('onboarded'), a('onboarding', T2), 'tookEffect'],
    ['onboarded -> onboarded', b('onboarded'), a('onboarded', null), 'notApplied'],
  ];
  it.each(cases)('%s', (_name, before, after, expected) => {
    expect(OPERATION_KINDS.reconnect.evidence(before, after)).toBe(expected);
  });
});
