/**
 * `customers`: for each configured customer the user may read (Authorizer.decideForCustomer 'reader'), at most
 * PARALLEL at once: the partner's state there (a partner list with the user's own token in that customer, the partner
 * whose name holds TeamViewer or the first), or Entra's refusal there; and the customer's GDAP relationship from the
 * partner tenant's list (read once, at home). A relationship list the user or the app may not read is "not
 * readable", never a failure of the card; an ended relationship tells "no access" apart (AADSTS50020 says the same for
 * both: docs/msp.md, https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
 */
import { bounded } from '../../core/bounded';
import type { CommandDeps, CommandInput } from '../../core/context';
import { inCustomer, type Customer } from '../../core/customers';
import { entraCodes, isAppError } from '../../core/errors';
import type { UserSession } from '../../core/model';
import { hasEnded, type GdapRelationship } from '../../core/partner-relationships';
import type { Reply } from '../../core/replies';
import type { CustomerPartnerState, CustomerRelationship, CustomerRow } from './card';

/** Customers read at once (each its own token and partner list). */
export const PARALLEL = 8;

type Relationships =
  { kind: 'read'; list: GdapRelationship[] } | Exclude<CustomerRelationship, { kind: 'listed' | 'none' }>;

function errorKindOf(e: unknown): string {
  if (isAppError(e)) return e.kind;
  return 'internal';
}

async function readRelationships(d: CommandDeps, session: UserSession): Promise<Relationships> {
  if (!d.relationships) return { kind: 'notReadable' };
  try {
    return { kind: 'read', list: await d.relationships.relationships(session) };
  } catch (e) {
    // 403: the user (or the app: DelegatedAdminRelationship.Read.All) may not read them; Entra's 65001: not consented.
    if (isAppError(e) && (e.kind === 'graph.forbidden' || e.kind === 'auth.consentRequired'))
      return { kind: 'notReadable' };
    d.log.warn('customers: GDAP relationships not read', { errorKind: errorKindOf(e) });
    return { kind: 'failed', errorKind: errorKindOf(e) };
  }
}

/** The customer's relationship: an active one first, else the one that ended last. */
function relationshipOf(all: Relationships, c: Customer): CustomerRelationship {
  if (all.kind !== 'read') return all;
  const mine = all.list.filter((r) => r.customerTenantId === c.tenantId.toLowerCase());
  if (!mine.length) return { kind: 'none' };
  const pick =
    mine.find((r) => !hasEnded(r)) ??
    [...mine].sort((a, b) => (b.endDateTime ?? '').localeCompare(a.endDateTime ?? ''))[0];
  return { kind: 'listed', status: pick.status, endDateTime: pick.endDateTime, ended: hasEnded(pick) };
}

/** Entra's code as it answered (core/errors.ts entraCodes); else "Entra". */
function entraCode(e: unknown): string {
  return entraCodes(e)[0] ?? 'Entra';
}

async function partnerState(
  d: CommandDeps,
  session: UserSession,
  c: Customer,
  rel: CustomerRelationship,
): Promise<CustomerPartnerState> {
  try {
    const partners = await d.gateway.list(inCustomer(session, c));
    const p = partners.find((x) => /teamviewer/i.test(x.displayName)) ?? partners[0];
    return p ? { kind: 'partner', name: p.displayName, status: p.onboardingStatus } : { kind: 'none' };
  } catch (e) {
    if (isAppError(e) && e.kind === 'auth.customerNotConsented') return { kind: 'notConsented', code: entraCode(e) };
    if (isAppError(e) && e.kind === 'auth.customerNoAccess') {
      const ended = rel.kind === 'listed' && rel.ended && rel.endDateTime ? { endedOn: rel.endDateTime } : {};
      return { kind: 'noAccess', code: entraCode(e), ...ended };
    }
    d.log.warn('customers: partner not read in a customer', { customer: c.name, errorKind: errorKindOf(e) });
    return { kind: 'failed', errorKind: errorKindOf(e) };
  }
}

export async function customersReply(d: CommandDeps, { ctx, session }: CommandInput): Promise<Reply> {
  const all = d.customers?.customers ?? [];
  if (!all.length) return { type: 'customers', configured: false, rows: [] };
  const visible = await bounded(all, PARALLEL, async (c) => {
    const decision = await d.authorizer.decideForCustomer(ctx.actor, 'reader', session, c);
    return decision.allowed ? c : undefined;
  });
  const readable = visible.filter((c): c is Customer => c !== undefined);
  const relationships = readable.length ? await readRelationships(d, session) : ({ kind: 'notReadable' } as const);
  const rows = await bounded(readable, PARALLEL, async (c): Promise<CustomerRow> => {
    const relationship = relationshipOf(relationships, c);
    const partner = await partnerState(d, session, c, relationship);
    return { name: c.name, displayName: c.displayName, partner, relationship };
  });
  return { type: 'customers', configured: true, rows };
}
