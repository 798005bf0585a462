/**
 * The fleet reads (issue 19): `status TeamViewer @all` and `list @all` (or `@<group>`). ONE card with a row per
 * customer of the selector that the user may read (Authorizer.decideForCustomer 'reader'; the others are left out and
 * counted): the partner there as that customer's Graph has it (one list with the user's own on-behalf-of token in that
 * customer), or why it cannot be reached (the error's kind and Entra's AADSTS code). At most FLEET_PARALLEL customers
 * at once. Nothing is written: a read changes no record (a refused session is the only denial recorded).
 */
import { authorizeSignedIn, type AccessDeps } from './access';
import { bounded } from './bounded';
import type { RequestContext, ServiceOptions } from './context';
import { customerRef, inCustomer, type Customer } from './customers';
import { describeError, entraCodes, isAppError } from './errors';
import { FLEET_PARALLEL } from './fleet-run';
import type { FleetTarget } from './fleet-dispatch';
import { kindSpec, partnerButtonKinds } from './kinds';
import type { CustomerRef, MutatingKind, Partner, UserSession } from './model';
import { resolvePartner } from './partner-resolver';
import type { Reply } from './replies';

/** What was found in one customer. */
export type FleetReadOutcome =
  /** `status`: the partner the query names (one); `list`: every partner there (maybe none). */
  | { kind: 'partners'; partners: Partner[] }
  /** `status`: no partner there goes by that name (`several`: more than one does). */
  | { kind: 'noPartner'; several: boolean }
  /** The customer could not be read: the error's kind, and Entra's AADSTS code when it answered with one. */
  | { kind: 'unreachable'; errorKind: string; code?: string };

export interface FleetReadRow {
  customer: CustomerRef;
  displayName: string;
  /** The user may act in this customer (its technicians' groups), not only read. */
  mayAct: boolean;
  outcome: FleetReadOutcome;
}

/**
 * `status X @all` (`query` set) or `list @all`: the rows, in the selector's order; `hidden`: customers of the selector
 * the user may not read (left out); `change`: the operation kind a "Disconnect in all" button would ask of the fleet
 * (the first kind by button order that would change the partner in a customer where the user may act), if any.
 */
export interface FleetReadReply {
  type: 'fleetRead';
  command: 'status' | 'list';
  selector: string;
  query?: string;
  rows: FleetReadRow[];
  hidden: number;
  change?: MutatingKind;
}

type FleetReadDeps = AccessDeps & Pick<ServiceOptions, 'gateway'> & { fleetParallel?: number };

async function readIn(
  d: FleetReadDeps,
  session: UserSession,
  c: Customer,
  query: string | undefined,
): Promise<FleetReadOutcome> {
  try {
    const partners = await d.gateway.list(inCustomer(session, c));
    if (query === undefined) return { kind: 'partners', partners };
    const found = resolvePartner(partners, query);
    if (found.kind === 'one') return { kind: 'partners', partners: [found.partner] };
    return { kind: 'noPartner', several: found.kind === 'several' };
  } catch (e) {
    if (!isAppError(e)) {
      d.log.warn('fleet read: a customer could not be read', { customer: c.name, error: describeError(e) });
      return { kind: 'unreachable', errorKind: 'graph.unexpected' };
    }
    const code = entraCodes(e)[0];
    return { kind: 'unreachable', errorKind: e.kind, ...(code ? { code } : {}) };
  }
}

/** One customer: may the user read it (and act), then its partners; undefined when the user may not read it. */
async function readCustomer(
  d: FleetReadDeps,
  session: UserSession,
  c: Customer,
  query: string | undefined,
): Promise<FleetReadRow | undefined> {
  // A group lookup that fails fails the card (its error card offers Try again): "you may not read" would be a guess.
  const decision = await d.authorizer.decideForCustomer(session.actor, 'reader', session, c);
  if (!decision.allowed) return undefined;
  const outcome = await readIn(d, session, c, query);
  return { customer: customerRef(c), displayName: c.displayName, mayAct: decision.role === 'admin', outcome };
}

/** The first kind (button order) that would change the partner in a customer where the user may act. */
function changeOffered(rows: readonly FleetReadRow[]): MutatingKind | undefined {
  const statuses = rows.flatMap((r) => (r.mayAct && r.outcome.kind === 'partners' ? r.outcome.partners : []));
  return partnerButtonKinds().find((k) => statuses.some((p) => !kindSpec(k).alreadyThere(p.onboardingStatus)));
}

/** `status <partner> @all` (`argument` set) or `list @all` / `status @all`: the fleet's read card. */
export async function fleetRead(
  d: FleetReadDeps,
  argument: string | undefined,
  target: FleetTarget,
  ctx: RequestContext,
): Promise<Reply> {
  const query = argument?.trim() || undefined;
  // The tenant's own user, signed in, with their own token (before the first Graph call, the group lookup); each
  // customer's groups then decide its row.
  const denied = await authorizeSignedIn(d, ctx, 'view');
  if (denied) return denied;
  const session = ctx.session as UserSession;
  const read = await bounded(target.customers, d.fleetParallel ?? FLEET_PARALLEL, (c) =>
    readCustomer(d, session, c, query),
  );
  const rows = read.filter((r): r is FleetReadRow => r !== undefined);
  const change = query ? changeOffered(rows) : undefined;
  d.log.info('fleet read', { selector: target.selector, customers: target.customers.length, readable: rows.length });
  return {
    type: 'fleetRead',
    command: query ? 'status' : 'list',
    selector: target.selector,
    ...(query ? { query } : {}),
    rows,
    hidden: target.customers.length - rows.length,
    ...(change ? { change } : {}),
  };
}
