/**
 * The one i18next instance of the bot: created and initialized once, synchronously, at module load, from
 * the resources compiled into the bundle (no backend, no network, no language detector).
 */
import i18next from 'i18next';
import { DEFAULT_LOCALE, RESOURCES, SUPPORTED_LOCALES, type SupportedLocale } from './locales';
import { escapeMarkdown, plainText, type Markdown } from './markdown';
import type { Leaves, MessageKey, Shape, TextTree } from './messages';
import { memo } from './memo';

/**
 * Inside i18next the resources are filed under the bare language ('en', 'zh'): for a code with a region
 * i18next canonicalizes it (Intl.getCanonicalLocales) on every lookup, a quarter of a card's render time.
 * Our locales map one-to-one onto these languages.
 */
const LANGUAGE = (locale: SupportedLocale): string => locale.split('-')[0];

const instance = i18next.createInstance();
void instance.init({
  resources: Object.fromEntries(SUPPORTED_LOCALES.map((l) => [LANGUAGE(l), { translation: RESOURCES[l] }])),
  lng: LANGUAGE(DEFAULT_LOCALE),
  fallbackLng: LANGUAGE(DEFAULT_LOCALE),
  supportedLngs: SUPPORTED_LOCALES.map(LANGUAGE),
  load: 'currentOnly',
  initAsync: false,
  // Cards are JSON, not HTML; markdown escaping is done per value below.
  interpolation: { escapeValue: false },
  returnNull: false,
  returnEmptyString: false,
  showSupportNotice: false,
});
if (!instance.isInitialized) throw new Error('i18n: the i18next instance did not initialize synchronously');

/** A string that is not already `Markdown` (a Markdown value would be escaped a second time). */
type RawString = string & { readonly __markdown?: never };

/**
 * Values interpolated into a text: strings are user-controlled until proven otherwise and are escaped; text that is
 * already markdown-safe (a name from `ctx.who`, a time from `ctx.when`, another text) goes in as `safe(text)`, as it
 * is. A plain `Markdown` string does not compile here: it would be escaped twice (`john\_doe`).
 */
export type Vars = Readonly<Record<string, RawString | number | SafeText>>;

/** Markdown-safe text to interpolate as it is (see Vars). */
export class SafeText {
  constructor(readonly markdown: Markdown) {}
}

export const safe = (markdown: Markdown): SafeText => new SafeText(markdown);

/**
 * `t(key, vars)`: the text for `key`, markdown-safe: every string in `vars` is escaped (numbers are shown as they
 * are). `t.plain`: the same text for places that do not render markdown (button titles): values are not escaped.
 */
export type Translate = ScopedTranslate<MessageKey>;

/** `f` for user-controlled strings; safe text as it is (`unsafe`: for plain text, where its escapes are taken out). */
function mapVars(
  vars: Vars | undefined,
  f: (s: string) => string,
  fromSafe: (m: Markdown) => string,
): Record<string, string | number> | undefined {
  if (!vars) return undefined;
  return Object.fromEntries(
    Object.entries(vars).map(([k, v]) => [
      k,
      v instanceof SafeText ? fromSafe(v.markdown) : typeof v === 'string' ? f(v) : v,
    ]),
  );
}

/** Markdown-safe text read back as plain text (for button titles): the backslash escapes removed. */
const unescape = (m: Markdown): string => m.replace(/\\([\\`*_~[\]<>#|.)+-])/g, '$1');

const cache = new Map<SupportedLocale, Translate>();

// instance.t with `lng` rather than getFixedT: the fixed T copies all of i18next's options on every call,
// which the benchmark's profile showed as the largest cost of rendering a card.
const t0 = instance.t as unknown as (key: string, options: Record<string, unknown>) => unknown;

/** The translator's two forms (markdown-safe and plain) over one lookup, in i18next's namespace `ns`. */
function translate<K extends string>(known: SupportedLocale, ns: string | undefined): ScopedTranslate<K> {
  const options = ns ? { lng: LANGUAGE(known), ns } : { lng: LANGUAGE(known) };
  const lookUp = (key: string, vars: Record<string, string | number> | undefined): string =>
    String(t0.call(instance, key, { ...vars, ...options }));
  // The resources never change once a namespace is added (before its first translator), so a text is a function of
  // its key and values: kept (a card asks for the same dozen texts on every turn, and i18next's lookup was most of a
  // card's render time).
  const texts = memo<string>(2000, 500);
  const text = (key: string, vars: Record<string, string | number> | undefined): string =>
    texts(vars ? `${key}\u0000${JSON.stringify(vars)}` : key, () => lookUp(key, vars));
  const markdown = (key: K, vars?: Vars) =>
    text(
      key,
      mapVars(
        vars,
        (s) => escapeMarkdown(s),
        (m) => m,
      ),
    ) as Markdown;
  return Object.assign(markdown, {
    plain: (key: K, vars?: Vars) =>
      plainText(
        text(
          key,
          mapVars(vars, (s) => plainText(s), unescape),
        ),
        1000,
      ),
    locale: known,
  });
}

/** The translator for one of our locales (see resolveLocale for the activity's raw locale). */
export function translator(locale: SupportedLocale): Translate {
  const known = SUPPORTED_LOCALES.includes(locale) ? locale : DEFAULT_LOCALE;
  const hit = cache.get(known);
  if (hit) return hit;
  const t = translate<MessageKey>(known, undefined);
  cache.set(known, t);
  return t;
}

/**
 * Texts that live beside their code (a command's texts, src/commands/<name>/texts.ts): en-US gives the shape, and
 * every other locale must give the same keys (a missing or extra key does not compile).
 */
export type LocaleTexts<T extends TextTree> = { readonly 'en-US': T } & {
  readonly [L in Exclude<SupportedLocale, 'en-US'>]: Shape<T>;
};

/** A translator for one such text tree, typed by its own keys (markdown-safe, or `plain`, as Translate). */
export interface ScopedTranslate<K extends string> {
  (key: K, vars?: Vars): Markdown;
  plain(key: K, vars?: Vars): string;
  readonly locale: SupportedLocale;
}

const scopedCache = new Map<string, ScopedTranslate<string>>();

/**
 * The translator of `texts` in `locale`. The texts become i18next's namespace `namespace` (one per owner, e.g.
 * `command.whoami`) the first time they are asked for, so interpolation, escaping and the fallback to en-US are
 * those of every other text.
 */
export function scopedTranslator<T extends TextTree>(
  namespace: string,
  texts: LocaleTexts<T>,
  locale: SupportedLocale,
): ScopedTranslate<Leaves<T>> {
  const known = SUPPORTED_LOCALES.includes(locale) ? locale : DEFAULT_LOCALE;
  const id = `${namespace}|${known}`;
  const hit = scopedCache.get(id);
  if (hit) return hit;
  if (!instance.hasResourceBundle(LANGUAGE(DEFAULT_LOCALE), namespace)) {
    for (const l of SUPPORTED_LOCALES) instance.addResourceBundle(LANGUAGE(l), namespace, texts[l], true, true);
  }
  const t = translate<string>(known, namespace);
  scopedCache.set(id, t);
  return t;
}

/** For the tests: whether the instance holds `key` for `locale` (without falling back). */
export function hasKey(locale: SupportedLocale, key: string): boolean {
  return instance.exists(key, { lng: LANGUAGE(locale), fallbackLng: false });
}
