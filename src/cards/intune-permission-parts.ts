/**
 * Why a button that changes the connector is not offered, and whom to ask: shared by the partner cards and the
 * answer to a disconnect / reconnect that the user's Intune role does not allow.
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

/** Under a partner list or status: the buttons are missing on purpose. */
export function cannotChangeNote(missing: MissingIntunePermission, ctx: RenderContext): TextBlock[] {
  return [text(ctx.t('intune.noButtons', { action: missing.action }), { color: 'Warning', spacing: 'Medium' }), text(askLine(missing, ctx), { spacing: 'Small' })];
}
