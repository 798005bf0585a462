/**
 * Messages: a command typed in personal chat or @mentioned in a channel or group chat, answered with a card;
 * and the help card when the bot is added to a conversation.
 */
import { ActivityTypes } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { BotOptions } from '../app';
import type { Turn } from '../turn';
import { actorOf } from '../turn-facts';

export function routeMessages(app: Application<TurnState>, turn: Turn, o: BotOptions): void {
  app.conversationUpdate('membersAdded', async (context) => {
    const added = context.activity.membersAdded ?? [];
    if (added.some((m) => m.id === context.activity.recipient?.id)) {
      await turn.send(context, { type: 'help', canAct: o.authorizer.precheck(actorOf(context.activity)).allowed });
    }
  });

  app.activity(ActivityTypes.Message, (context, state) => turn.answerMessage(context, state));
}
