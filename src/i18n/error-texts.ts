/**
 * Every ErrorKind in words: a short title (what happened) and a detail (what happened and what to do).
 */
import type { ErrorKind } from '../core/errors';
import { denialLabel, isDenialReason } from './domain-texts';
import type { Markdown } from './markdown';
import type { Translate } from './translator';

export interface ErrorText {
  title: Markdown;
  detail: Markdown;
}

/** The parts of an AppError that the words depend on. */
export interface ErrorLike {
  kind: ErrorKind;
  retryAfterSeconds?: number;
}

const KINDS: Readonly<Record<ErrorKind, true>> = {
  'graph.badRequest': true,
  'graph.unauthorized': true,
  'graph.forbidden': true,
  'graph.notFound': true,
  'graph.conflict': true,
  'graph.throttled': true,
  'graph.unavailable': true,
  'graph.incompleteList': true,
  'graph.network': true,
  'graph.outcomeUnknown': true,
  'graph.unexpected': true,
  'auth.signInRequired': true,
  'auth.consentRequired': true,
  'auth.interactionRequired': true,
  'auth.tokenEndpointUnreachable': true,
  'auth.failed': true,
  'auth.customerNotConsented': true,
  'auth.customerNoAccess': true,
  'input.invalidPartnerId': true,
  internal: true,
};

/** Every ErrorKind (for the tests, and to tell a kind from other strings in OperationRecord.errorKind). */
export const ERROR_KINDS = Object.keys(KINDS) as ErrorKind[];

export function isErrorKind(s: unknown): s is ErrorKind {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(KINDS, s);
}

export function errorText(t: Translate, error: ErrorLike): ErrorText {
  switch (error.kind) {
    case 'graph.badRequest':
      return { title: t('error.graph.badRequest.title'), detail: t('error.graph.badRequest.detail') };
    case 'graph.unauthorized':
      return { title: t('error.graph.unauthorized.title'), detail: t('error.graph.unauthorized.detail') };
    case 'graph.forbidden':
      return { title: t('error.graph.forbidden.title'), detail: t('error.graph.forbidden.detail') };
    case 'graph.notFound':
      return { title: t('error.graph.notFound.title'), detail: t('error.graph.notFound.detail') };
    case 'graph.conflict':
      return { title: t('error.graph.conflict.title'), detail: t('error.graph.conflict.detail') };
    case 'graph.throttled': {
      const s = error.retryAfterSeconds;
      const detail =
        typeof s === 'number' && Number.isFinite(s) && s > 0
          ? t('error.graph.throttled.detail', { seconds: Math.ceil(s) })
          : t('error.graph.throttled.detailNoDelay');
      return { title: t('error.graph.throttled.title'), detail };
    }
    case 'graph.unavailable':
      return { title: t('error.graph.unavailable.title'), detail: t('error.graph.unavailable.detail') };
    case 'graph.incompleteList':
      return { title: t('error.graph.incompleteList.title'), detail: t('error.graph.incompleteList.detail') };
    case 'graph.network':
      return { title: t('error.graph.network.title'), detail: t('error.graph.network.detail') };
    case 'graph.outcomeUnknown':
      return { title: t('error.graph.outcomeUnknown.title'), detail: t('error.graph.outcomeUnknown.detail') };
    case 'graph.unexpected':
      return { title: t('error.graph.unexpected.title'), detail: t('error.graph.unexpected.detail') };
    case 'auth.signInRequired':
      return { title: t('error.auth.signInRequired.title'), detail: t('error.auth.signInRequired.detail') };
    case 'auth.consentRequired':
      return { title: t('error.auth.consentRequired.title'), detail: t('error.auth.consentRequired.detail') };
    case 'auth.interactionRequired':
      return { title: t('error.auth.interactionRequired.title'), detail: t('error.auth.interactionRequired.detail') };
    case 'auth.tokenEndpointUnreachable':
      return {
        title: t('error.auth.tokenEndpointUnreachable.title'),
        detail: t('error.auth.tokenEndpointUnreachable.detail'),
      };
    case 'auth.failed':
      return { title: t('error.auth.failed.title'), detail: t('error.auth.failed.detail') };
    case 'auth.customerNotConsented':
      return { title: t('error.auth.customerNotConsented.title'), detail: t('error.auth.customerNotConsented.detail') };
    case 'auth.customerNoAccess':
      return { title: t('error.auth.customerNoAccess.title'), detail: t('error.auth.customerNoAccess.detail') };
    case 'input.invalidPartnerId':
      return { title: t('error.input.invalidPartnerId.title'), detail: t('error.input.invalidPartnerId.detail') };
    case 'internal':
      return { title: t('error.internal.title'), detail: t('error.internal.detail') };
    default: {
      // A kind added to core/errors.ts without words here fails to compile; at runtime, say something.
      const kind: never = error.kind;
      return { title: t('error.unknownKind', { kind: String(kind) }), detail: t('error.graph.unexpected.detail') };
    }
  }
}

/**
 * A short label for OperationRecord.errorKind, which holds an ErrorKind, `authz.<DenialReason>` for a
 * recorded denial, `reconciled.notApplied` for an interrupted operation that did not take effect, or
 * `reconciled.superseded` for one that a newer request replaced before anybody settled it (migration 0005), or
 * `reconciled.cannotTell` for one whose outcome a read of the partner could not tell (core/model OUTCOME_NOT_KNOWN).
 */
export function errorKindLabel(t: Translate, kind: string): Markdown {
  if (isErrorKind(kind)) return errorText(t, { kind }).title;
  if (kind === 'reconciled.notApplied') return t('error.reconciledNotApplied');
  if (kind === 'reconciled.superseded') return t('error.reconciledSuperseded');
  if (kind === 'reconciled.cannotTell') return t('error.reconciledCannotTell');
  const reason = kind.startsWith('authz.') ? kind.slice('authz.'.length) : '';
  if (isDenialReason(reason)) return denialLabel(t, reason);
  return t('error.unknownKind', { kind });
}
