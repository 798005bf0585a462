/**
 * `whoami`: you as the bot sees you (name, ids, tenant, language), what you may do here, your sign-in, and what Intune
 * answered for you about Remote assistance connectors: Update (the Remote Assistance actions it listed, the verdict)
 * with the check's mode (core/whoami.ts).
 */
import type { Reply } from '../core/replies';
import type { IntuneVerdict } from '../core/resource-actions';
import type { Markdown } from '../i18n/markdown';
import { escapeMarkdown, md } from '../i18n/markdown';
import type { Translate } from '../i18n/translator';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { card, facts, header, note, type FactRow } from './elements';
import type { AdaptiveCard } from './types';

type WhoamiReply = Extract<Reply, { type: 'whoami' }>;

function roleText(t: Translate, reply: WhoamiReply): Markdown {
  if (!reply.tenantAllowed) return t('whoami.roleWrongTenant');
  switch (reply.role) {
    case 'admin':
      return t('whoami.roleAdmin');
    case 'reader':
      return t('whoami.roleReader');
    case 'byGroup':
      return t('whoami.roleByGroup');
    case 'none':
      return t('whoami.roleNone');
    default: {
      const never: never = reply.role;
      throw new Error(`cards: no words for role ${String(never)}`);
    }
  }
}

function signedInText(t: Translate, signedIn: boolean | undefined): Markdown {
  if (signedIn === undefined) return t('whoami.signedInUnknown');
  return signedIn ? t('whoami.signedInYes') : t('whoami.signedInNo');
}

function modeText(t: Translate, mode: WhoamiReply['intune']['mode']): Markdown {
  switch (mode) {
    case 'off':
      return t('whoami.modeOff');
    case 'advise':
      return t('whoami.modeAdvise');
    case 'enforce':
      return t('whoami.modeEnforce');
    default: {
      const never: never = mode;
      throw new Error(`cards: no words for Intune check mode ${String(never)}`);
    }
  }
}

function verdictText(t: Translate, verdict: IntuneVerdict): Markdown {
  switch (verdict) {
    case 'allowed':
      return t('whoami.verdictAllowed');
    case 'missing':
      return t('whoami.verdictMissing');
    case 'unknown':
      return t('whoami.verdictUnknown');
    default: {
      const never: never = verdict;
      throw new Error(`cards: no words for Intune verdict ${String(never)}`);
    }
  }
}

const actionList = (t: Translate, actions: string[]): Markdown => (actions.length ? escapeMarkdown(actions.join(', '), 2000) : t('whoami.noneListed'));

/** The Intune rows: the mode, then Intune's answer (or why it was not asked) and the verdict. */
function intuneRows(t: Translate, reply: WhoamiReply): FactRow[] {
  const { mode, answer } = reply.intune;
  const rows: FactRow[] = [[t('whoami.intuneMode'), modeText(t, mode)]];
  if (!answer) {
    const why = mode === 'off' ? t('whoami.answerOff') : reply.role === 'none' || !reply.tenantAllowed ? t('whoami.answerNotAllowed') : t('whoami.answerNoToken');
    return [...rows, [t('whoami.intuneAnswer'), why]];
  }
  const lookup = answer.lookup === 'failed' ? t('whoami.answerFailed') : answer.lookup === 'refused' ? t('whoami.answerRefused') : t('whoami.answerListed');
  return [
    ...rows,
    [t('whoami.intuneAnswer'), lookup],
    ...(answer.lookup === 'listed'
      ? ([
          [t('whoami.allowedActions'), actionList(t, answer.allowed)],
          [t('whoami.notAllowedActions'), actionList(t, answer.notAllowed)],
        ] as FactRow[])
      : []),
    [t('whoami.verdict'), verdictText(t, answer.verdict)],
  ];
}

export function whoamiCard(reply: WhoamiReply, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const a = reply.actor;
  return card(
    [
      ...header(t('whoami.title'), md(a.name || a.aadObjectId)),
      facts([
        [t('whoami.objectId'), md(a.aadObjectId || '-')],
        [t('whoami.tenant'), md(a.tenantId || '-')],
        [t('whoami.language'), md([a.locale, a.timeZone].filter(Boolean).join(', '))],
        [t('whoami.role'), roleText(t, reply)],
        [t('whoami.signedIn'), signedInText(t, reply.signedIn)],
        ...intuneRows(t, reply),
      ]),
      note(reply.intune.answer ? t('whoami.noteIntune') : t('whoami.note')),
    ],
    [commandAction(t.plain('button.help'), { command: 'help' })],
    t('whoami.title'),
  );
}
