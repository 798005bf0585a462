/**
 * The bot's one entry point for the HTTP server: an activity request in, the adapter's answer out. The
 * server (server.ts) stays a replaceable edge that knows nothing of botbuilder or teams-ai, as a receiver
 * in Slack's Bolt or a plugin in the Teams SDK.
 */
import type { Request, Response, TurnContext } from 'botbuilder';
import type { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import { describeError } from '../core/errors';
import type { Logger } from '../core/logger';
import { traceTurn } from './telemetry';

export type ActivityRequestHandler = (req: Request, res: Response) => Promise<void>;

export function createRequestHandler(
  adapter: TeamsAdapter,
  app: Application<TurnState>,
  log: Logger,
): ActivityRequestHandler {
  return (req, res) => traceTurn(req, res, (bind) => answer(req, res, bind));

  async function answer(req: Request, res: Response, bind: (context: TurnContext) => void): Promise<void> {
    try {
      await adapter.process(req, res, (context) => (bind(context), app.run(context).then(() => undefined)));
    } catch (e) {
      // Only a malformed activity reaches here (the adapter's own validation); turn errors go to onTurnError.
      log.warn('activity rejected', { error: describeError(e) });
      if (!(res as { headersSent?: boolean }).headersSent) {
        res.status(400);
        res.send({ error: 'BadRequest', message: 'The activity is not valid.' });
        res.end();
      }
    }
  }
}
