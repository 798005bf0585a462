/**
 * The card-action table (src/bot/routes/card-actions.ts): one row per verb of the button contract
 * (src/cards/actions.ts), so a verb without a route does not compile; each row says whether a click needs the
 * clicker's token. What a click does is tested over real HTTP (test/e2e); here, the table's promises.
 */
import { CARD_ROUTES, clickNeedsToken, type CardRoute, type CardRoutes } from '../../src/bot/routes/card-actions';
import { VERBS, VERB_CANCEL, VERB_COMMAND, VERB_CONFIRM, VERB_REJECT, VERB_VIEW } from '../../src/cards';
import { VERB_FLEET_CANCEL, VERB_FLEET_CONFIRM, VERB_FLEET_REJECT } from '../../src/cards';

describe('the card-action table', () => {
  it('has a route for every verb of the button contract, and for nothing else', () => {
    expect(Object.keys(CARD_ROUTES).sort()).toEqual([...VERBS].sort());
  });

  it("asks the clicker to sign in for a click on an operation, never for the card's refresh", () => {
    for (const verb of [VERB_CONFIRM, VERB_CANCEL, VERB_REJECT] as const)
      expect(clickNeedsToken({ verb, operationId: 'op-1' })).toBe(true);
    expect(clickNeedsToken({ verb: VERB_VIEW, operationId: 'op-1' })).toBe(false);
  });

  it('asks the clicker to sign in for every click on a fleet card: Confirm / Approve, Cancel / Withdraw, Reject', () => {
    for (const verb of [VERB_FLEET_CONFIRM, VERB_FLEET_CANCEL, VERB_FLEET_REJECT] as const)
      expect(clickNeedsToken({ verb, fleetId: 'fleet-1' })).toBe(true);
  });

  it('asks for a sign-in for a command button only when the catalogue says the command reaches Graph', () => {
    expect(clickNeedsToken({ verb: VERB_COMMAND, command: 'status', partner: 'TeamViewer' })).toBe(true);
    expect(clickNeedsToken({ verb: VERB_COMMAND, command: 'help' })).toBe(false);
    expect(clickNeedsToken({ verb: VERB_COMMAND, command: 'whoami' })).toBe(false);
  });

  it('is refused by the compiler when a verb has no row, or a row reads data its verb does not carry', () => {
    // These are checked by `tsc -p tsconfig.json --noEmit` (npm test) and by ts-jest when this file compiles.
    const { [VERB_VIEW]: _dropped, ...withoutView } = CARD_ROUTES;
    // @ts-expect-error a verb of the contract without its route
    const missing: CardRoutes = withoutView;
    const wrongData: CardRoute<typeof VERB_COMMAND> = {
      needsToken: () => true,
      // @ts-expect-error a command click carries no operation id
      act: async (d, context, state, click) => d.service.cancel(click.operationId, d.turn.contextOf(context, state)),
    };
    expect([missing, wrongData]).toHaveLength(2);
  });
});
