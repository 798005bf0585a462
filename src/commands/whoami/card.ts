/**
 * `whoami`: you as the bot sees you (name, ids, tenant, language), what you may do here, your sign-in, and what Intune
 * answered for you about Remote assistance connectors: Update (the Remote Assistance actions it listed, the verdict)
 * with the check's mode (handler.ts).
 */
import type { IntuneAnswer, IntuneCheckMode } from '../../core/intune-permissions';
import type { Actor, ConversationKind } from '../../core/model';
import type { IntuneVerdict } from '../../core/resource-actions';
import type { Markdown } from '../../i18n/markdown';
import { escapeMarkdown, md } from '../../i18n/markdown';
import { commandAction } from '../../cards/actions';
import type { RenderContext } from '../../cards/context';
import { card, facts, header, note, type FactRow } from '../../cards/elements';
import type { AdaptiveCard } from '../../cards/types';

import { TEXTS } from './texts';

/** `whoami`: the Intune check's mode, and what Intune answered for the user (absent: not asked; see whoamiIntune). */
export interface WhoamiIntune {
  mode: IntuneCheckMode;
  answer?: IntuneAnswer;
}

/** `whoami`: the user as the bot sees them. `role` 'byGroup': only a group lookup (at the next command) can tell. */
export interface WhoamiReply {
  type: 'whoami';
  actor: Actor;
  conversation: ConversationKind;
  tenantAllowed: boolean;
  role: 'admin' | 'reader' | 'none' | 'byGroup';
  signedIn?: boolean;
  intune: WhoamiIntune;
}

type Tx = ReturnType<typeof TEXTS.in>;

function roleText(tx: Tx, reply: WhoamiReply): Markdown {
  if (!reply.tenantAllowed) return tx('roleWrongTenant');
  switch (reply.role) {
    case 'admin':
      return tx('roleAdmin');
    case 'reader':
      return tx('roleReader');
    case 'byGroup':
      return tx('roleByGroup');
    case 'none':
      return tx('roleNone');
    default: {
      const never: never = reply.role;
      throw new Error(`cards: no words for role ${String(never)}`);
    }
  }
}

function signedInText(tx: Tx, signedIn: boolean | undefined): Markdown {
  if (signedIn === undefined) return tx('signedInUnknown');
  return signedIn ? tx('signedInYes') : tx('signedInNo');
}

function modeText(tx: Tx, mode: WhoamiReply['intune']['mode']): Markdown {
  switch (mode) {
    case 'off':
      return tx('modeOff');
    case 'advise':
      return tx('modeAdvise');
    case 'enforce':
      return tx('modeEnforce');
    default: {
      const never: never = mode;
      throw new Error(`cards: no words for Intune check mode ${String(never)}`);
    }
  }
}

function verdictText(tx: Tx, verdict: IntuneVerdict): Markdown {
  switch (verdict) {
    case 'allowed':
      return tx('verdictAllowed');
    case 'missing':
      return tx('verdictMissing');
    case 'unknown':
      return tx('verdictUnknown');
    default: {
      const never: never = verdict;
      throw new Error(`cards: no words for Intune verdict ${String(never)}`);
    }
  }
}

const actionList = (tx: Tx, actions: string[]): Markdown =>
  actions.length ? escapeMarkdown(actions.join(', '), 2000) : tx('noneListed');

/** The Intune rows: the mode, then Intune's answer (or why it was not asked) and the verdict. */
function intuneRows(tx: Tx, reply: WhoamiReply): FactRow[] {
  const { mode, answer } = reply.intune;
  const rows: FactRow[] = [[tx('intuneMode'), modeText(tx, mode)]];
  if (!answer) {
    const why =
      mode === 'off'
        ? tx('answerOff')
        : reply.role === 'none' || !reply.tenantAllowed
          ? tx('answerNotAllowed')
          : tx('answerNoToken');
    return [...rows, [tx('intuneAnswer'), why]];
  }
  const lookup =
    answer.lookup === 'failed'
      ? tx('answerFailed')
      : answer.lookup === 'refused'
        ? tx('answerRefused')
        : tx('answerListed');
  return [
    ...rows,
    [tx('intuneAnswer'), lookup],
    ...(answer.lookup === 'listed'
      ? ([
          [tx('allowedActions'), actionList(tx, answer.allowed)],
          [tx('notAllowedActions'), actionList(tx, answer.notAllowed)],
        ] as FactRow[])
      : []),
    [tx('verdict'), verdictText(tx, answer.verdict)],
  ];
}

export function whoamiCard(reply: WhoamiReply, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const tx = TEXTS.in(ctx);
  const a = reply.actor;
  return card(
    [
      ...header(tx('title'), md(a.name || a.aadObjectId)),
      facts([
        [tx('objectId'), md(a.aadObjectId || '-')],
        [tx('tenant'), md(a.tenantId || '-')],
        [tx('language'), md([a.locale, a.timeZone].filter(Boolean).join(', '))],
        [tx('role'), roleText(tx, reply)],
        [tx('signedIn'), signedInText(tx, reply.signedIn)],
        ...intuneRows(tx, reply),
      ]),
      note(reply.intune.answer ? tx('noteIntune') : tx('note')),
    ],
    [commandAction(t.plain('button.help'), { command: 'help' })],
    tx('title'),
  );
}
