/**
 * A confirmed fleet's run (core/fleet.ts confirms it): each customer's child through the single click's path, at
 * most FLEET_PARALLEL customers at once; and the fleet's card, drawn from the records only and brought up to date
 * for everyone as rows finish (paced to Teams' per-conversation rate).
 */
import { bounded } from './bounded';
import type { CardUpdates } from './card-ref';
import type { RequestContext } from './context';
import { inCustomer, NO_CUSTOMERS, type CustomerDirectory } from './customers';
import { describeError, isAppError } from './errors';
import type { FleetDeps, FleetReply } from './fleet';
import type { FleetRecord } from './fleet-model';
import { fleetRows } from './fleet-rows';
import type { ActionRecord, UserSession } from './model';

/** Customers at once (FleetDeps.fleetParallel overrides it). */
export const FLEET_PARALLEL = 8;

export const directoryOf = (d: FleetDeps): CustomerDirectory => d.customers ?? NO_CUSTOMERS;

export async function fleetReply(d: FleetDeps, fleet: FleetRecord): Promise<FleetReply> {
  const children = await d.fleets.fleetChildren(fleet.id);
  return { type: 'fleet', fleet, rows: fleetRows(directoryOf(d), fleet, children) };
}

/**
 * The fleet card is updated as rows finish, but at most once per FLEET_CARD_GAP_MS: Teams lets a bot send about 7
 * messages a second into one conversation (the outbound queue holds it to that), so an update per row of 50
 * customers would reach the card 13 s after the last row did (bench part `fleet`). The final update is always sent.
 */
export const FLEET_CARD_GAP_MS = 1000;

function pacedCardUpdates(d: FleetDeps, fleetId: string): { rowDone: () => Promise<void> } {
  let last = 0;
  return {
    rowDone: async () => {
      const now = d.clock.now().getTime();
      if (now - last < FLEET_CARD_GAP_MS) return;
      last = now;
      await updateFleetCards(d, fleetId);
    },
  };
}

/**
 * Runs a confirmed fleet's children: per customer one at a time (each customer has one child), FLEET_PARALLEL
 * customers at once, each through Operations.claimAndRun in its customer; then running -> finished and a last card.
 * Re-entrant: a child no longer pending is left as it is (claimAndRun only claims a pending record).
 */
export async function runFleet(
  d: FleetDeps,
  fleet: FleetRecord,
  ctx: RequestContext & { session: UserSession },
): Promise<void> {
  const children = (await d.fleets.fleetChildren(fleet.id)).filter((c) => c.state === 'pending');
  const directory = directoryOf(d);
  const paced = pacedCardUpdates(d, fleet.id);
  await bounded(children, d.fleetParallel ?? FLEET_PARALLEL, async (child) => {
    const customer =
      child.customer &&
      directory.customers.find((c) => c.tenantId.toLowerCase() === child.customer?.tenantId.toLowerCase());
    try {
      if (!customer) throw new Error('the customer is no longer configured');
      const allowed = await d.authorizer.decideForCustomer(ctx.actor, 'admin', ctx.session, customer);
      if (!allowed.allowed) await refuseChild(d, child as ActionRecord, `authz.${allowed.reason}`);
      else
        await d.operations.claimAndRun(child as ActionRecord, { ...ctx, session: inCustomer(ctx.session, customer) });
    } catch (e) {
      d.log.warn('fleet: a customer failed', { fleetId: fleet.id, operationId: child.id, error: describeError(e) });
      await refuseChild(d, child as ActionRecord, isAppError(e) ? e.kind : 'graph.unexpected');
    }
    await paced.rowDone();
  });
  const now = d.clock.now().toISOString();
  await d.fleets.transitionFleet(fleet.id, ['running'], 'finished', { updatedAt: now, completedAt: now });
  d.log.info('fleet finished', { fleetId: fleet.id });
  await updateFleetCards(d, fleet.id);
}

/** A child that could not be claimed (its read before failed, or the clicker may not act there): failed, why. */
async function refuseChild(d: FleetDeps, child: ActionRecord, errorKind: string): Promise<void> {
  const now = d.clock.now().toISOString();
  await d.store.transition(child.id, ['pending'], 'failed', {
    updatedAt: now,
    completedAt: now,
    errorKind,
    settledBy: 'graph',
  });
}

/** The fleet's card, for everyone, as the records stand (keyed by the fleet's id in the card store). */
export async function updateFleetCards(d: FleetDeps, fleetId: string): Promise<void> {
  const u: CardUpdates | undefined = d.cards;
  if (!u) return;
  try {
    const fleet = await d.fleets.getFleet(fleetId);
    if (!fleet) return;
    const reply = await fleetReply(d, fleet);
    for (const card of await u.cards.all(fleetId)) await u.publisher.update(card, reply);
  } catch (e) {
    d.log.warn('could not update the fleet card', { fleetId, error: describeError(e) });
  }
}
