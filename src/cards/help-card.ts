/**
 * What the bot does and the commands, one line each, from the catalogue. Commands for admins only when the
 * reader may act at all.
 */
import { COMMANDS } from '../core/catalogue';
import type { Reply } from '../core/replies';
import type { MessageKey } from '../i18n/messages';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { card, facts, header, note, text, type FactRow } from './elements';
import type { AdaptiveCard } from './types';

export function helpCard(reply: Extract<Reply, { type: 'help' }>, { t }: RenderContext): AdaptiveCard {
  const rows: FactRow[] = COMMANDS.filter((c) => reply.canAct || c.access !== 'admin').map((c) => [
    t(c.help.usage as MessageKey),
    t(c.help.description as MessageKey),
  ]);
  return card(
    [
      ...header(t('help.title')),
      text(t('help.intro')),
      text(t('help.commands'), { weight: 'Bolder', spacing: 'Medium' }),
      facts(rows),
      text(t('help.partnerHint')),
      note(t('help.channelNote')),
      ...(reply.canAct ? [] : [note(t('help.readOnlyNote'))]),
    ],
    [commandAction(t.plain('button.list'), { command: 'list' }), reply.canAct ? commandAction(t.plain('button.history'), { command: 'history' }) : undefined],
    t('help.title'),
  );
}
