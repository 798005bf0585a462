/**
 * The fleet reads' card (issue 19, core/fleet-status.ts): `status TeamViewer @all` and `list @all`. A row per customer
 * the user may read: the partner's state and last connection there (status), its partners (list), or why it cannot
 * be reached with Entra's AADSTS code; a note counting the customers left out; and, when the partner would change in
 * a customer where the user may act, one button that asks the fleet (`disconnect TeamViewer @all`), which shows its
 * own card with a row per customer and a Confirm.
 *
 * Here rather than in the status command's folder: the reply is the core's (dispatch answers it for a fleet target),
 * and two commands (status, list) answer with it, like the fleet card.
 */
import { commandFor } from '../core/catalogue';
import type { FleetReadReply, FleetReadRow } from '../core/fleet-status';
import type { Partner } from '../core/model';
import { onboardingStatusText } from '../i18n/domain-texts';
import { errorKindLabel } from '../i18n/error-texts';
import { md, type Markdown } from '../i18n/markdown';
import { safe } from '../i18n/translator';
import { commandAction } from './actions';
import type { RenderContext } from './context';
import { card, compact, facts, header, note, text } from './elements';
import { kindStyle, kindTexts } from './kind-texts';
import type { AdaptiveCard, ExecuteAction } from './types';

/** Partners shown per customer on `list @all` (Intune has one, TeamViewer; the bound keeps the card small). */
export const MAX_PARTNERS_PER_CUSTOMER = 5;

function partnersText(reply: FleetReadReply, partners: readonly Partner[], ctx: RenderContext): Markdown {
  const { t } = ctx;
  if (reply.command === 'status') {
    const p = partners[0];
    return t('fleetRead.row.status', {
      status: safe(onboardingStatusText(t, p.onboardingStatus)),
      when: safe(ctx.when(p.lastConnectionDateTime)),
    });
  }
  if (partners.length === 0) return t('fleetRead.row.noPartners');
  const shown = partners.slice(0, MAX_PARTNERS_PER_CUSTOMER).map((p) =>
    t('fleetRead.row.partner', {
      name: p.displayName || p.id,
      status: safe(onboardingStatusText(t, p.onboardingStatus)),
    }),
  );
  const more = partners.length - shown.length;
  return ctx.line(more > 0 ? [...shown, md(`+${more}`)] : shown);
}

function rowText(reply: FleetReadReply, row: FleetReadRow, ctx: RenderContext): Markdown {
  const { t } = ctx;
  const o = row.outcome;
  switch (o.kind) {
    case 'partners':
      return partnersText(reply, o.partners, ctx);
    case 'noPartner':
      return o.several
        ? t('fleetRead.row.several', { name: reply.query ?? '' })
        : t('fleetRead.row.noPartner', { name: reply.query ?? '' });
    case 'unreachable': {
      const reason = safe(errorKindLabel(t, o.errorKind));
      return o.code
        ? t('fleetRead.row.unreachableCode', { reason, code: o.code })
        : t('fleetRead.row.unreachable', { reason });
    }
  }
}

/** "Disconnect in all": asks the fleet for the change (its own card, with a row per customer and Confirm). */
function changeButton(reply: FleetReadReply, ctx: RenderContext): ExecuteAction | undefined {
  const kind = reply.change;
  if (!kind || !reply.query) return undefined;
  const { t } = ctx;
  const button = kindTexts(t, kind).button();
  const title =
    reply.selector === 'all'
      ? t.plain('fleetRead.changeAll', { button })
      : t.plain('fleetRead.changeGroup', { button, selector: reply.selector });
  return commandAction(
    title,
    { command: commandFor(kind), partner: reply.query, target: reply.selector },
    kindStyle(kind),
  );
}

export function fleetStatusCard(reply: FleetReadReply, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const count = reply.rows.length;
  const heading =
    reply.command === 'status'
      ? t('fleetRead.statusTitle', { name: reply.query ?? '', count })
      : t('fleetRead.listTitle', { count });
  return card(
    compact([
      ...header(heading, t('fleet.customers', { selector: reply.selector })),
      count > 0 && facts(reply.rows.map((r) => [md(r.displayName), rowText(reply, r, ctx)] as const)),
      count === 0 && text(t('fleetRead.none')),
      reply.hidden > 0 && note(t('fleetRead.hidden', { count: reply.hidden, selector: reply.selector })),
    ]),
    [changeButton(reply, ctx)],
    heading,
  );
}
