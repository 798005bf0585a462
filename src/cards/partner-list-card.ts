/** The partners: name, onboarding status, last connection, and Status / Disconnect buttons per partner. */
import type { Partner } from '../core/model';
import type { Reply } from '../core/replies';
import { onboardingStatusText } from '../i18n/domain-texts';
import { md } from '../i18n/markdown';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { buttons, card, compact, container, facts, header, note, text } from './elements';
import { cannotChangeNote } from './intune-permission-parts';
import { changeButton, statusButton } from './partner-buttons';
import type { AdaptiveCard, Container } from './types';

/** Intune has one partner (TeamViewer) today; the bound keeps the card under Teams' size limit regardless. */
export const MAX_LISTED_PARTNERS = 15;

/** `canChange` false: Intune says the user's role would refuse Disconnect / Reconnect (enforce mode): not offered. */
function partnerRow(p: Partner, ctx: RenderContext, first: boolean, canChange: boolean): Container {
  const { t } = ctx;
  return container(
    compact([
      text(md(p.displayName || p.id), { weight: 'Bolder' }),
      facts([
        [t('fact.status'), onboardingStatusText(t, p.onboardingStatus)],
        [t('fact.lastConnection'), ctx.when(p.lastConnectionDateTime)],
      ]),
      buttons([statusButton(p, ctx), canChange ? changeButton(p, ctx) : undefined]),
    ]),
    { separator: !first, spacing: 'Medium' },
  );
}

export function partnerListCard(reply: Extract<Reply, { type: 'partnerList' }>, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const partners = reply.partners;
  const shown = partners.slice(0, MAX_LISTED_PARTNERS);
  const hidden = partners.length - shown.length;
  return card(
    compact([
      ...header(t('list.title', { n: partners.length })),
      partners.length === 0 && text(t('list.empty')),
      ...shown.map((p, i) => partnerRow(p, ctx, i === 0, !reply.cannotChange?.enforced)),
      hidden > 0 && note(t('list.more', { n: hidden })),
      ...(reply.cannotChange && partners.length ? cannotChangeNote(reply.cannotChange, ctx) : []),
    ]),
    [commandAction(t.plain('button.list'), { command: 'list' })],
    t('list.title', { n: partners.length }),
  );
}
