/**
 * Which of our locales serves the activity's locale. Teams sends BCP 47 tags ('en-US', 'zh-CN'), but
 * casing, script subtags and underscores vary; anything we do not translate falls back to en-US.
 */
import { DEFAULT_LOCALE, type SupportedLocale } from './locales';
import { memo } from './memo';

const resolved = memo<SupportedLocale>(200, 100);

/**
 * 'zh-CN', 'zh-cn', 'zh', 'zh-Hans-CN', 'zh_CN' -> 'zh-CN' (every Chinese tag: Simplified Chinese is our
 * only Chinese); 'en-GB', unknown, empty, malformed -> 'en-US'. Never throws.
 */
export function resolveLocale(raw?: string | null): SupportedLocale {
  if (typeof raw !== 'string') return DEFAULT_LOCALE;
  return resolved(raw, () => resolveTag(raw));
}

function resolveTag(raw: string): SupportedLocale {
  const tag = raw.trim().replace(/_/g, '-').slice(0, 64);
  if (!tag) return DEFAULT_LOCALE;
  let language: string;
  try {
    language = new Intl.Locale(tag).language.toLowerCase();
  } catch {
    language = tag.split('-')[0].toLowerCase();
  }
  if (language === 'zh') return 'zh-CN';
  return DEFAULT_LOCALE;
}
