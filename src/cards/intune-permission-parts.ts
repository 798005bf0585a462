/**
 * What Intune says the user's role lacks, and whom to ask: shared by the partner cards, the confirmation, the
 * request for approval and the answer to a disconnect / reconnect refused in enforce mode. Enforced: the buttons
 * are not offered; advised (INTUNE_CHECK_MODE=advise): they are, and Intune decides on the click.
 */
import type { MissingIntunePermission } from '../core/replies';
import type { Markdown } from '../i18n/markdown';
import type { RenderContext } from './context';
import { text } from './elements';
import type { TextBlock } from './types';

/** "Ask {contact} ..." (ADMIN_CONTACT, as on the denial card), or "ask your Intune administrator". */
export function askLine(missing: MissingIntunePermission, { t }: RenderContext): Markdown {
  const contact = missing.contact?.trim();
  return contact ? t('intune.askContact', { contact }) : t('intune.askAdmin');
}

/** Under a partner list or status, a confirmation, a request for approval: why the buttons are missing, or a warning. */
export function cannotChangeNote(missing: MissingIntunePermission, ctx: RenderContext): TextBlock[] {
  const line = missing.enforced
    ? ctx.t('intune.noButtons', { action: missing.action })
    : ctx.t('intune.advice', { action: missing.action });
  return [text(line, { color: 'Warning', spacing: 'Medium' }), text(askLine(missing, ctx), { spacing: 'Small' })];
}
