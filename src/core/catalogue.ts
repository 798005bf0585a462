/**
 * The catalogue: what each command is, and what each operation kind does. One table each, read by the
 * parser (commands.ts), dispatch (service.ts), the sign-in selector (bot/), the help card (cards/) and
 * checked against the app manifest's command menus (test/app-package/commands.test.ts).
 *
 * Adding a command: a row in COMMANDS, a handler in service.ts (the compiler asks for it), its texts in
 * i18n/locales (help.<name>.usage / help.<name>.description), and the manifest menus if it has `menu`.
 * Adding an operation kind: its row in core/kinds/ (Graph action, evidence, button, texts) and its line in
 * core/kinds/index.ts. See CONTRIBUTING.md.
 */
import type { MutatingKind } from './model';

/** Who may run a command. `reader` includes admins. */
export type Access = 'everyone' | 'reader' | 'admin';

export interface CommandSpec<N extends string = string> {
  name: N;
  /** The words that invoke it, per locale (the first en-US word is the name). Understood in every locale. */
  words: { readonly 'en-US': readonly string[]; readonly 'zh-CN': readonly string[] };
  /** Whether it takes a partner argument, and whether that may be left out. */
  argument: 'none' | 'optional' | 'required';
  access: Access;
  /** It reaches Microsoft Graph on the user's behalf, so the user must be signed in. */
  graph: boolean;
  /** The operation it asks for (a confirmation card, then one Graph action on the click). */
  operation?: MutatingKind;
  /** Shown in the Teams command menus (the app manifest's commandLists, at most 10 per scope). */
  menu: boolean;
  /** Its help entry: i18n keys of the usage line and the description (the help card and the manifest use them). */
  help: { usage: string; description: string };
}

const catalogue = <const T extends readonly CommandSpec[]>(rows: T) => rows;

export const COMMANDS = catalogue([
  {
    name: 'help',
    words: { 'en-US': ['help', '?', 'hi', 'hello'], 'zh-CN': ['帮助'] },
    argument: 'none',
    access: 'everyone',
    graph: false,
    menu: true,
    help: { usage: 'help.usageHelp', description: 'help.descHelp' },
  },
  {
    name: 'list',
    words: { 'en-US': ['list', 'partners', 'ls'], 'zh-CN': ['列表'] },
    argument: 'none',
    access: 'reader',
    graph: true,
    menu: true,
    help: { usage: 'help.usageList', description: 'help.descList' },
  },
  {
    name: 'status',
    words: { 'en-US': ['status', 'show', 'get'], 'zh-CN': ['状态'] },
    argument: 'optional',
    access: 'reader',
    graph: true,
    menu: true,
    help: { usage: 'help.usageStatus', description: 'help.descStatus' },
  },
  {
    name: 'disconnect',
    words: { 'en-US': ['disconnect'], 'zh-CN': ['断开', '断开连接'] },
    argument: 'required',
    access: 'admin',
    graph: true,
    operation: 'disconnect',
    menu: true,
    help: { usage: 'help.usageDisconnect', description: 'help.descDisconnect' },
  },
  {
    name: 'reconnect',
    words: { 'en-US': ['reconnect', 'connect', 'onboard'], 'zh-CN': ['重新连接', '重连'] },
    argument: 'required',
    access: 'admin',
    graph: true,
    operation: 'reconnect',
    menu: true,
    help: { usage: 'help.usageReconnect', description: 'help.descReconnect' },
  },
  {
    name: 'history',
    words: { 'en-US': ['history', 'audit', 'log'], 'zh-CN': ['历史'] },
    argument: 'optional',
    access: 'admin',
    graph: true,
    menu: true,
    help: { usage: 'help.usageHistory', description: 'help.descHistory' },
  },
  {
    // Subscribes this conversation to notices of partner changes: it makes the bot post here unasked (and
    // shows partner states to whoever is in the conversation), so it is for admins.
    name: 'watch',
    words: { 'en-US': ['watch', 'subscribe'], 'zh-CN': ['关注', '订阅'] },
    argument: 'none',
    access: 'admin',
    // Not Graph on the user's behalf, but the access check may need the user's token (admin groups).
    graph: true,
    menu: true,
    help: { usage: 'help.usageWatch', description: 'help.descWatch' },
  },
  {
    name: 'unwatch',
    words: { 'en-US': ['unwatch', 'unsubscribe'], 'zh-CN': ['取消关注', '取消订阅'] },
    argument: 'none',
    access: 'admin',
    graph: true,
    // Rarely needed, and Teams shows at most 10 menu entries: typed, not in the menu.
    menu: false,
    help: { usage: 'help.usageUnwatch', description: 'help.descUnwatch' },
  },
  {
    // Where the notices go: no more than a reader may see anyway (partner states), and it tells a reader
    // which conversation to join.
    name: 'watching',
    words: { 'en-US': ['watching', 'subscriptions'], 'zh-CN': ['关注列表', '订阅列表'] },
    argument: 'none',
    access: 'reader',
    graph: true,
    menu: true,
    help: { usage: 'help.usageWatching', description: 'help.descWatching' },
  },
  {
    // Two-person approval: `approvals` shows the policy and where requests go; `approvals here`, in a channel,
    // makes it the approvers' channel (every request is posted there too). Both are for admins.
    name: 'approvals',
    words: { 'en-US': ['approvals', 'approvers'], 'zh-CN': ['审批'] },
    // `here` (这里), or nothing.
    argument: 'optional',
    access: 'admin',
    // The access check may need the user's token (admin groups).
    graph: true,
    menu: true,
    help: { usage: 'help.usageApprovals', description: 'help.descApprovals' },
  },
  {
    name: 'whoami',
    words: { 'en-US': ['whoami', 'me'], 'zh-CN': ['我是谁'] },
    argument: 'none',
    access: 'everyone',
    graph: false,
    menu: true,
    help: { usage: 'help.usageWhoami', description: 'help.descWhoami' },
  },
]);

export type CommandName = (typeof COMMANDS)[number]['name'];

const BY_NAME = new Map<string, CommandSpec<CommandName>>(COMMANDS.map((c) => [c.name, c]));

export function commandSpec(name: CommandName): CommandSpec<CommandName> {
  return BY_NAME.get(name) as CommandSpec<CommandName>;
}

/** The operation kinds live in core/kinds (a row a kind); re-exported here for the readers of the catalogue. */
export { EVIDENCE, OPERATION_KINDS, type Evidence, type OperationKindSpec, type PartnerAfter } from './kinds';

/** The command that asks for an operation of this kind (for a card's "try again"). */
export function commandFor(kind: MutatingKind): CommandName {
  const spec = COMMANDS.find((c) => 'operation' in c && c.operation === kind);
  if (!spec) throw new Error(`no command asks for operation kind ${kind}`);
  return spec.name;
}
