/** Texts in the reader's language. See locale.ts, translator.ts and format-when.ts. */
export { DEFAULT_LOCALE, SUPPORTED_LOCALES, type SupportedLocale } from './locales';
export { resolveLocale } from './locale';
export { translator, type Translate, type Vars } from './translator';
export { formatWhen } from './format-when';
export { escapeMarkdown, md, joinMarkdown, plainText, MAX_VALUE_LENGTH, type Markdown } from './markdown';
export type { MessageKey, Messages } from './messages';
export {
  onboardingStatusText,
  operationKindText,
  operationStateText,
  denialText,
  denialLabel,
  isDenialReason,
} from './domain-texts';
export { errorText, errorKindLabel, isErrorKind, ERROR_KINDS, type ErrorText, type ErrorLike } from './error-texts';
