/**
 * `customers`: one row per customer the user may read (handler.ts): the partner's state there or why it cannot be
 * reached (Entra's AADSTS code), and the GDAP relationship (status, until when; "not readable" without the permission).
 */
import { card, compact, facts, header, note, text, type FactRow } from '../../cards/elements';
import type { AdaptiveCard } from '../../cards/types';
import { errorKindLabel } from '../../i18n/error-texts';
import type { Markdown } from '../../i18n/markdown';
import { safe } from '../../i18n/translator';
import type { CommandRenderContext } from '../types';
import { TEXTS } from './texts';

/** The partner in the customer: read, none there, or refused (`code`: Entra's AADSTS code, as it answered). */
export type CustomerPartnerState =
  | { kind: 'partner'; name: string; status: string }
  | { kind: 'none' }
  | { kind: 'notConsented'; code: string }
  | { kind: 'noAccess'; code: string; endedOn?: string }
  | { kind: 'failed'; errorKind: string };

/** The customer's GDAP relationship as the partner tenant lists it. */
export type CustomerRelationship =
  | { kind: 'listed'; status: string; endDateTime: string | null; ended: boolean }
  | { kind: 'none' }
  | { kind: 'notReadable' }
  | { kind: 'failed'; errorKind: string };

export interface CustomerRow {
  name: string;
  displayName: string;
  partner: CustomerPartnerState;
  relationship: CustomerRelationship;
}

/** `customers`. `configured` false: the bot serves no customer tenants. */
export interface CustomersReply {
  type: 'customers';
  configured: boolean;
  rows: CustomerRow[];
}

type Tx = ReturnType<typeof TEXTS.in>;

function partnerText(p: CustomerPartnerState, tx: Tx, ctx: CommandRenderContext): Markdown {
  switch (p.kind) {
    case 'partner':
      return tx('partnerState', { name: p.name, status: p.status });
    case 'none':
      return tx('noPartner');
    case 'notConsented':
      return tx('notConsented', { code: p.code });
    case 'noAccess':
      return p.endedOn
        ? tx('noAccessEnded', { code: p.code, date: safe(ctx.when(p.endedOn)) })
        : tx('noAccess', { code: p.code });
    case 'failed':
      return tx('failed', { reason: safe(errorKindLabel(ctx.t, p.errorKind)) });
  }
}

function relationshipText(r: CustomerRelationship, tx: Tx, ctx: CommandRenderContext): Markdown {
  switch (r.kind) {
    case 'listed':
      if (!r.endDateTime) return tx('relationshipNoEnd', { status: r.status });
      return tx(r.ended ? 'relationshipEnded' : 'relationshipUntil', {
        status: r.status,
        date: safe(ctx.when(r.endDateTime)),
      });
    case 'none':
      return tx('relationshipNone');
    case 'notReadable':
      return tx('relationshipNotReadable');
    case 'failed':
      return tx('relationshipFailed', { reason: safe(errorKindLabel(ctx.t, r.errorKind)) });
  }
}

function rowFacts(row: CustomerRow, tx: Tx, ctx: CommandRenderContext): FactRow[] {
  return [
    [tx('partner'), partnerText(row.partner, tx, ctx)],
    [tx('relationship'), relationshipText(row.relationship, tx, ctx)],
  ];
}

export function customersCard(reply: CustomersReply, ctx: CommandRenderContext): AdaptiveCard {
  const tx = TEXTS.in(ctx);
  if (!reply.configured) return card([...header(tx('noneTitle')), text(tx('noneDetail'))], [], tx('noneTitle'));
  const rows = reply.rows.flatMap((row) => [
    text(tx('rowTitle', { displayName: row.displayName, name: row.name }), { weight: 'Bolder', spacing: 'Medium' }),
    facts(rowFacts(row, tx, ctx)),
  ]);
  return card(
    compact([...header(tx('title')), ...(rows.length ? rows : [text(tx('noneVisible'))]), note(tx('note'))]),
    [],
    tx('title'),
  );
}
