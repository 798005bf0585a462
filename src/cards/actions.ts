/**
 * The card buttons' contract with bot/: Action.Execute verbs and their data. bot/ routes on these verbs;
 * change them only together with it.
 *
 *   'op.confirm'  { operationId }                       the Disconnect / Reconnect button of a confirmation
 *   'op.cancel'   { operationId }                       its Cancel button
 *   'command'     { command: CommandName, partner? }    runs a command as if it had been typed
 */
import { COMMANDS, type CommandName } from '../core/catalogue';
import type { CommandRef } from '../core/replies';
import { plainText } from '../i18n/markdown';
import type { ActionStyle, ExecuteAction, OpenUrlAction } from './types';

export const VERB_CONFIRM = 'op.confirm';
export const VERB_CANCEL = 'op.cancel';
export const VERB_COMMAND = 'command';
export const VERBS = [VERB_CONFIRM, VERB_CANCEL, VERB_COMMAND] as const;
export type Verb = (typeof VERBS)[number];

export interface OperationActionData {
  operationId: string;
}

export interface CommandActionData {
  command: CommandName;
  partner?: string;
}

export type ActionData = OperationActionData | CommandActionData;

/** What a click asks for, once the verb and its data are checked (see readCardAction). */
export type CardActionRequest =
  | { verb: typeof VERB_CONFIRM; operationId: string }
  | { verb: typeof VERB_CANCEL; operationId: string }
  | { verb: typeof VERB_COMMAND; command: CommandName; partner?: string };

/** Button titles stay short on a phone. */
const MAX_TITLE = 40;

export function confirmAction(operationId: string, title: string, style: ActionStyle): ExecuteAction {
  return { type: 'Action.Execute', title: plainText(title, MAX_TITLE), verb: VERB_CONFIRM, data: { operationId }, style };
}

export function cancelAction(operationId: string, title: string): ExecuteAction {
  return { type: 'Action.Execute', title: plainText(title, MAX_TITLE), verb: VERB_CANCEL, data: { operationId } };
}

export function commandAction(title: string, ref: CommandRef, style?: ActionStyle): ExecuteAction {
  const data: CommandActionData = ref.partner ? { command: ref.command, partner: ref.partner } : { command: ref.command };
  const action: ExecuteAction = { type: 'Action.Execute', title: plainText(title, MAX_TITLE), verb: VERB_COMMAND, data };
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

const COMMAND_NAMES: ReadonlySet<string> = new Set(COMMANDS.map((c) => c.name));
const MAX_DATA_STRING = 500;

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_DATA_STRING;

/**
 * The other side of the contract, for bot/: checks an Action.Execute's verb and data (which come from the
 * client and may be anything) and returns what the click asks for, or undefined.
 */
export function readCardAction(verb: unknown, data: unknown): CardActionRequest | undefined {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (verb === VERB_CONFIRM || verb === VERB_CANCEL) {
    return str(d.operationId) ? { verb, operationId: d.operationId } : undefined;
  }
  if (verb === VERB_COMMAND) {
    if (typeof d.command !== 'string' || !COMMAND_NAMES.has(d.command)) return undefined;
    const command = d.command as CommandName;
    if (d.partner === undefined || d.partner === null || d.partner === '') return { verb, command };
    return str(d.partner) ? { verb, command, partner: d.partner } : undefined;
  }
  return undefined;
}
