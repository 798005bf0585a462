/**
 * Where a request acts (issue 19, docs/msp.md): the home tenant, one customer (`@contoso`, or the conversation's
 * default set by `customer contoso`), or several (`@all`, `@eu`: the fleet). An explicit `@name` wins over the
 * default. A name that means nothing is answered with a card (never an error): the customers the user may read.
 */
import type { CommandName } from './catalogue';
import type { RequestContext, ServiceOptions } from './context';
import { customerByTenant, inCustomer, NO_CUSTOMERS, resolveTarget, type Customer } from './customers';
import type { FleetTarget } from './fleet-dispatch';
import type { MutatingKind } from './model';
import type { Reply } from './replies';
import { ownsSession } from './session-owner';

/** The facts of a command's row that decide how it takes a target. */
export interface TargetSpec {
  readonly graph: boolean;
  readonly operation?: MutatingKind;
}

export type Routed =
  { kind: 'here'; ctx: RequestContext } | { kind: 'fleet'; target: FleetTarget } | { kind: 'reply'; reply: Reply };

/**
 * Besides the operations (disconnect, reconnect), the commands that take a fleet target. `unwatch` too: typed
 * `unwatch @all` ends the watch of every customer (service.ts hands `@all` to its handler, as for `watch`); without it
 * here, it was answered "one customer at a time" and the watch went on.
 */
const FLEET_READS: ReadonlySet<CommandName> = new Set<CommandName>(['status', 'list', 'history', 'watch', 'unwatch']);

type TargetDeps = Pick<ServiceOptions, 'customers' | 'conversationCustomers' | 'authorizer' | 'tokenOwner'>;

/** The request's target: the request as it goes on (in its customer), the fleet, or the card that answers it. */
export async function routeTarget(
  d: TargetDeps,
  cmd: { name: CommandName; target?: string },
  spec: TargetSpec,
  ctx: RequestContext,
): Promise<Routed> {
  // Commands that do not reach Graph act nowhere; `customer` reads its own argument.
  if (!spec.graph || cmd.name === 'customer') return { kind: 'here', ctx };
  const directory = d.customers ?? NO_CUSTOMERS;
  if (cmd.target === undefined) {
    const customer = await defaultCustomer(d, ctx);
    return { kind: 'here', ctx: customer ? inCustomerContext(ctx, customer) : ctx };
  }
  const typed = cmd.target;
  if (directory.customers.length === 0) return { kind: 'reply', reply: targetReply('noCustomers', typed, []) };
  const target = resolveTarget(directory, typed);
  if (!target) return { kind: 'reply', reply: targetReply('unknown', typed, await readableCustomers(d, ctx)) };
  if (target.kind === 'fleet') {
    if (spec.operation || FLEET_READS.has(cmd.name)) return { kind: 'fleet', target };
    return { kind: 'reply', reply: targetReply('oneCustomer', typed, await readableCustomers(d, ctx)) };
  }
  return { kind: 'here', ctx: inCustomerContext(ctx, target.customer) };
}

/** The request, acting in `customer`: its session's Graph token is the customer's (core/customers.ts). */
export function inCustomerContext(ctx: RequestContext, customer: Customer): RequestContext {
  return { ...ctx, customer, ...(ctx.session ? { session: inCustomer(ctx.session, customer) } : {}) };
}

/** The conversation's default customer (`customer contoso`), if one is set and still configured. */
export async function defaultCustomer(d: TargetDeps, ctx: RequestContext): Promise<Customer | undefined> {
  const directory = d.customers ?? NO_CUSTOMERS;
  if (!d.conversationCustomers || directory.customers.length === 0) return undefined;
  const ref = await d.conversationCustomers.conversationCustomer(ctx.actor.tenantId, ctx.conversation.id);
  return ref ? customerByTenant(directory, ref.tenantId) : undefined;
}

/** The customers the user may read (technicians or readers of each); none without a session of their own. */
export async function readableCustomers(d: TargetDeps, ctx: RequestContext): Promise<Customer[]> {
  const all = (d.customers ?? NO_CUSTOMERS).customers;
  const { session } = ctx;
  if (!session || !d.authorizer.precheck(ctx.actor).allowed || !ownsSession(d.tokenOwner, session)) return [];
  const decisions = await Promise.all(
    all.map((c) => d.authorizer.decideForCustomer(ctx.actor, 'reader', session, c).catch(() => ({ allowed: false }))),
  );
  return all.filter((_c, i) => decisions[i].allowed);
}

export function targetReply(
  problem: 'noCustomers' | 'unknown' | 'oneCustomer',
  typed: string,
  customers: Customer[],
): Reply {
  const listed = customers.map((c) => ({ name: c.name, displayName: c.displayName }));
  return { type: 'customerTarget', problem, typed, customers: listed };
}
