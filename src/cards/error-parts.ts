/** How a failure shows on any card: the words for its kind, and the ids support asks for. */
import { errorKindLabel, errorText, isErrorKind, type ErrorLike } from '../i18n/error-texts';
import type { RenderContext } from './context';
import { note, text } from './elements';
import type { TextBlock } from './types';

/** Graph's request-id and the bot's client-request-id, small and subtle; undefined when there are none. */
export function supportNote(ctx: RenderContext, requestId?: string, clientRequestId?: string): TextBlock | undefined {
  const { t } = ctx;
  const parts = [
    requestId ? t('common.requestId', { id: requestId }) : undefined,
    clientRequestId ? t('common.clientRequestId', { id: clientRequestId }) : undefined,
  ];
  return parts.some(Boolean) ? note(ctx.line(parts)) : undefined;
}

/** The error's title (emphasised) and what to do, from an AppError or a recorded errorKind string. */
export function errorBlocks(ctx: RenderContext, error: ErrorLike | string | undefined): TextBlock[] {
  if (error === undefined) return [];
  if (typeof error === 'string' && !isErrorKind(error)) {
    return [text(errorKindLabel(ctx.t, error), { weight: 'Bolder', color: 'Attention' })];
  }
  const e = errorText(ctx.t, typeof error === 'string' ? { kind: error } : error);
  return [text(e.title, { weight: 'Bolder', color: 'Attention' }), text(e.detail, { spacing: 'Small' })];
}
