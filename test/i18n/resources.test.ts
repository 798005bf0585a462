import * as fs from 'fs';
import * as path from 'path';
import { REGISTRY } from '../../src/commands';
import { MUTATING_KINDS } from '../../src/core/kinds';
import { RESOURCES, SUPPORTED_LOCALES } from '../../src/i18n/locales';
import { flattenKeys } from '../../src/i18n/messages';
import { hasKey } from '../../src/i18n/translator';

const keysOf = (locale: (typeof SUPPORTED_LOCALES)[number]) => new Set(flattenKeys(RESOURCES[locale]));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'locales' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/**
 * Every key that src/ passes to t('...') or t.plain('...') as a literal. An operation
 * kind's word is passed as t(`kind.${kind}.<word>`): that is a use of the word for every kind.
 */
function usedKeys(): Set<string> {
  const used = new Set<string>();
  for (const file of sourceFiles(path.join(__dirname, '../../src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt(?:\.plain)?\(\s*'([^']+)'/g)) used.add(m[1]);
    for (const m of text.matchAll(/\bt(?:\.plain)?\(\s*`kind\.\$\{kind\}\.(\w+)`/g))
      MUTATING_KINDS.forEach((k) => used.add(`kind.${k}.${m[1]}`));
  }
  return used;
}

describe('locale resources', () => {
  it('supports en-US and zh-CN', () => {
    expect(SUPPORTED_LOCALES).toEqual(expect.arrayContaining(['en-US', 'zh-CN']));
  });

  it.each(SUPPORTED_LOCALES.map((l) => [l]))('%s has exactly the keys of every other locale', (locale) => {
    const mine = keysOf(locale);
    for (const other of SUPPORTED_LOCALES) {
      const theirs = keysOf(other);
      expect({ other, missing: [...theirs].filter((k) => !mine.has(k)) }).toEqual({ other, missing: [] });
      expect({ other, extra: [...mine].filter((k) => !theirs.has(k)) }).toEqual({ other, extra: [] });
    }
  });

  it.each(SUPPORTED_LOCALES.map((l) => [l]))('%s: every text is a non-empty string known to i18next', (locale) => {
    for (const key of keysOf(locale)) {
      expect(hasKey(locale, key)).toBe(true);
    }
  });

  it('keeps the same {{placeholders}} in every locale', () => {
    const get = (obj: object, key: string) =>
      key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj) as string;
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of keysOf('en-US')) {
      for (const locale of SUPPORTED_LOCALES) {
        expect({ key, locale, vars: vars(get(RESOURCES[locale], key)) }).toEqual({
          key,
          locale,
          vars: vars(get(RESOURCES['en-US'], key)),
        });
      }
    }
  });

  it('zh-CN is actually Chinese', () => {
    const zh = flattenKeys(RESOURCES['zh-CN']);
    const withHan = zh.filter((k) =>
      /\p{Script=Han}/u.test(
        k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], RESOURCES['zh-CN']) as string,
      ),
    );
    expect(withHan.length / zh.length).toBeGreaterThan(0.8);
  });

  it('every key the source uses exists, and no key is unused', () => {
    const defined = keysOf('en-US');
    const used = usedKeys();
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((k) => !defined.has(k)).sort()).toEqual([]);
    expect([...defined].filter((k) => !used.has(k)).sort()).toEqual([]);
  });
});

/** The value at a dotted key of a text tree. */
const at = (obj: object, key: string) =>
  key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], obj) as string;

describe("the commands' own texts (src/commands/<name>/texts.ts)", () => {
  it.each(REGISTRY.map((c) => [c.spec.name, c] as const))(
    '%s: the same keys and {{placeholders}} in every locale, none empty',
    (_name, command) => {
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      const texts = command.texts.texts;
      const keys = flattenKeys(texts['en-US']);
      for (const locale of SUPPORTED_LOCALES) {
        expect(flattenKeys(texts[locale])).toEqual(keys);
        for (const key of keys) {
          expect(at(texts[locale], key).trim()).not.toBe('');
          expect({ key, locale, vars: vars(at(texts[locale], key)) }).toEqual({
            key,
            locale,
            vars: vars(at(texts['en-US'], key)),
          });
        }
      }
    },
  );

  // Used: named by its help entry, or as a literal in its folder's code (tx('key'), or a table of keys for tx).
  it.each(REGISTRY.map((c) => [c.spec.name, c] as const))(
    '%s: every key of its texts is used in its folder',
    (name, command) => {
      const used = new Set<string>([command.help.usage, command.help.description]);
      for (const file of sourceFiles(path.join(__dirname, '../../src/commands', name)).filter(
        (f) => !f.endsWith('texts.ts'),
      )) {
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/'([A-Za-z][\w.]*)'/g)) used.add(m[1]);
      }
      expect(flattenKeys(command.texts.texts['en-US']).filter((k) => !used.has(k))).toEqual([]);
    },
  );
});
