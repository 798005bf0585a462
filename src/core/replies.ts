/**
 * What the core answers, as data. cards/ turns a Reply into an Adaptive Card in the user's language;
 * bot/ decides where it goes (a new message, the invoke response, an update of the card for everyone).
 */
import type { CommandReply } from '../commands';
import type { AppError } from './errors';
import type { CommandName } from './catalogue';
import type { ActionRecord, ConversationKind, MutatingKind, OperationRecord, Partner, PersonRef } from './model';
import type { FleetRecord } from './fleet-model';
import type { FleetRow } from './fleet-rows';
import type { FleetReadReply } from './fleet-status';
import type { WatchedCustomer, WatchNotice } from './watch-model';

/** Why an authorization check said no. */
/**
 * `ownRequest`: the requester of an approval request tried to approve it (somebody else must).
 * `approvalRequired`: a plain confirmation was clicked after two-person approval became required; it became a request.
 * `tokenUserMismatch`: the signed-in token belongs to somebody other than the activity's user; nothing was called.
 */
export type DenialReason =
  | 'wrongTenant'
  | 'notAllowed'
  | 'readOnly'
  | 'otherConversation'
  | 'ownRequest'
  | 'approvalRequired'
  | 'tokenUserMismatch';

/**
 * Who is looking at a request waiting for approval (a user-specific view, Universal Actions `refresh`): its
 * requester (Withdraw), an approver (Approve / Reject), or somebody who may not decide (no buttons). Absent: the
 * card everybody sees (Approve / Reject; the server refuses whoever may not use them).
 */
export type ApprovalViewer = 'requester' | 'approver' | 'onlooker';

/**
 * Intune's answer says the user's role lacks `action` (a resource action such as
 * Microsoft.Intune_RemoteAssistance_Update; core/intune-permissions.ts). `enforced` (INTUNE_CHECK_MODE=enforce): the
 * buttons that need it are not offered and the change is refused; otherwise (advise) they are offered with a note
 * that Intune decides. Either way the card says whom to ask.
 */
export interface MissingIntunePermission {
  action: string;
  contact?: string;
  enforced: boolean;
}

/** A command a card button can run again (Action.Execute verb "command"). */
export interface CommandRef {
  command: CommandName;
  partner?: string;
  /** Where it acts: a customer or a selector (`all`, a group), without the `@` (issue 19). */
  target?: string;
}

/** What the core's use cases answer (cards/ renders each: renderCoreReply). */
export type CoreReply =
  /** `cannotChange`: what Intune says is missing (enforced: no Disconnect / Reconnect buttons; advised: a note). */
  | { type: 'partnerList'; partners: Partner[]; cannotChange?: MissingIntunePermission }
  /** `nothingToDo`: a disconnect (reconnect) was asked of a partner that is already disconnected (onboarded). */
  | {
      type: 'partnerStatus';
      partner: Partner;
      running?: ActionRecord;
      nothingToDo?: MutatingKind;
      cannotChange?: MissingIntunePermission;
    }
  /** A disconnect (reconnect) asked by somebody whose Intune role does not allow it: no confirmation, the reason. */
  | { type: 'changeNotPermitted'; kind: MutatingKind; partnerQuery?: string; missing: MissingIntunePermission }
  /** No partner matched the name, or several did: the user picks one. */
  | { type: 'choosePartner'; command: CommandName; query: string; candidates: Partner[]; noMatch: boolean }
  /**
   * A disconnect (or reconnect) waits for a click on the card: a confirmation, or under two-person approval
   * (`operation.approval`) a request waiting for another approver. `viewer`: see ApprovalViewer. `copy`: a request
   * asked elsewhere, shown again here to somebody who asked for the same change (its card here is a kept copy).
   * `continued`: this (earlier) card's request was shown again in another conversation; its buttons still work.
   */
  | {
      type: 'confirm';
      operation: ActionRecord;
      partner: Partner;
      viewer?: ApprovalViewer;
      copy?: boolean;
      continued?: Continuation;
      intuneAdvice?: MissingIntunePermission;
    }
  /**
   * The operation reached a state; the card shows it. `alreadyDecided` when a stale card was clicked. A request
   * still waiting for approval (pending, `operation.approval`) is shown as such, for `viewer`; `cannotApprove`: the
   * viewer is an approver whose Intune role Intune says cannot make the change (enforced: no Approve; advised: a note).
   * `approvalNowRequired`: a plain confirmation was clicked after two-person approval became required, and became
   * this request.
   */
  | {
      type: 'operation';
      operation: ActionRecord;
      alreadyDecided: boolean;
      error?: AppError;
      viewer?: ApprovalViewer;
      cannotApprove?: MissingIntunePermission;
      approvalNowRequired?: boolean;
    }
  /**
   * A disconnect / reconnect was asked of a partner that already has an open operation (one at a time): that
   * operation's state instead of a second card. `here`: its card is in this conversation.
   */
  | { type: 'operationOpen'; operation: ActionRecord; here: boolean }
  /** The clicked card refers to nothing we know (never created, or from another tenant). */
  | { type: 'operationUnknown' }
  | { type: 'history'; operations: OperationRecord[]; partnerQuery?: string }
  /**
   * A fleet (`disconnect X @all`): a row per customer (core/fleet.ts; a request for approval: fleet-approval.ts).
   * `approvalNowRequired`: a Confirm found two-person approval required since it was asked; it became a request.
   * `unsaved`: nothing to do in any customer, so no record was kept (the card has no buttons and is never updated).
   */
  | { type: 'fleet'; fleet: FleetRecord; rows: FleetRow[]; approvalNowRequired?: boolean; unsaved?: true }
  /** `status X @all` / `list @all`: a row per customer the user may read (core/fleet-status.ts). */
  | FleetReadReply
  /** `history @all`: the fleets, newest first, each with its outcome per customer the user may read. */
  | { type: 'fleetHistory'; selector: string; entries: { fleet: FleetRecord; rows: FleetRow[] }[] }
  | { type: 'denied'; reason: DenialReason; actor: PersonRef; contact?: string }
  /** What the poller tells a watching conversation (a proactive message). */
  | { type: 'watchNotice'; notice: WatchNotice; observedAt: string; customer?: WatchedCustomer }
  /** A mistyped command (`typed`): the nearest command, to run with a click (`word` as the catalogue spells it). */
  | { type: 'didYouMean'; typed: string; suggestion: { name: CommandName; word: string; partner?: string } }
  /** Something failed before or instead of an operation; `retry` re-runs the command. */
  | { type: 'error'; error: AppError; retry?: CommandRef; consentUrl?: string };

/**
 * Every reply: the core's, and those of the commands' own (each command's folder, src/commands/<name>/, with its
 * card; the registry derives the union). A type only: core never loads src/commands/.
 */
export type Reply = (CoreReply | CommandReply) & InCustomer;

/** A reply to a request made in a customer (issue 19) names it: cards show "Contoso Ltd · @contoso" under the title. */
export interface InCustomer {
  customer?: { name: string; displayName: string };
}

/** Who brought an open request to another conversation (of which kind), and when. */
export interface Continuation {
  by: PersonRef;
  at: string;
  where: ConversationKind;
}

/** Where the bot shows a reply to a card click. */
export type ReplyAudience =
  /** Replace the card for everyone in the conversation (update the message) and answer the click with it. */
  | 'everyone'
  /** Answer the click only; the shared card stays as it is (e.g. a denied clicker, a transient error). */
  | 'clicker';

export interface ActionResult {
  reply: Reply;
  audience: ReplyAudience;
}
