/**
 * The registry: every command, in the order of the help card and the menus. A command is a folder
 * (src/commands/<name>/: its row, handler, texts, and the card of a reply of its own) and one line here; the rest
 * is derived from this list: the command names, the parser's words (parse.ts), dispatch (the service is handed
 * COMMAND_TABLE), the Reply union (core/replies.ts: the core's replies and these), the render table (render.ts),
 * the help card's entries and the app manifest's menus (test/app-package/commands.test.ts).
 */
import type { MutatingKind } from '../core/model';
import type { CommandRunner, CommandTable } from '../core/service';
import type { AdaptiveCard } from '../cards/types';
import { about } from './about';
import { customers } from './customers';
import { approvals } from './approvals';
import { customer } from './customer';
import { disconnect } from './disconnect';
import { help } from './help';
import { history } from './history';
import { list } from './list';
import { reconnect } from './reconnect';
import { status } from './status';
import type { Command, CommandRenderContext, CommandSpec, HelpEntry, RepliesOf } from './types';
import { unwatch } from './unwatch';
import { watch } from './watch';
import { watching } from './watching';
import { whoami } from './whoami';

export const REGISTRY = [
  help,
  list,
  status,
  disconnect,
  reconnect,
  history,
  watch,
  unwatch,
  watching,
  approvals,
  whoami,
  customer,
  about,
  customers,
] as const;

type Registry = typeof REGISTRY;

/** Every command's name. */
export type CommandName = Registry[number]['spec']['name'];

/** The replies the commands have of their own (each with its card). */
export type CommandReply = RepliesOfCommand<Registry[number]>;
type RepliesOfCommand<X> = X extends Command<string, unknown, infer C> ? RepliesOf<C> : never;

/** A card for every reply type of R: a reply type without its card does not compile. */
export type RenderTable<R extends { type: string }> = {
  readonly [T in R['type']]: (reply: Extract<R, { type: T }>, ctx: CommandRenderContext) => AdaptiveCard;
};

/** The rows (what each command is), in the registry's order. */
export const COMMANDS: readonly CommandSpec<CommandName>[] = REGISTRY.map((c) => c.spec);

/** The commands by name, for dispatch (core/service.ts is handed it by wiring). */
export const COMMAND_TABLE: CommandTable = tableOf();

function tableOf(): CommandTable {
  const table: Partial<Record<CommandName, CommandRunner>> = {};
  for (const c of REGISTRY) table[c.spec.name] = c;
  // Every name is the name of a registry entry, so every name has its entry.
  return table as CommandTable;
}

const BY_NAME = new Map<string, CommandSpec<CommandName>>(COMMANDS.map((c) => [c.name, c]));

export function commandSpec(name: CommandName): CommandSpec<CommandName> {
  return BY_NAME.get(name) as CommandSpec<CommandName>;
}

export function isCommandName(name: string): name is CommandName {
  return BY_NAME.has(name);
}

/** The help card's lines, in the registry's order. */
export const HELP_ENTRIES: readonly HelpEntry[] = REGISTRY.map((c) => ({
  name: c.spec.name,
  access: c.spec.access,
  line: c.helpLine,
}));

/** The cards of the commands' own replies, by reply type (merged from the folders; a type filed twice is refused). */
export const COMMAND_CARDS: RenderTable<CommandReply> = mergeCards();

function mergeCards(): RenderTable<CommandReply> {
  const table: Record<string, unknown> = {};
  for (const c of REGISTRY) {
    for (const [type, render] of Object.entries(c.cards)) {
      if (type in table) throw new Error(`commands: two cards for the reply type ${type}`);
      table[type] = render;
    }
  }
  // Each folder's table is pinned to its replies' types (types.ts, Filed); their union is the table of CommandReply.
  return table as RenderTable<CommandReply>;
}

// Each operation kind is asked for by the command of the same name (core/catalogue.ts commandFor relies on it).
for (const c of COMMANDS) {
  if (c.operation && c.operation !== c.name) {
    throw new Error(`commands: ${c.name} asks for ${c.operation}; name it after the kind`);
  }
}
type Assert<T extends true> = T;
export type _EveryKindHasACommand = Assert<MutatingKind extends CommandName ? true : false>;
