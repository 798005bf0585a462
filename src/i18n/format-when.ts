/**
 * Timestamps as administrators read them: always the UTC time (unambiguous across a team in several
 * countries), and the reader's local time when Teams told us their IANA time zone.
 *
 *   en-US, Europe/Berlin: "2026-11-28 10:04 UTC (11:04 Europe/Berlin)"
 *   en-US, Asia/Tokyo:    "2026-11-28 20:04 UTC (Nov 29, 05:04 Asia/Tokyo)"   (local date differs)
 *   zh-CN, Asia/Shanghai: "2026-11-28 10:04 UTC（Asia/Shanghai 18:04）"
 */
import { resolveLocale } from './locale';
import type { SupportedLocale } from './locales';
import { memo } from './memo';
import { translator } from './translator';

type Parts = Partial<Record<Intl.DateTimeFormatPartTypes, string>>;

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** A cached formatter, or null when the time zone is not one the runtime knows. */
function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat | null {
  const id = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = formatters.get(id);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone, hourCycle: 'h23' });
    } catch {
      f = null; // RangeError: invalid time zone
    }
    if (formatters.size > 500) formatters.clear();
    formatters.set(id, f);
  }
  return f;
}

function parts(f: Intl.DateTimeFormat, date: Date): Parts {
  return Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value]));
}

const NUMERIC: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
};

/** "2026-11-28 10:04" in `timeZone`, digits in Latin script whatever the locale. */
function isoLike(date: Date, timeZone: string): { text: string; day: string } | null {
  const f = formatter('en-US', timeZone, NUMERIC);
  if (!f) return null;
  const p = parts(f, date);
  const day = `${p.year}-${p.month}-${p.day}`;
  return { text: `${day} ${p.hour}:${p.minute}`, day };
}

function isUtcZone(tz: string): boolean {
  return /^(etc\/)?(utc|gmt|uct|zulu|universal)([+-]0)?$/i.test(tz);
}

/** The same answer for the same (iso, locale, time zone): a card shows a few timestamps, many times over. */
const formatted = memo<string>(2000, 200);

/**
 * `iso` (an ISO 8601 timestamp) as "<UTC> (<local> <zone>)" for the reader's locale. The local part is
 * left out when the time zone is missing, invalid or UTC itself. Never throws: a value that is not a
 * date comes back as it was given.
 */
export function formatWhen(iso: string, locale: string | SupportedLocale, timeZone?: string): string {
  const keyable =
    typeof iso === 'string' && typeof locale === 'string' && (timeZone === undefined || typeof timeZone === 'string');
  if (!keyable) return formatNow(iso, locale, timeZone);
  return formatted(`${iso}\u0000${locale}\u0000${timeZone ?? ''}`, () => formatNow(iso, locale, timeZone));
}

function formatNow(iso: string, locale: string | SupportedLocale, timeZone?: string): string {
  const date = new Date(iso);
  if (typeof iso !== 'string' || !iso || Number.isNaN(date.getTime())) return String(iso ?? '');
  const utc = isoLike(date, 'UTC');
  if (!utc) return date.toISOString();
  const utcText = `${utc.text} UTC`;
  const zone = typeof timeZone === 'string' ? timeZone.trim() : '';
  if (!zone || zone.length > 64 || isUtcZone(zone)) return utcText;
  const loc = resolveLocale(locale);
  const local = isoLike(date, zone);
  if (!local) return utcText;
  const sameDay = local.day === utc.day;
  const f = formatter(
    loc,
    zone,
    sameDay
      ? { hour: '2-digit', minute: '2-digit' }
      : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  );
  if (!f) return utcText;
  const t = translator(loc);
  return t.plain('time.withLocal', { utc: utcText, local: f.format(date), zone });
}
