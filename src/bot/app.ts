/**
 * The teams-ai Application and the registration of its routes, each concern in its own file over one shared turn
 * helper (turn.ts: a turn's facts as the core's context, a command run, a reply sent or delivered as a card):
 * - routes/messages.ts: typed and @mentioned commands, the help card when the bot is added;
 * - routes/sign-in.ts: the OAuth setting and its autoSignIn selector, the sign-in middleware around teams-ai, the
 *   resumption after a sign-in, `signin/failure`;
 * - routes/card-actions.ts: Action.Execute clicks, one row per verb of the button contract (an exhaustive table);
 * - routes/invokes.ts: the answers Teams expects for a click no route takes and any other invoke (invoke-answers.ts).
 * The order of registration is the order teams-ai tries the routes in.
 */
import type { Storage } from 'botbuilder';
import { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import type { Authorizer } from '../core/authorization';
import type { Logger } from '../core/logger';
import type { RemoteAssistanceService } from '../core/service';
import type { renderReply } from '../commands';
import type { BackgroundWork } from './background-work';
import type { ProactiveCards } from './proactive-cards';
import { routeCardActions } from './routes/card-actions';
import { routeClickProblems, routeOtherInvokes } from './routes/invokes';
import { routeMessages } from './routes/messages';
import { authenticationOf, routeSignIn, useSignInMiddleware } from './routes/sign-in';
import { Turn } from './turn';

export type CardRenderer = typeof renderReply;

export interface BotOptions {
  adapter: TeamsAdapter;
  botId: string;
  oauthConnectionName: string;
  service: RemoteAssistanceService;
  authorizer: Authorizer;
  storage: Storage;
  render: CardRenderer;
  log: Logger;
  /** A confirm click is answered within this; longer work goes on in the background (timed-click.ts). */
  clickAnswerMs: number;
  /** Card updates outside a turn (a late click result). */
  cards: ProactiveCards;
  background: BackgroundWork;
}

export function createBotApplication(o: BotOptions): Application<TurnState> {
  // Before the Application: its constructor adds teams-ai's SSO dedup middleware, which the guard must precede.
  const prompts = useSignInMiddleware(o);
  const app = new Application<TurnState>({
    adapter: o.adapter,
    storage: o.storage,
    removeRecipientMention: true,
    authentication: authenticationOf(o),
  });
  const turn = new Turn(o, app);
  routeMessages(app, turn, o);
  routeSignIn(app, turn, o, prompts);
  // Invoke routes, in this order: signin/failure (above), clicks no route can take, the verbs, anything else.
  routeClickProblems(app, o);
  routeCardActions(app, turn, o);
  routeOtherInvokes(app, o);
  return app;
}
