import { formatWhen, resolveLocale, translator } from '../../src/i18n';
import { memo } from '../../src/i18n/memo';

describe('memo', () => {
  it('computes a key once and answers it again from memory', () => {
    const m = memo<string>(10, 20);
    const compute = jest.fn(() => 'answer');
    expect(m('k', compute)).toBe('answer');
    expect(m('k', compute)).toBe('answer');
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('keeps at most `limit` answers: when full it forgets them and computes again', () => {
    const m = memo<number>(3, 20);
    const computed: string[] = [];
    const ask = (k: string) => m(k, () => (computed.push(k), k.length));
    for (const k of ['a', 'bb', 'ccc', 'dddd', 'a']) ask(k);
    expect(computed).toEqual(['a', 'bb', 'ccc', 'dddd', 'a']);
    expect(ask('dddd')).toBe(4);
    expect(computed).toHaveLength(5);
  });

  it('does not keep a key longer than maxKeyLength', () => {
    const m = memo<string>(10, 5);
    const compute = jest.fn(() => 'x');
    m('123456', compute);
    m('123456', compute);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('keeps an undefined answer as an answer', () => {
    const m = memo<string | undefined>(10, 20);
    const compute = jest.fn((): string | undefined => undefined);
    expect(m('k', compute)).toBeUndefined();
    expect(m('k', compute)).toBeUndefined();
    expect(compute).toHaveBeenCalledTimes(1);
  });
});

describe('the memoized helpers answer as before, whatever was asked before them', () => {
  const AT = '2026-11-28T23:04:00Z';

  it('formatWhen keeps time zones and locales apart', () => {
    const expected = [
      ['en-US', 'Europe/Berlin', '2026-11-28 23:04 UTC (Nov 29, 00:04 Europe/Berlin)'],
      ['en-US', 'Asia/Tokyo', '2026-11-28 23:04 UTC (Nov 29, 08:04 Asia/Tokyo)'],
      ['zh-CN', 'Asia/Shanghai', '2026-11-28 23:04 UTC（Asia/Shanghai 11月29日 07:04）'],
      ['en-US', 'Asia/Shanghai', '2026-11-28 23:04 UTC (Nov 29, 07:04 Asia/Shanghai)'],
      ['en-US', undefined, '2026-11-28 23:04 UTC'],
    ] as const;
    for (let round = 0; round < 2; round++) {
      for (const [locale, zone, text] of expected) expect(formatWhen(AT, locale, zone)).toBe(text);
    }
  });

  it('formatWhen still gives back what is not a date, also when asked again', () => {
    for (let round = 0; round < 2; round++) {
      expect(formatWhen('yesterday', 'en-US', 'Europe/Berlin')).toBe('yesterday');
      expect(formatWhen(undefined as unknown as string, 'en-US')).toBe('');
    }
  });

  it('resolveLocale answers each tag as before when asked again, and odd long input too', () => {
    for (let round = 0; round < 2; round++) {
      expect(resolveLocale('zh-Hans-CN')).toBe('zh-CN');
      expect(resolveLocale('en-GB')).toBe('en-US');
      expect(resolveLocale('zh-' + 'x'.repeat(500))).toBe('zh-CN');
    }
  });
});

describe('the translator keeps texts apart by key, values, locale and escaping', () => {
  it('gives each combination its own text, also when asked again', () => {
    const en = translator('en-US');
    const zh = translator('zh-CN');
    for (let round = 0; round < 2; round++) {
      const plain = en.plain('signIn.promptFor', { name: 'a_b' });
      expect(en('signIn.promptFor', { name: 'a_b' })).toBe(plain.replaceAll('a_b', 'a\\_b'));
      expect(en.plain('signIn.promptFor', { name: 'a_b' })).toContain('a_b');
      expect(en.plain('signIn.promptFor', { name: 'c' })).toContain('c');
      expect(en.plain('signIn.promptFor', { name: 'c' })).not.toContain('a_b');
      expect(zh.plain('signIn.promptFor', { name: 'c' })).not.toBe(en.plain('signIn.promptFor', { name: 'c' }));
      expect(en.plain('signIn.button')).not.toBe(zh.plain('signIn.button'));
    }
  });
});
