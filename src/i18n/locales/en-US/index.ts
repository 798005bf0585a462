/**
 * English (United States): the reference locale. Its shape is the contract every other locale follows
 * (see messages.ts); its texts are split by area (one file each). A command's own texts live in its folder
 * (src/commands/<name>/texts.ts). Keys are used as literal strings in src/, e.g. t('confirm.requestedBy'), so
 * that the key tests can find them.
 *
 * Texts may use Adaptive Card markdown (e.g. _partner_ for a placeholder); values interpolated into them
 * are escaped by the translator.
 */
import { enUSErrors } from './errors';
import { general } from './general';
import { kinds } from './kinds';
import { access } from './access';
import { partners } from './partners';
import { operations } from './operations';
import { session } from './session';
import { fleet } from './fleet';

export const enUS = {
  ...general,
  ...kinds,
  ...access,
  ...partners,
  ...operations,
  ...session,
  ...fleet,
  error: enUSErrors,
};
