import type { Messages } from '../messages';
import { enUS } from './en-US';
import { zhCN } from './zh-CN';

export const SUPPORTED_LOCALES = ['en-US', 'zh-CN'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: SupportedLocale = 'en-US';

export const RESOURCES: Readonly<Record<SupportedLocale, Messages>> = {
  'en-US': enUS,
  'zh-CN': zhCN,
};
