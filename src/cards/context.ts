/** What every card renderer gets: the translator and the reader's time zone. */
import { formatWhen } from '../i18n/format-when';
import { resolveLocale } from '../i18n/locale';
import type { SupportedLocale } from '../i18n/locales';
import { joinMarkdown, md, type Markdown } from '../i18n/markdown';
import { translator, type Translate } from '../i18n/translator';
import { isSetDateTime, type PersonRef } from '../core/model';

/** Where a reply is shown: the reader's locale as the activity gives it, and their IANA time zone. */
export interface ReplyView {
  locale: string;
  timeZone?: string;
}

export interface RenderContext {
  t: Translate;
  locale: SupportedLocale;
  timeZone?: string;
  /** A timestamp for the reader (UTC plus local time), markdown-safe; "never" when unset (null or year 1). */
  when(iso: string | null | undefined): Markdown;
  /** An expiry for the reader; "no expiry" when unset (null or year 1, Graph's non-nullable "none"). */
  expiry(iso: string | null | undefined): Markdown;
  /** A person's name, markdown-safe; "someone" when the channel did not tell. */
  who(person: PersonRef | undefined): Markdown;
  /** Several markdown-safe pieces on one line. */
  line(parts: readonly (Markdown | undefined)[]): Markdown;
}

export function renderContext(view: ReplyView): RenderContext {
  const locale = resolveLocale(view.locale);
  const t = translator(locale);
  const timeZone = view.timeZone;
  return {
    t,
    locale,
    timeZone,
    when: (iso) => (isSetDateTime(iso) ? md(formatWhen(iso, locale, timeZone)) : t('common.never')),
    expiry: (iso) => (isSetDateTime(iso) ? md(formatWhen(iso, locale, timeZone)) : t('common.noExpiry')),
    who: (person) => (person?.name?.trim() ? md(person.name) : t('common.someone')),
    line: (parts) =>
      joinMarkdown(
        parts.filter((p): p is Markdown => !!p),
        t('common.separator'),
      ),
  };
}
