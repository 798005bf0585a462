import { status } from '../../src/commands/status';
import { escapeMarkdown, plainText, translator } from '../../src/i18n';

describe('markdown escaping', () => {
  it.each([
    ['**bold**', '\\*\\*bold\\*\\*'],
    ['_it_', '\\_it\\_'],
    ['[link](https://evil.example)', '\\[link\\](https://evil.example)'],
    ['![img](https://evil.example/x.png)', '!\\[img\\](https://evil.example/x.png)'],
    ['`code`', '\\`code\\`'],
    ['~~strike~~', '\\~\\~strike\\~\\~'],
    ['<https://evil.example>', '\\<https://evil.example\\>'],
    ['# Heading', '\\# Heading'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['1. item', '1\\. item'],
    ['a\\*b', 'a\\\\\\*b'],
    ['line1\n\n- line2', 'line1 - line2'],
    ['Team-Viewer 1.5 (EU)', 'Team-Viewer 1.5 (EU)'],
    ['王小明', '王小明'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('removes bidi overrides and control characters, bounds the length', () => {
    expect(escapeMarkdown('abc\u202edef\u0007')).toBe('abcdef');
    const long = escapeMarkdown('x'.repeat(1000));
    expect([...long].length).toBe(200);
    expect(long.endsWith('…')).toBe(true);
  });

  it('plainText keeps markdown characters (for button titles) but stays one bounded line', () => {
    expect(plainText('*A*\n[b]')).toBe('*A* [b]');
    expect(plainText(undefined)).toBe('');
  });

  it('the translator escapes string values, not the text around them', () => {
    const t = translator('en-US');
    expect(t('kind.disconnect.confirmTitle', { name: '**Evil** [x](http://e)' })).toBe(
      'Disconnect \\*\\*Evil\\*\\* \\[x\\](http://e)?',
    );
    expect(t.plain('kind.disconnect.confirmTitle', { name: '**Evil**' })).toBe('Disconnect **Evil**?');
    expect(status.texts.in({ locale: 'en-US' })('usage')).toBe('status _partner_');
    expect(t('list.title', { n: 3 })).toBe('Remote-assistance partners (3)');
  });
});
