/**
 * What the bot does and the commands, one line each, from the registry's help entries. Commands for admins only
 * when the reader may act at all.
 */
import { commandAction } from '../../cards/actions';
import { card, facts, header, note, text, type FactRow } from '../../cards/elements';
import type { AdaptiveCard } from '../../cards/types';
import type { CommandRenderContext } from '../types';
import { TEXTS } from './texts';

/** `help` (also the answer to what is not a command): `canAct`, whether the reader may use the admins' commands. */
export interface HelpReply {
  type: 'help';
  canAct: boolean;
}

export function helpCard(reply: HelpReply, ctx: CommandRenderContext): AdaptiveCard {
  const { t } = ctx;
  const tx = TEXTS.in(ctx);
  const rows: FactRow[] = ctx.help.filter((c) => reply.canAct || c.access !== 'admin').map((c) => c.line(ctx.locale));
  return card(
    [
      ...header(tx('title')),
      text(tx('intro')),
      text(tx('commands'), { weight: 'Bolder', spacing: 'Medium' }),
      facts(rows),
      text(tx('partnerHint')),
      note(tx('channelNote')),
      ...(reply.canAct ? [] : [note(tx('readOnlyNote'))]),
    ],
    [
      commandAction(t.plain('button.list'), { command: 'list' }),
      reply.canAct ? commandAction(t.plain('button.history'), { command: 'history' }) : undefined,
    ],
    tx('title'),
  );
}
