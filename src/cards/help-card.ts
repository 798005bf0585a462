/** What the bot does and the commands, one line each. Mutating commands only when the reader may act. */
import type { Reply } from '../core/replies';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { card, facts, header, note, text, type FactRow } from './elements';
import type { AdaptiveCard } from './types';

export function helpCard(reply: Extract<Reply, { type: 'help' }>, { t }: RenderContext): AdaptiveCard {
  const rows: FactRow[] = [
    [t('help.usageHelp'), t('help.descHelp')],
    [t('help.usageList'), t('help.descList')],
    [t('help.usageStatus'), t('help.descStatus')],
  ];
  if (reply.canAct) {
    rows.push(
      [t('help.usageDisconnect'), t('help.descDisconnect')],
      [t('help.usageReconnect'), t('help.descReconnect')],
      [t('help.usageHistory'), t('help.descHistory')],
    );
  }
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
    t.plain('help.title'),
  );
}
