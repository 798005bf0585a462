/**
 * The one i18next instance of the bot: created and initialized once, synchronously, at module load, from
 * the resources compiled into the bundle (no backend, no network, no language detector).
 */
import i18next, { type TFunction } from 'i18next';
import { DEFAULT_LOCALE, RESOURCES, SUPPORTED_LOCALES, type SupportedLocale } from './locales';
import { escapeMarkdown, plainText, type Markdown } from './markdown';
import type { MessageKey } from './messages';

const instance = i18next.createInstance();
void instance.init({
  resources: Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, { translation: RESOURCES[l] }])),
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...SUPPORTED_LOCALES],
  load: 'currentOnly',
  initAsync: false,
  // Cards are JSON, not HTML; markdown escaping is done per value below.
  interpolation: { escapeValue: false },
  returnNull: false,
  returnEmptyString: false,
  showSupportNotice: false,
});
if (!instance.isInitialized) throw new Error('i18n: the i18next instance did not initialize synchronously');

/** Values interpolated into a text: strings are user-controlled until proven otherwise. */
export type Vars = Readonly<Record<string, string | number>>;

export interface Translate {
  /** The text for `key`, markdown-safe: every string in `vars` is escaped (numbers are shown as they are). */
  (key: MessageKey, vars?: Vars): Markdown;
  /** The same text for places that do not render markdown (button titles): values are not escaped. */
  plain(key: MessageKey, vars?: Vars): string;
  readonly locale: SupportedLocale;
}

function mapVars(vars: Vars | undefined, f: (s: string) => string): Record<string, string | number> | undefined {
  if (!vars) return undefined;
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? f(v) : v]));
}

const cache = new Map<SupportedLocale, Translate>();

/** The translator for one of our locales (see resolveLocale for the activity's raw locale). */
export function translator(locale: SupportedLocale): Translate {
  const known = SUPPORTED_LOCALES.includes(locale) ? locale : DEFAULT_LOCALE;
  const hit = cache.get(known);
  if (hit) return hit;
  const fixed: TFunction = instance.getFixedT(known);
  const text = (key: MessageKey, vars: Record<string, string | number> | undefined): string => String(fixed(key, vars ?? {}));
  const t = Object.assign((key: MessageKey, vars?: Vars) => text(key, mapVars(vars, (s) => escapeMarkdown(s))) as Markdown, {
    plain: (key: MessageKey, vars?: Vars) => plainText(text(key, mapVars(vars, (s) => plainText(s))), 1000),
    locale: known,
  });
  cache.set(known, t);
  return t;
}

/** For the tests: whether the instance holds `key` for `locale` (without falling back). */
export function hasKey(locale: SupportedLocale, key: string): boolean {
  return instance.exists(key, { lng: locale, fallbackLng: false });
}
