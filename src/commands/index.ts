/**
 * The commands room: each command a folder (src/commands/<name>/), listed by the registry (registry.ts). What the
 * other rooms use of it: the registry and what is derived from it.
 */
export {
  COMMANDS,
  COMMAND_CARDS,
  COMMAND_TABLE,
  HELP_ENTRIES,
  REGISTRY,
  commandSpec,
  isCommandName,
  type CommandName,
  type CommandReply,
  type RenderTable,
} from './registry';
export { parseCommand, normalizeText, type ParsedCommand } from './parse';
export { renderReply } from './render';
export { checkCardAction, readCardAction } from './card-actions';
export type { CommandSpec } from './types';
