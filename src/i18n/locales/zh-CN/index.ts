/**
 * 简体中文 (zh-CN). Typed as Messages: a missing or extra key is a compile error. Split by area, as en-US.
 */
import type { Messages } from '../../messages';
import { zhCNErrors } from './errors';
import { general } from './general';
import { kinds } from './kinds';
import { access } from './access';
import { partners } from './partners';
import { operations } from './operations';
import { session } from './session';
import { fleet } from './fleet';

export const zhCN: Messages = {
  ...general,
  ...kinds,
  ...access,
  ...partners,
  ...operations,
  ...session,
  ...fleet,
  error: zhCNErrors,
};
