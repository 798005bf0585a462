/**
 * Something failed before or instead of an operation: what happened and what to do, the ids for support,
 * Try again (re-runs the command; not after a permanent failure) and Grant consent (the admin-consent link) when the reply offers them.
 */
import { mayTryAgain } from '../core/error-replies';
import { entraCodes as codesOf } from '../core/errors';
import type { Reply } from '../core/replies';
import { errorText } from '../i18n/error-texts';
import { commandAction, openUrlAction } from './actions';
import type { RenderContext } from './context';
import { card, compact, header, note, text } from './elements';
import { supportNote } from './error-parts';
import type { AdaptiveCard, TextBlock } from './types';

export function errorCard(reply: Extract<Reply, { type: 'error' }>, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const { error, retry, consentUrl } = reply;
  const words = errorText(t, error);
  return card(
    compact([
      ...header(words.title, undefined, 'Attention'),
      text(words.detail),
      entraCodes(ctx, error),
      supportNote(ctx, error.requestId, error.clientRequestId),
    ]),
    [
      openUrlAction(t.plain('button.grantConsent'), consentUrl),
      retry && mayTryAgain(error.kind) ? commandAction(t.plain('button.tryAgain'), retry, 'positive') : undefined,
    ],
  );
}

/**
 * What Entra answered in a customer tenant (its AADSTS codes: which consent or access is missing there), shown as it
 * came (issue 19). The codes are read from the error's log message, which holds no token or secret.
 */
function entraCodes(ctx: RenderContext, error: Extract<Reply, { type: 'error' }>['error']): TextBlock | undefined {
  if (error.kind !== 'auth.customerNotConsented' && error.kind !== 'auth.customerNoAccess') return undefined;
  const codes = codesOf(error);
  return codes.length ? note(ctx.t('error.auth.entraAnswered', { codes: codes.join(', ') })) : undefined;
}
