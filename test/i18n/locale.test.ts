import { resolveLocale } from '../../src/i18n';

describe('resolveLocale', () => {
  it.each(['zh-CN', 'zh-cn', 'zh', 'zh-Hans-CN', 'zh-Hans', 'zh_CN', ' ZH-CN ', 'zh-SG'])('%s -> zh-CN', (raw) => {
    expect(resolveLocale(raw)).toBe('zh-CN');
  });

  it.each(['en-US', 'en-us', 'en', 'en-GB', 'de-DE', 'fr', 'xx', '', '   ', '--', 'not a locale!', 'zhx-CN'])(
    '%j -> en-US',
    (raw) => {
      expect(resolveLocale(raw)).toBe('en-US');
    },
  );

  it('falls back to en-US without a locale', () => {
    expect(resolveLocale()).toBe('en-US');
    expect(resolveLocale(undefined)).toBe('en-US');
    expect(resolveLocale(null)).toBe('en-US');
    expect(resolveLocale(42 as unknown as string)).toBe('en-US');
  });
});
