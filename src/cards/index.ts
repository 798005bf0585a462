/**
 * The core's replies -> Adaptive Card (1.5) in the reader's language, and the building blocks of every card. The
 * commands' own replies have their cards in their folders; src/commands/render.ts renderReply renders any Reply.
 * bot/ sends the result as an attachment (application/vnd.microsoft.card.adaptive) or as the invoke response.
 */
import type { CoreReply } from '../core/replies';
import { changeNotPermittedCard } from './change-not-permitted-card';
import { choosePartnerCard } from './choose-partner-card';
import { confirmCard } from './confirm-card';
import { renderContext, type ReplyView } from './context';
import { deniedCard } from './denied-card';
import { didYouMeanCard } from './did-you-mean-card';
import { errorCard } from './error-card';
import { fleetCard, fleetHistoryCard } from './fleet-card';
import { fleetStatusCard } from './fleet-status-card';
import { historyCard } from './history-card';
import { openOperationCard } from './open-operation-card';
import { operationCard } from './operation-card';
import { partnerListCard } from './partner-list-card';
import { partnerStatusCard } from './partner-status-card';
import type { AdaptiveCard } from './types';
import { unknownOperationCard } from './unknown-operation-card';
import { watchNoticeCard } from './watch-notice-card';

export function renderCoreReply(reply: CoreReply, view: ReplyView): AdaptiveCard {
  const ctx = renderContext(view);
  switch (reply.type) {
    case 'partnerList':
      return partnerListCard(reply, ctx);
    case 'partnerStatus':
      return partnerStatusCard(reply, ctx);
    case 'choosePartner':
      return choosePartnerCard(reply, ctx);
    case 'confirm':
      return confirmCard(reply, ctx);
    case 'changeNotPermitted':
      return changeNotPermittedCard(reply, ctx);
    case 'operation':
      return operationCard(reply, ctx);
    case 'operationOpen':
      return openOperationCard(reply, ctx);
    case 'operationUnknown':
      return unknownOperationCard(ctx);
    case 'history':
      return historyCard(reply, ctx);
    case 'denied':
      return deniedCard(reply, ctx);
    case 'error':
      return errorCard(reply, ctx);
    case 'watchNotice':
      return watchNoticeCard(reply, ctx);
    case 'didYouMean':
      return didYouMeanCard(reply, ctx);
    case 'fleet':
      return fleetCard(reply, ctx);
    case 'fleetHistory':
      return fleetHistoryCard(reply, ctx);
    case 'fleetRead':
      return fleetStatusCard(reply, ctx);
    default: {
      const never: never = reply;
      throw new Error(`cards: no card for reply ${JSON.stringify((never as { type?: unknown }).type)}`);
    }
  }
}

export type { ReplyView } from './context';
export * from './types';
export {
  VERB_CANCEL,
  VERB_COMMAND,
  VERB_CONFIRM,
  VERB_FLEET_CANCEL,
  VERB_FLEET_CONFIRM,
  VERB_FLEET_REJECT,
  VERB_REJECT,
  VERB_VIEW,
  VERBS,
  checkCardActionOf,
  type ActionData,
  type CardActionCheck,
  type CardActionRequest,
  type CommandActionData,
  type OperationActionData,
  type Verb,
} from './actions';
export { signInFailureCard } from './sign-in-failure-card';
export { staleActionCard } from './stale-action-card';
export { signInOutcomeCard, type SignInOutcome } from './sign-in-outcome-card';
export { renderContext, type RenderContext } from './context';
export { MAX_LISTED_PARTNERS } from './partner-list-card';
export { MAX_CANDIDATES } from './choose-partner-card';
export { MAX_HISTORY_ENTRIES } from './history-card';
