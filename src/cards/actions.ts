/**
 * The card buttons' contract with bot/: Action.Execute verbs and their data. bot/routes/card-actions.ts has one
 * row per verb (typed by `Verb`, so the compiler asks for the row of a new verb); change them together.
 *
 *   'op.confirm'  { operationId }                       the Disconnect / Reconnect button of a confirmation
 *   'op.cancel'   { operationId }                       its Cancel button (Withdraw, on a request for approval)
 *   'op.reject'   { operationId }                       Reject, on a request for approval (Approve is op.confirm)
 *   'op.view'     { operationId }                       the card's refresh: the viewer's own view (user-specific views)
 *   'command'     { command: CommandName, partner? }    runs a command as if it had been typed
 *   'fleet.confirm' { fleetId }                         Confirm on a fleet card (a change in many customers);
 *                                                       Approve, on a fleet's request for approval
 *   'fleet.cancel'  { fleetId }                         its Cancel (Withdraw, on a request for approval)
 *   'fleet.reject'  { fleetId }                         Reject, on a fleet's request for approval
 */
import type { CommandName } from '../core/catalogue';
import type { CommandRef } from '../core/replies';
import { plainText } from '../i18n/markdown';
import type { ActionStyle, ExecuteAction, OpenUrlAction } from './types';

export const VERB_CONFIRM = 'op.confirm';
export const VERB_CANCEL = 'op.cancel';
export const VERB_REJECT = 'op.reject';
export const VERB_VIEW = 'op.view';
export const VERB_COMMAND = 'command';
export const VERB_FLEET_CONFIRM = 'fleet.confirm';
export const VERB_FLEET_CANCEL = 'fleet.cancel';
export const VERB_FLEET_REJECT = 'fleet.reject';
export const VERBS = [
  VERB_CONFIRM,
  VERB_CANCEL,
  VERB_REJECT,
  VERB_VIEW,
  VERB_COMMAND,
  VERB_FLEET_CONFIRM,
  VERB_FLEET_CANCEL,
  VERB_FLEET_REJECT,
] as const;
type FleetVerb = typeof VERB_FLEET_CONFIRM | typeof VERB_FLEET_CANCEL | typeof VERB_FLEET_REJECT;
const FLEET_VERBS: ReadonlySet<unknown> = new Set([VERB_FLEET_CONFIRM, VERB_FLEET_CANCEL, VERB_FLEET_REJECT]);
/** The verbs whose data is `{ operationId }`. */
const OPERATION_VERBS: ReadonlySet<unknown> = new Set([VERB_CONFIRM, VERB_CANCEL, VERB_REJECT, VERB_VIEW]);
type OperationVerb = typeof VERB_CONFIRM | typeof VERB_CANCEL | typeof VERB_REJECT | typeof VERB_VIEW;
export type Verb = (typeof VERBS)[number];

export interface OperationActionData {
  operationId: string;
}

export interface CommandActionData {
  command: CommandName;
  partner?: string;
  /** The customer the command acts in (`@name`, issue 19): a button on a card of a request made in a customer. */
  target?: string;
}

export interface FleetActionData {
  fleetId: string;
}

export type ActionData = OperationActionData | CommandActionData | FleetActionData;

/** What a click asks for, once the verb and its data are checked (see readCardAction). */
export type CardActionRequest =
  | { verb: OperationVerb; operationId: string }
  | { verb: typeof VERB_COMMAND; command: CommandName; partner?: string; target?: string }
  | { verb: FleetVerb; fleetId: string };

/** Button titles stay short on a phone. */
const MAX_TITLE = 40;

export function confirmAction(operationId: string, title: string, style: ActionStyle): ExecuteAction {
  return {
    type: 'Action.Execute',
    title: plainText(title, MAX_TITLE),
    verb: VERB_CONFIRM,
    data: { operationId },
    style,
  };
}

export function cancelAction(operationId: string, title: string): ExecuteAction {
  return { type: 'Action.Execute', title: plainText(title, MAX_TITLE), verb: VERB_CANCEL, data: { operationId } };
}

export function rejectAction(operationId: string, title: string): ExecuteAction {
  return { type: 'Action.Execute', title: plainText(title, MAX_TITLE), verb: VERB_REJECT, data: { operationId } };
}

/** The action of a card's `refresh` (Universal Actions): Teams sends it for each listed viewer when the card shows. */
export function viewAction(operationId: string): ExecuteAction {
  return { type: 'Action.Execute', title: 'Refresh', verb: VERB_VIEW, data: { operationId } };
}

/** Confirm / Cancel (Approve / Reject / Withdraw) on a fleet card (core/fleet.ts): the click carries the fleet's id. */
export function fleetAction(verb: FleetVerb, fleetId: string, title: string, style?: ActionStyle): ExecuteAction {
  const action: ExecuteAction = { type: 'Action.Execute', title: plainText(title, MAX_TITLE), verb, data: { fleetId } };
  if (style) action.style = style;
  return action;
}

export function commandAction(title: string, ref: CommandRef, style?: ActionStyle): ExecuteAction {
  const data: CommandActionData = {
    command: ref.command,
    ...(ref.partner ? { partner: ref.partner } : {}),
    ...(ref.target ? { target: ref.target } : {}),
  };
  const action: ExecuteAction = {
    type: 'Action.Execute',
    title: plainText(title, MAX_TITLE),
    verb: VERB_COMMAND,
    data,
  };
  if (style) action.style = style;
  return action;
}

/** An https link button (http only for loopback, as the local simulator uses); undefined for anything else. */
export function openUrlAction(title: string, url: string | null | undefined): OpenUrlAction | undefined {
  const safe = safeUrl(url);
  return safe ? { type: 'Action.OpenUrl', title: plainText(title, MAX_TITLE), url: safe } : undefined;
}

export function safeUrl(url: string | null | undefined): string | undefined {
  if (typeof url !== 'string' || url.length > 2048) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') return u.toString();
    if (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) return u.toString();
  } catch {
    // not a URL
  }
  return undefined;
}

const MAX_DATA_STRING = 500;
/** An operation id as the bot makes them (UUIDs) and the tests name them (`op-1`): no spaces, no markup, short. */
const OPERATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_DATA_STRING;

/**
 * What a click's verb and data (which come from the client and may be anything) amount to:
 * - `ok`: what the click asks for;
 * - `stale`: a button this version does not have (an unknown verb, a command that no longer exists), e.g.
 *   on a card sent by an older version of the bot;
 * - `invalid`: one of this version's verbs with data that breaks its contract (a request to refuse).
 */
export type CardActionCheck = { ok: CardActionRequest } | { stale: string } | { invalid: string };

export function checkCardActionOf(
  isCommand: (name: string) => name is CommandName,
): (verb: unknown, data: unknown) => CardActionCheck {
  return (verb, data) => checkCardAction(verb, data, isCommand);
}

/** `isCommand`: the command names this version has (src/commands/card-actions.ts gives the registry's). */
function checkCardAction(
  verb: unknown,
  data: unknown,
  isCommand: (name: string) => name is CommandName,
): CardActionCheck {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (OPERATION_VERBS.has(verb)) {
    return typeof d.operationId === 'string' && OPERATION_ID.test(d.operationId)
      ? { ok: { verb: verb as OperationVerb, operationId: d.operationId } }
      : { invalid: `${verb} needs data.operationId, an operation id` };
  }
  if (FLEET_VERBS.has(verb)) {
    return typeof d.fleetId === 'string' && OPERATION_ID.test(d.fleetId)
      ? { ok: { verb: verb as FleetVerb, fleetId: d.fleetId } }
      : { invalid: `${verb} needs data.fleetId, a fleet id` };
  }
  if (verb === VERB_COMMAND) {
    if (typeof d.command !== 'string') return { invalid: 'command needs data.command, a command name' };
    const command = d.command;
    if (!isCommand(command)) return { stale: 'a command this version does not have' };
    const target = d.target === undefined || d.target === null || d.target === '' ? undefined : d.target;
    if (target !== undefined && !str(target)) {
      return { invalid: `data.target must be text of at most ${MAX_DATA_STRING} characters` };
    }
    const at = target === undefined ? {} : { target };
    if (d.partner === undefined || d.partner === null || d.partner === '') return { ok: { verb, command, ...at } };
    return str(d.partner)
      ? { ok: { verb, command, partner: d.partner, ...at } }
      : { invalid: `data.partner must be text of at most ${MAX_DATA_STRING} characters` };
  }
  return { stale: 'a verb this version does not have' };
}
