import { AppError } from '../../src/core/errors';
import type { OnboardingStatus, OperationState } from '../../src/core/model';
import {
  ERROR_KINDS,
  SUPPORTED_LOCALES,
  denialText,
  errorKindLabel,
  errorText,
  onboardingStatusText,
  operationKindText,
  operationStateText,
  translator,
} from '../../src/i18n';

const en = translator('en-US');
const zh = translator('zh-CN');

describe('texts for the domain', () => {
  it.each(SUPPORTED_LOCALES.map((l) => [l]))('%s: every ErrorKind has a distinct title and a detail', (locale) => {
    const t = translator(locale);
    const titles = ERROR_KINDS.map((kind) => errorText(t, new AppError(kind, 'x')));
    for (const { title, detail } of titles) {
      expect(title.length).toBeGreaterThan(3);
      expect(detail.length).toBeGreaterThan(title.length);
    }
    expect(new Set(titles.map((x) => x.title)).size).toBe(ERROR_KINDS.length);
  });

  it('says what to do for the kinds admins meet', () => {
    const d = (kind: AppError['kind'], retryAfterSeconds?: number) =>
      errorText(en, new AppError(kind, 'x', { retryAfterSeconds })).detail;
    expect(d('graph.forbidden')).toMatch(/Intune role/);
    expect(d('graph.forbidden')).toMatch(/licence/);
    expect(d('graph.notFound')).toMatch(/List the partners again/);
    expect(d('graph.throttled', 42)).toContain('Try again in 42 s');
    expect(d('graph.throttled', 1.2)).toContain('Try again in 2 s');
    expect(d('graph.throttled')).toContain('Try again in a minute');
    expect(d('auth.consentRequired')).toContain('DeviceManagementServiceConfig.ReadWrite.All');
    expect(d('auth.consentRequired')).toMatch(/administrator must grant consent/);
    expect(d('auth.signInRequired')).toMatch(/Sign in/);
    expect(d('auth.interactionRequired')).toMatch(/Sign in again/);
    expect(errorText(zh, new AppError('graph.throttled', 'x', { retryAfterSeconds: 30 })).detail).toContain('30 秒');
  });

  it('labels the errorKind strings an operation record may hold', () => {
    expect(errorKindLabel(en, 'graph.forbidden')).toBe('Not permitted in Intune');
    expect(errorKindLabel(en, 'authz.readOnly')).toBe('Read-only');
    expect(errorKindLabel(en, 'reconciled.notApplied')).toMatch(/did not apply/);
    expect(errorKindLabel(en, 'weird_*kind*')).toBe('Error (weird\\_\\*kind\\*)');
  });

  it('names every onboarding status, operation state and kind', () => {
    const statuses: OnboardingStatus[] = ['notOnboarded', 'onboarding', 'onboarded', 'unknownFutureValue'];
    const states: OperationState[] = ['pending', 'running', 'succeeded', 'failed', 'cancelled', 'expired', 'denied'];
    for (const t of [en, zh]) {
      expect(new Set(statuses.map((s) => onboardingStatusText(t, s))).size).toBe(statuses.length);
      expect(new Set(states.map((s) => operationStateText(t, s))).size).toBe(states.length);
      expect(operationKindText(t, 'disconnect')).not.toBe(operationKindText(t, 'reconnect'));
    }
    expect(onboardingStatusText(en, 'notOnboarded')).toMatch(/Not onboarded/);
    expect(onboardingStatusText(zh, 'onboarded')).toContain('已载入');
    expect(onboardingStatusText(en, 'somethingNew' as OnboardingStatus)).toMatch(/Unknown/);
    expect(operationKindText(zh, 'disconnect')).toContain('断开');
  });

  it('explains every denial', () => {
    expect(denialText(en, 'wrongTenant', 'x').join(' ')).toMatch(/another organization/);
    expect(denialText(en, 'notAllowed', 'it-admins@contoso.com').join(' ')).toContain(
      'Ask it-admins@contoso.com to add you',
    );
    expect(denialText(en, 'notAllowed').join(' ')).toContain('your Intune administrator');
    expect(denialText(en, 'notAllowed', '  ').join(' ')).toContain('your Intune administrator');
    expect(denialText(en, 'readOnly').join(' ')).toMatch(/view .* but not change/);
    expect(denialText(en, 'notAllowed', '[click](http://evil)').join(' ')).toContain('\\[click\\](http://evil)');
  });
});
