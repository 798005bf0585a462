/**
 * The fleet card (issue 19, core/fleet.ts): one change in many customers. A row per customer (its display name and
 * where it stands, or why not), Confirm / Cancel while pending (Approve / Reject / Withdraw on a request for
 * approval: fleet-approval-parts.ts); the same card, brought up to date for everyone, while it runs and when it
 * finished.
 */
import type { FleetRow } from '../core/fleet-rows';
import type { Reply } from '../core/replies';
import { onboardingStatusText, operationKindText } from '../i18n/domain-texts';
import { errorKindLabel } from '../i18n/error-texts';
import { md, type Markdown } from '../i18n/markdown';
import { safe } from '../i18n/translator';
import { fleetAction, VERB_FLEET_CANCEL, VERB_FLEET_CONFIRM } from './actions';
import type { RenderContext } from './context';
import { card, compact, container, facts, header, note, text } from './elements';
import { fleetApprovalButtons, fleetApprovalLines, fleetDecisionText, fleetWaiting } from './fleet-approval-parts';
import { kindStyle, kindTexts } from './kind-texts';
import type { AdaptiveCard } from './types';

type FleetReply = Extract<Reply, { type: 'fleet' }>;

function rowText(row: FleetRow, ctx: RenderContext): Markdown {
  const { t } = ctx;
  const reason = safe(row.reason ? errorKindLabel(t, row.reason) : t('fleet.row.unknown'));
  switch (row.state) {
    case 'ready':
      return t('fleet.row.ready', { status: safe(row.status ? onboardingStatusText(t, row.status) : md('?')) });
    case 'unreachable':
      return row.code
        ? t('fleet.row.unreachableCode', { reason, code: row.code })
        : t('fleet.row.unreachable', { reason });
    case 'refused':
      return t('fleet.row.refused', { reason });
    case 'alreadyThere':
      return t('fleet.row.alreadyThere');
    case 'alreadyOpen':
      return t('fleet.row.alreadyOpen');
    case 'notAllowed':
      return t('fleet.row.notAllowed');
    case 'queued':
      return t('fleet.row.queued');
    case 'running':
      return t('fleet.row.running');
    case 'done':
      return t('fleet.row.done');
    case 'unknown':
      return t('fleet.row.unknown');
    case 'cancelled':
      return t('fleet.row.cancelled');
    case 'expired':
      return t('fleet.row.expired');
    default: {
      const never: never = row.state;
      throw new Error(`cards: no words for a fleet row ${String(never)}`);
    }
  }
}

function title(reply: FleetReply, ctx: RenderContext): Markdown {
  const { t } = ctx;
  const f = reply.fleet;
  const vars = {
    kind: safe(operationKindText(t, f.kind)),
    name: f.partnerQuery,
    count: reply.rows.filter(acting).length,
  };
  const one = vars.count === 1;
  switch (f.state) {
    case 'pending':
      if (vars.count === 0) return t('fleet.nothingTitle', vars);
      return one ? t('fleet.titleOne', vars) : t('fleet.title', vars);
    case 'running':
      return one ? t('fleet.runningTitleOne', vars) : t('fleet.runningTitle', vars);
    case 'finished':
      return t('fleet.finishedTitle', vars);
    case 'cancelled':
      return t('fleet.cancelledTitle', vars);
    default:
      return t('fleet.expiredTitle', vars);
  }
}

/** A fleet's request for approval, while it waits. */
function approvalTitle(reply: FleetReply, ctx: RenderContext): Markdown {
  const f = reply.fleet;
  const count = reply.rows.filter(acting).length;
  const vars = { kind: safe(operationKindText(ctx.t, f.kind)), name: f.partnerQuery, count };
  return count === 1 ? ctx.t('fleet.approval.titleOne', vars) : ctx.t('fleet.approval.title', vars);
}

/** The card's title: a request for approval while it waits (with something to do), else where the fleet stands. */
function headingOf(reply: FleetReply, ctx: RenderContext): Markdown {
  return fleetWaiting(reply.fleet) && reply.rows.some(acting) ? approvalTitle(reply, ctx) : title(reply, ctx);
}

/** The rows where the fleet acts (or acted). */
const acting = (r: FleetRow) => ['ready', 'queued', 'running', 'done', 'refused', 'unknown'].includes(r.state);

export function fleetCard(reply: FleetReply, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const f = reply.fleet;
  const anything = reply.rows.some(acting);
  const waiting = fleetWaiting(f);
  const heading = headingOf(reply, ctx);
  const pending = f.state === 'pending';
  const confirm = () => [
    fleetAction(VERB_FLEET_CONFIRM, f.id, kindTexts(t, f.kind).button(), kindStyle(f.kind)),
    fleetAction(VERB_FLEET_CANCEL, f.id, t.plain('button.cancel')),
  ];
  const actions = pending && anything ? (waiting ? fleetApprovalButtons(f, ctx) : confirm()) : [];
  return card(
    compact([
      ...header(
        heading,
        t('fleet.customers', { selector: f.selector }),
        pending && kindStyle(f.kind) === 'destructive' ? 'Attention' : undefined,
      ),
      !!reply.approvalNowRequired && text(t('approval.nowRequired'), { weight: 'Bolder', color: 'Warning' }),
      facts(reply.rows.map((r) => [md(r.displayName), rowText(r, ctx)] as const)),
      !anything && f.state === 'pending' && note(t('fleet.nothingToDo')),
      note(t('fleet.requestedBy', { name: safe(ctx.who(f.requester)), when: safe(ctx.when(f.createdAt)) })),
      ...(anything || !pending ? fleetApprovalLines(f, ctx) : []),
    ]),
    actions,
    heading,
  );
}

/** `history @all`: each fleet (newest first) with its per-customer outcomes. */
export function fleetHistoryCard(reply: Extract<Reply, { type: 'fleetHistory' }>, ctx: RenderContext): AdaptiveCard {
  const { t } = ctx;
  const heading = t('fleet.historyTitle', { selector: reply.selector });
  const entries = reply.entries.map((e, i) =>
    container(
      [
        text(headingOf({ type: 'fleet', fleet: e.fleet, rows: e.rows }, ctx), { weight: 'Bolder' }),
        note(
          t('fleet.requestedBy', { name: safe(ctx.who(e.fleet.requester)), when: safe(ctx.when(e.fleet.createdAt)) }),
        ),
        // A request still waiting says until when it can be approved; a decided one, who decided.
        ...[
          fleetWaiting(e.fleet)
            ? t('approval.expires', { when: safe(ctx.when(e.fleet.expiresAt)) })
            : fleetDecisionText(e.fleet, ctx),
        ].flatMap((line) => (line ? [note(line)] : [])),
        facts(e.rows.map((r) => [md(r.displayName), rowText(r, ctx)] as const)),
      ],
      i === 0 ? {} : { separator: true, spacing: 'Medium' },
    ),
  );
  return card(
    compact([...header(heading), ...entries, entries.length === 0 && text(t('fleet.historyNone'))]),
    [],
    heading,
  );
}
