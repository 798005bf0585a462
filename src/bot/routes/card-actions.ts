/**
 * Card actions: one row per Action.Execute verb of the button contract (cards/actions.ts), in an exhaustive table:
 * a verb added to the contract without its row does not compile. A row says whether a click needs the clicker's
 * token (the sign-in selector asks it, routes/sign-in.ts) and what the click does. Every verb gets its route;
 * a click whose data breaks the contract never reaches one (routes/invokes.ts answers it first).
 */
import type { TurnContext } from 'botbuilder';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import type { ActionResult } from '../../core/replies';
import type { RemoteAssistanceService } from '../../core/service';
import { VERBS, VERB_CANCEL, VERB_COMMAND, VERB_CONFIRM, VERB_REJECT, VERB_VIEW } from '../../cards';
import { VERB_FLEET_CANCEL, VERB_FLEET_CONFIRM, VERB_FLEET_REJECT } from '../../cards';
import type { CardActionRequest, Verb } from '../../cards';
import type { BackgroundWork } from '../background-work';
import { readCardAction } from '../../commands';
import type { BotOptions } from '../app';
import { timedConfirm } from '../timed-click';
import { commandReachesGraph, type Turn } from '../turn';

/** What a click on `V` asks for, its data checked. */
export type ClickOf<V extends Verb> = CardActionRequest & { verb: V };

/** What a verb's route works with. */
export interface ClickDeps {
  turn: Turn;
  service: RemoteAssistanceService;
  /** The confirm click raced against Teams' window (timed-click.ts). */
  confirmInTime: ReturnType<typeof timedConfirm>;
  /** Where a fleet's customers run after the click was answered (a clean shutdown waits for them). */
  background?: BackgroundWork;
}

export interface CardRoute<V extends Verb> {
  /** Whether the click must carry the clicker's token (asked by teams-ai's autoSignIn selector). */
  needsToken(click: ClickOf<V>): boolean;
  act(deps: ClickDeps, context: TurnContext, state: TurnState, click: ClickOf<V>): Promise<ActionResult>;
}

/** One row per verb of the contract: the compiler asks for the row of a new verb. */
export type CardRoutes = { readonly [V in Verb]: CardRoute<V> };

export const CARD_ROUTES: CardRoutes = {
  // A click on an operation's card is authorized again, as the clicker: that needs their token.
  [VERB_CONFIRM]: {
    needsToken: () => true,
    act: (d, context, state, click) => d.confirmInTime(context, d.turn.contextOf(context, state), click.operationId),
  },
  [VERB_CANCEL]: {
    needsToken: () => true,
    act: (d, context, state, click) => d.service.cancel(click.operationId, d.turn.contextOf(context, state)),
  },
  [VERB_REJECT]: {
    needsToken: () => true,
    act: (d, context, state, click) => d.service.reject(click.operationId, d.turn.contextOf(context, state)),
  },
  // The card's refresh (Universal Actions user-specific views): Teams sends it when a listed viewer sees the card.
  // It reads the record only and must never answer a viewer with a sign-in (it comes unasked); a token the user
  // already holds is used (to leave out an Approve their Intune role would refuse).
  [VERB_VIEW]: {
    needsToken: () => false,
    act: async (d, context, state, click) =>
      d.service.view(click.operationId, await d.turn.withHeldToken(context, d.turn.contextOf(context, state))),
  },
  // A button that runs a command answers in place of the card that had the button.
  [VERB_COMMAND]: {
    needsToken: (click) => commandReachesGraph(click.command),
    act: async (d, context, state, click) => {
      const { command: name, partner, target } = click;
      const cmd = { name, ...(partner ? { partner } : {}), ...(target ? { target } : {}) };
      return { reply: await d.service.handleCommand(cmd, d.turn.contextOf(context, state)), audience: 'clicker' };
    },
  },
  // A fleet card (core/fleet.ts): Confirm is answered at once with the card running; the customers run after it.
  [VERB_FLEET_CONFIRM]: {
    needsToken: () => true,
    act: (d, context, state, click) => {
      const background = d.background && ((what: string, work: () => Promise<void>) => d.background?.run(what, work));
      return d.service.confirmFleet(click.fleetId, d.turn.contextOf(context, state), background);
    },
  },
  [VERB_FLEET_CANCEL]: {
    needsToken: () => true,
    act: (d, context, state, click) => d.service.cancelFleet(click.fleetId, d.turn.contextOf(context, state)),
  },
  // Reject on a fleet's request for approval: the same use case as Cancel, which tells a requester's Withdraw from
  // an approver's Reject by who clicked (core/fleet-approval.ts), never by the button.
  [VERB_FLEET_REJECT]: {
    needsToken: () => true,
    act: (d, context, state, click) => d.service.cancelFleet(click.fleetId, d.turn.contextOf(context, state)),
  },
};

function routeOf<V extends Verb>(verb: V): CardRoute<V> {
  return CARD_ROUTES[verb];
}

/** Whether a click of this version must carry the clicker's token (its verb's row says). */
export function clickNeedsToken(click: CardActionRequest): boolean {
  return routeOf(click.verb).needsToken(click);
}

export function routeCardActions(app: Application<TurnState>, turn: Turn, o: BotOptions): void {
  const confirmInTime = timedConfirm({
    budgetMs: o.clickAnswerMs,
    service: o.service,
    cards: o.cards,
    background: o.background,
    connectionName: o.oauthConnectionName,
    log: o.log,
  });
  const deps: ClickDeps = { turn, service: o.service, confirmInTime, background: o.background };
  for (const verb of VERBS)
    app.adaptiveCards.actionExecute(verb, (context, state, data) => answer(deps, verb, context, state, data));
}

/** A click: the core's answer, or on any failure an error card for the clicker alone. */
async function answer(
  d: ClickDeps,
  verb: Verb,
  context: TurnContext,
  state: TurnState,
  data: unknown,
): Promise<AdaptiveCard> {
  let result: ActionResult;
  try {
    const click = readCardAction(verb, data);
    // Unreachable: a click whose data breaks the contract is answered before the verbs' routes (routes/invokes.ts).
    if (click?.verb !== verb) throw new Error(`a ${verb} click reached its route with data that breaks the contract`);
    result = await routeOf(click.verb).act(d, context, state, click);
  } catch (e) {
    result = { reply: d.turn.internalError(context, e), audience: 'clicker' };
  }
  return d.turn.deliver(context, state, result);
}
