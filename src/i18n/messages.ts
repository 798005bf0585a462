/**
 * The shape of a locale's resources and the keys in it. en-US is the reference: every other locale is
 * typed as `Messages`, so a missing or extra key fails to compile (the tests check it again at runtime).
 */
import type { enUS } from './locales/en-US';

/** A text tree with the keys of T, any strings: what another locale must give for T (en-US). */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** Texts as nested objects of strings. */
export interface TextTree {
  readonly [key: string]: string | TextTree;
}

/** A locale's resource object. */
export type Messages = Shape<typeof enUS>;

/** The dotted keys of a text tree, e.g. 'confirm.titleDisconnect'. */
export type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every translatable key, e.g. 'confirm.requestedBy'. */
export type MessageKey = Leaves<Messages>;

/** The dotted keys of a resource object (for the tests and for diagnostics). */
export function flattenKeys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : flattenKeys(v as object, `${prefix}${k}.`),
  );
}
