/** No partner (or several) matched the name: one button per candidate runs the command for it. */
import { OPERATION_KINDS } from '../core/catalogue';
import type { MutatingKind, Partner } from '../core/model';
import type { Reply } from '../core/replies';
import { onboardingStatusText } from '../i18n/domain-texts';
import { md, plainText } from '../i18n/markdown';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { kindStyle } from './kind-texts';
import { buttons, card, compact, container, header, note, text } from './elements';
import type { AdaptiveCard, Container } from './types';

export const MAX_CANDIDATES = 10;

type ChooseReply = Extract<Reply, { type: 'choosePartner' }>;

function candidateRow(reply: ChooseReply, p: Partner, ctx: RenderContext, duplicateName: boolean): Container {
  const { t } = ctx;
  const name = p.displayName || p.id;
  // Two partners with the same name: the button says which by id.
  const title = duplicateName ? `${plainText(name, 24)} (${plainText(p.id, 12)})` : plainText(name);
  return container(
    compact([
      text(ctx.line([md(name), onboardingStatusText(t, p.onboardingStatus)]), { spacing: 'Small' }),
      text(md(p.id), { size: 'Small', isSubtle: true, spacing: 'None' }),
      buttons([
        commandAction(title, { command: reply.command, partner: p.id }, destructive(reply) ? 'destructive' : undefined),
      ]),
    ]),
    { spacing: 'Medium' },
  );
}

/** The command that asks for an operation kind is named after it (catalogue.ts commandFor). */
const isKindCommand = (command: string): command is MutatingKind => Object.hasOwn(OPERATION_KINDS, command);

/** A candidate button that leads to a destructive operation says so (the confirmation still follows). */
function destructive(reply: ChooseReply): boolean {
  return isKindCommand(reply.command) && kindStyle(reply.command) === 'destructive';
}

export function choosePartnerCard(reply: ChooseReply, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const query = reply.query.trim();
  const title = !query
    ? t('choose.which')
    : reply.noMatch
      ? t('choose.noMatch', { query })
      : t('choose.several', { query });
  const shown = reply.candidates.slice(0, MAX_CANDIDATES);
  const hidden = reply.candidates.length - shown.length;
  const names = shown.map((p) => (p.displayName || p.id).toLowerCase());
  return card(
    compact([
      ...header(title),
      text(shown.length ? t('choose.pick') : t('choose.none')),
      ...shown.map((p, i) => candidateRow(reply, p, ctx, names.indexOf(names[i]) !== names.lastIndexOf(names[i]))),
      hidden > 0 && note(t('choose.more', { n: hidden })),
    ]),
    [commandAction(t.plain('button.list'), { command: 'list' })],
    !query ? t('choose.which') : reply.noMatch ? t('choose.noMatch', { query }) : t('choose.several', { query }),
  );
}
