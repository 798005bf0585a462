import { formatWhen } from '../../src/i18n';

const AT = '2026-11-28T10:04:00Z';

describe('formatWhen', () => {
  it('gives UTC only without a time zone', () => {
    expect(formatWhen(AT, 'en-US')).toBe('2026-11-28 10:04 UTC');
    expect(formatWhen(AT, 'en-US', '')).toBe('2026-11-28 10:04 UTC');
  });

  it('adds the local time in a valid IANA time zone', () => {
    expect(formatWhen(AT, 'en-US', 'Europe/Berlin')).toBe('2026-11-28 10:04 UTC (11:04 Europe/Berlin)');
    expect(formatWhen('2026-07-01T10:04:00Z', 'en-US', 'Europe/Berlin')).toBe(
      '2026-07-01 10:04 UTC (12:04 Europe/Berlin)',
    );
  });

  it('names the local date when it differs from the UTC date', () => {
    expect(formatWhen('2026-11-28T23:04:00Z', 'en-US', 'Asia/Tokyo')).toBe(
      '2026-11-28 23:04 UTC (Nov 29, 08:04 Asia/Tokyo)',
    );
    expect(formatWhen('2026-11-28T23:04:00Z', 'zh-CN', 'Asia/Shanghai')).toBe(
      '2026-11-28 23:04 UTC（Asia/Shanghai 11月29日 07:04）',
    );
  });

  it('uses a 24-hour clock, also at midnight', () => {
    expect(formatWhen('2026-11-28T00:04:00Z', 'en-US')).toBe('2026-11-28 00:04 UTC');
    expect(formatWhen('2026-11-28T23:04:00Z', 'en-US', 'Europe/Berlin')).toBe(
      '2026-11-28 23:04 UTC (Nov 29, 00:04 Europe/Berlin)',
    );
  });

  it('formats for zh-CN', () => {
    expect(formatWhen(AT, 'zh-CN', 'Asia/Shanghai')).toBe('2026-11-28 10:04 UTC（Asia/Shanghai 18:04）');
    expect(formatWhen(AT, 'zh-Hans-CN')).toBe('2026-11-28 10:04 UTC');
  });

  it('falls back to UTC only for an invalid or UTC time zone, never throwing', () => {
    for (const tz of ['Mars/Olympus_Mons', 'Europe/Berlinn', 'not a zone', '+25:00', 'x'.repeat(300)]) {
      expect(formatWhen(AT, 'en-US', tz)).toBe('2026-11-28 10:04 UTC');
    }
    expect(formatWhen(AT, 'en-US', 'UTC')).toBe('2026-11-28 10:04 UTC');
    expect(formatWhen(AT, 'en-US', 'Etc/UTC')).toBe('2026-11-28 10:04 UTC');
  });

  it('returns a value that is not a date as it was given', () => {
    expect(formatWhen('yesterday', 'en-US', 'Europe/Berlin')).toBe('yesterday');
    expect(formatWhen('', 'en-US')).toBe('');
  });

  it('accepts an unknown locale (English)', () => {
    expect(formatWhen(AT, 'de-DE', 'Europe/Berlin')).toBe('2026-11-28 10:04 UTC (11:04 Europe/Berlin)');
  });
});
