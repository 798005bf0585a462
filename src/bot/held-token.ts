/**
 * The user's token for the bot's OAuth connection, if the token service holds one, asked without starting a
 * sign-in (Bot Framework Token API, GET /api/usertoken/GetToken: 404 when there is none, which botbuilder's
 * UserTokenClient turns into an empty answer). For `whoami` and for a card's refresh, which comes unasked.
 */
import type { TurnContext } from 'botbuilder';
import { userTokenClientOf } from './sign-in-guard';

/** Rejects when the turn has no token client (a host without the token service). */
export async function heldToken(context: TurnContext, connectionName: string): Promise<string | undefined> {
  const a = context.activity;
  const client = userTokenClientOf(context);
  if (!client || !a.from?.id) throw new Error('no token client for this turn');
  const answer = await client.getUserToken(a.from.id, connectionName, a.channelId, '');
  return answer?.token || undefined;
}
