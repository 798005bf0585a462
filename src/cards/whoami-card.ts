/** `whoami`: you as the bot sees you (name, ids, tenant, language), what you may do here, and your sign-in. */
import type { Reply } from '../core/replies';
import type { Markdown } from '../i18n/markdown';
import { md } from '../i18n/markdown';
import type { Translate } from '../i18n/translator';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { card, facts, header, note } from './elements';
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
      ]),
      note(t('whoami.note')),
    ],
    [commandAction(t.plain('button.help'), { command: 'help' })],
    t('whoami.title'),
  );
}
