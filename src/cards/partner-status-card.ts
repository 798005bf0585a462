/** One partner in detail, and a note when a disconnect or reconnect of it is running. */
import type { Reply } from '../core/replies';
import { onboardingStatusText } from '../i18n/domain-texts';
import { md } from '../i18n/markdown';
import { commandAction, openUrlAction, safeUrl } from './actions';
import type { RenderContext } from './context';
import { kindTexts } from './kind-texts';
import { card, compact, facts, header, text } from './elements';
import { cannotChangeNote } from './intune-permission-parts';
import { changeButton } from './partner-buttons';
import type { AdaptiveCard } from './types';

export function partnerStatusCard(reply: Extract<Reply, { type: 'partnerStatus' }>, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const { partner: p, running } = reply;
  const url = safeUrl(p.onboardingUrl);
  const runningNote = running
    ? kindTexts(t, running.kind).statusRunning({
        name: ctx.who(running.executor ?? running.requester),
        when: ctx.when(running.updatedAt),
      })
    : undefined;
  const nothingToDo = reply.nothingToDo ? kindTexts(t, reply.nothingToDo).nothingToDo() : undefined;
  return card(
    compact([
      ...header(md(p.displayName || p.id), onboardingStatusText(t, p.onboardingStatus)),
      nothingToDo && text(nothingToDo, { color: 'Good', weight: 'Bolder' }),
      facts([
        [t('fact.name'), md(p.displayName)],
        [t('fact.id'), md(p.id)],
        [t('fact.status'), onboardingStatusText(t, p.onboardingStatus)],
        [t('fact.lastConnection'), ctx.when(p.lastConnectionDateTime)],
        [t('fact.requestExpiry'), ctx.expiry(p.onboardingRequestExpiryDateTime)],
        [t('fact.onboardingUrl'), url ? md(url) : undefined],
      ]),
      runningNote && text(runningNote, { color: 'Warning' }),
      ...(reply.cannotChange ? cannotChangeNote(reply.cannotChange, ctx) : []),
    ]),
    [
      running || reply.cannotChange?.enforced ? undefined : changeButton(p, ctx),
      openUrlAction(t.plain('button.openOnboarding'), url),
      commandAction(t.plain('button.history'), { command: 'history', partner: p.id }),
      commandAction(t.plain('button.list'), { command: 'list' }),
    ],
    md(p.displayName || p.id),
  );
}
