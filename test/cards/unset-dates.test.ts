/**
 * lastConnectionDateTime and onboardingRequestExpiryDateTime are Edm.DateTimeOffset Nullable="false" in Graph's
 * beta metadata (test/contracts/fixtures/graph-beta-remote-assistance.xml): Intune sends the .NET minimum
 * (0001-01-01T00:00:00Z) for "never" / "none". The cards must read it as such, in every language, and not as
 * a date in year 1. null is still handled (older answers, other tenants).
 */
import { renderReply } from '../../src/commands';
import type { Partner } from '../../src/core/model';
import { factValue, visibleText } from './card-shape';
import { operation, partner } from './fixtures';

const EN = { locale: 'en-US', timeZone: 'Europe/Berlin' };
const ZH = { locale: 'zh-CN', timeZone: 'Asia/Shanghai' };
/** What .NET serializers write for DateTimeOffset.MinValue, in the spellings seen in Graph answers. */
const UNSET = ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.0000000Z', '0001-01-01T00:00:00+00:00', null];

const neverConnected = (value: string | null): Partner =>
  partner({ onboardingStatus: 'notOnboarded', lastConnectionDateTime: value, onboardingRequestExpiryDateTime: value });

describe.each(UNSET)('a partner whose dates are %p', (value) => {
  it('the list card says "never" (en-US) / 从未连接 (zh-CN), no year 1', () => {
    const en = renderReply({ type: 'partnerList', partners: [neverConnected(value)] }, EN);
    expect(factValue(en, 'Last connection')).toBe('never');
    const zh = renderReply({ type: 'partnerList', partners: [neverConnected(value)] }, ZH);
    expect(factValue(zh, '上次连接')).toBe('从未连接');
    for (const card of [en, zh]) expect(visibleText(card)).not.toMatch(/0001-01-01|year 1/);
  });

  it('the status card says "never" and "no expiry" (en-US) / 从未连接 and 无到期时间 (zh-CN)', () => {
    const en = renderReply({ type: 'partnerStatus', partner: neverConnected(value) }, EN);
    expect(factValue(en, 'Last connection')).toBe('never');
    expect(factValue(en, 'Onboarding request expires')).toBe('no expiry');
    const zh = renderReply({ type: 'partnerStatus', partner: neverConnected(value) }, ZH);
    expect(factValue(zh, '上次连接')).toBe('从未连接');
    expect(factValue(zh, '载入请求到期时间')).toBe('无到期时间');
    for (const card of [en, zh]) expect(visibleText(card)).not.toContain('0001-01-01');
  });

  it('the confirmation card says "never" for the last connection', () => {
    const reply = {
      type: 'confirm' as const,
      operation: operation({ kind: 'reconnect' }),
      partner: neverConnected(value),
    };
    expect(factValue(renderReply(reply, EN), 'Last connection')).toBe('never');
    expect(factValue(renderReply(reply, ZH), '上次连接')).toBe('从未连接');
    expect(visibleText(renderReply(reply, EN))).not.toContain('0001-01-01');
  });
});

describe('real dates are still shown as dates', () => {
  it('a real last connection and a real expiry (with an offset and 7 fractional digits, as the API page shows)', () => {
    const p = partner({
      onboardingStatus: 'onboarding',
      lastConnectionDateTime: '2016-12-31T23:58:36.6670033-08:00',
      onboardingRequestExpiryDateTime: '2017-01-01T00:02:07.7573274-08:00',
    });
    const card = renderReply({ type: 'partnerStatus', partner: p }, EN);
    expect(factValue(card, 'Last connection')).toBe('2017-01-01 07:58 UTC (08:58 Europe/Berlin)');
    expect(factValue(card, 'Onboarding request expires')).toBe('2017-01-01 08:02 UTC (09:02 Europe/Berlin)');
  });

  it('the operation result card shows no partner date at all (only when and by whom), so year 1 cannot appear there', () => {
    const done = renderReply(
      {
        type: 'operation',
        operation: operation({ state: 'succeeded', completedAt: '2026-11-28T10:04:00Z' }),
        alreadyDecided: false,
      },
      EN,
    );
    expect(visibleText(done)).not.toContain('0001-01-01');
    expect(factValue(done, 'When')).toBe('2026-11-28 10:04 UTC (11:04 Europe/Berlin)');
  });
});
