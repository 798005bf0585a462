/**
 * English (United States), the operation kinds. Part of the reference locale (index.ts). Each operation kind's
 * words live in its row (core/kinds/<kind>.ts) and are filed here as kind.<kind>.*.
 */
import { kindWords } from '../../../core/kinds';

export const kinds = {
  kind: {
    ...kindWords('en-US'),
    view: 'View',
  },
};
