/** What the watch tells: the change detection on its own (pure). */
import type { Partner } from '../../src/core/model';
import { detectChanges, firstSnapshots, sameSnapshots } from '../../src/core/watch-changes';

const NOW = new Date('2025-03-01T10:00:00.000Z');
const DAY = 24 * 3_600_000;
const inHours = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();
const tv = (over: Partial<Partner> = {}): Partner => ({
  id: 'p-tv',
  displayName: 'TeamViewer Connector',
  onboardingStatus: 'onboarded',
  lastConnectionDateTime: '2025-03-01T09:00:00Z',
  onboardingRequestExpiryDateTime: '0001-01-01T00:00:00Z',
  ...over,
});

describe('watch: what is worth telling', () => {
  test('nothing changed, or only the last connection moved: nothing to tell, nothing to write', () => {
    const before = firstSnapshots([tv()], NOW, DAY);
    const again = detectChanges(before, [tv({ lastConnectionDateTime: '2025-03-01T09:59:00Z' })], NOW, DAY);
    expect(again.notices).toEqual([]);
    expect(sameSnapshots(before, again.snapshots)).toBe(true);
  });

  test('a status change is told once, with where it came from', () => {
    const before = firstSnapshots([tv()], NOW, DAY);
    const after = detectChanges(before, [tv({ onboardingStatus: 'notOnboarded' })], NOW, DAY);
    expect(after.notices).toEqual([
      { kind: 'statusChanged', partner: tv({ onboardingStatus: 'notOnboarded' }), from: 'onboarded' },
    ]);
    expect(detectChanges(after.snapshots, [tv({ onboardingStatus: 'notOnboarded' })], NOW, DAY).notices).toEqual([]);
  });

  test('an onboarding request: told when it comes within the window, once; a new request is told again; year 1 means none', () => {
    const far = tv({ onboardingStatus: 'onboarding', onboardingRequestExpiryDateTime: inHours(48) });
    const start = firstSnapshots([far], NOW, DAY);
    expect(detectChanges(start, [far], NOW, DAY).notices).toEqual([]);
    const later = new Date(NOW.getTime() + 30 * 3_600_000); // 18 h left
    const warned = detectChanges(start, [far], later, DAY);
    expect(warned.notices).toEqual([{ kind: 'expiring', partner: far, expired: false }]);
    expect(detectChanges(warned.snapshots, [far], later, DAY).notices).toEqual([]);
    // Ran out without a new warning: it was told already.
    expect(detectChanges(warned.snapshots, [far], new Date(NOW.getTime() + 49 * 3_600_000), DAY).notices).toEqual([]);
    const renewed = tv({ onboardingStatus: 'onboarding', onboardingRequestExpiryDateTime: inHours(40) });
    expect(detectChanges(warned.snapshots, [renewed], later, DAY).notices).toEqual([
      { kind: 'expiring', partner: renewed, expired: false },
    ]);
    const none = tv({ onboardingStatus: 'onboarding', onboardingRequestExpiryDateTime: '0001-01-01T00:00:00Z' });
    expect(detectChanges(start, [none], later, DAY).notices).toEqual([]);
  });

  test('a request first seen already run out is told as run out; a change to onboarding carries its expiry and is not told twice', () => {
    const start = firstSnapshots(
      [tv({ onboardingStatus: 'onboarding', onboardingRequestExpiryDateTime: inHours(100) })],
      NOW,
      DAY,
    );
    const gone = tv({ onboardingStatus: 'onboarding', onboardingRequestExpiryDateTime: inHours(-1) });
    expect(detectChanges(start, [gone], NOW, DAY).notices).toEqual([
      { kind: 'expiring', partner: gone, expired: true },
    ]);

    const onboarded = firstSnapshots([tv()], NOW, DAY);
    const reconnected = tv({ onboardingStatus: 'onboarding', onboardingRequestExpiryDateTime: inHours(1) });
    const changed = detectChanges(onboarded, [reconnected], NOW, DAY);
    expect(changed.notices.map((n) => n.kind)).toEqual(['statusChanged']);
    expect(detectChanges(changed.snapshots, [reconnected], NOW, DAY).notices).toEqual([]);
  });

  test('partners that appear or disappear are told; the first look tells nothing', () => {
    const other: Partner = { id: 'p-other', displayName: 'Contoso Remote Help', onboardingStatus: 'notOnboarded' };
    const start = firstSnapshots([tv()], NOW, DAY);
    const changed = detectChanges(start, [other], NOW, DAY);
    expect(changed.notices).toEqual([
      { kind: 'added', partner: other },
      { kind: 'removed', partner: { id: 'p-tv', displayName: 'TeamViewer Connector' } },
    ]);
    // Ids are compared as Graph treats them: case-insensitively.
    expect(detectChanges(start, [tv({ id: 'P-TV' })], NOW, DAY).notices).toEqual([]);
  });
});
