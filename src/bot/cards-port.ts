/** What the bot needs from cards/: a renderer and the Action.Execute verbs the cards use. */
import type { Reply } from '../core/replies';

export type CardRenderer = (reply: Reply, view: { locale: string; timeZone?: string }) => Record<string, unknown>;

export const VERB_CONFIRM = 'op.confirm';
export const VERB_CANCEL = 'op.cancel';
export const VERB_COMMAND = 'command';
