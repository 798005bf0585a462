/**
 * The catalogue: what each command is, and what each operation kind does. One table each, read by the
 * parser (commands.ts), dispatch (service.ts), the sign-in selector (bot/), the help card (cards/) and
 * checked against the app manifest's command menus (test/app-package/commands.test.ts).
 *
 * Adding a command: a row in COMMANDS, a handler in service.ts (the compiler asks for it), its texts in
 * i18n/locales (help.<name>.usage / help.<name>.description), and the manifest menus if it has `menu`.
 * Adding an operation kind: a member of MutatingKind (model.ts), a row in OPERATION_KINDS, the Graph call in
 * the gateway, and its texts (kind.<kind>.*). See CONTRIBUTING.md.
 */
import { isSetDateTime, type MutatingKind, type OnboardingStatus, type Partner, type PartnerBefore } from './model';

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

/** What an operation kind does in Graph and to the partner. */
export interface OperationKindSpec {
  /** The Graph action on the partner: POST .../remoteAssistancePartners/{id}/{graphAction}. */
  graphAction: 'disconnect' | 'beginOnboarding';
  /** The onboardingStatus the partner has right after the action succeeded. */
  resultingStatus: OnboardingStatus;
  /** The partner is already where the action would take it: nothing to ask. */
  alreadyThere(status: OnboardingStatus): boolean;
  /**
   * The evidence of THIS action: the partner as read before the call (kept with the claim; undefined on a record
   * claimed before migration 0008) compared with a read after it, when Graph's own answer is missing (a lost
   * answer, a crash). `cannotTell` when the two reads do not show whether the action did anything.
   */
  evidence(before: PartnerBefore | undefined, after: PartnerAfter): Evidence;
  /** How its button looks (Adaptive Card action style). */
  style: 'destructive' | 'positive';
}

/** What a read of the partner says about an action whose answer is missing. */
export type Evidence = 'tookEffect' | 'notApplied' | 'cannotTell';
export const EVIDENCE: readonly Evidence[] = ['tookEffect', 'notApplied', 'cannotTell'];

/** The partner as read after the call. */
export type PartnerAfter = Pick<Partner, 'onboardingStatus' | 'onboardingRequestExpiryDateTime'>;

/** True when `after` carries an onboarding request that runs out later than the one before (or there was none). */
function laterRequest(before: PartnerBefore, after: PartnerAfter): boolean {
  const next = after.onboardingRequestExpiryDateTime;
  if (!isSetDateTime(next)) return false;
  const prev = before.onboardingRequestExpiryDateTime;
  return !isSetDateTime(prev) || Date.parse(next) > Date.parse(prev);
}

function sameRequest(before: PartnerBefore, after: PartnerAfter): boolean {
  const [prev, next] = [before.onboardingRequestExpiryDateTime, after.onboardingRequestExpiryDateTime];
  if (!isSetDateTime(prev) || !isSetDateTime(next)) return isSetDateTime(prev) === isSetDateTime(next);
  return Date.parse(prev) === Date.parse(next);
}

/**
 * disconnect: it leaves the partner notOnboarded. Anything else afterwards: not applied. notOnboarded afterwards
 * is this action's doing only if the partner was not notOnboarded right before; when it already was, or nobody
 * read it before (an older record), the read cannot tell.
 */
function disconnectEvidence(before: PartnerBefore | undefined, after: PartnerAfter): Evidence {
  if (after.onboardingStatus !== 'notOnboarded') return 'notApplied';
  return before && before.onboardingStatus !== 'notOnboarded' ? 'tookEffect' : 'cannotTell';
}

/**
 * reconnect (beginOnboarding): it starts an onboarding request. Evidence: the status moved from notOnboarded to
 * onboarding / onboarded, or a request that runs out later than the one before (a renewed request: see the
 * simulator's note in graph-partners.ts, since Microsoft does not document it). notOnboarded afterwards: not
 * applied. The same status and the same expiry as before: not applied. Anything else (onboarding -> onboarded
 * meanwhile: the partner's admin finished it; no read before) cannot tell.
 */
function reconnectEvidence(before: PartnerBefore | undefined, after: PartnerAfter): Evidence {
  if (after.onboardingStatus === 'notOnboarded') return 'notApplied';
  if (!before) return 'cannotTell';
  const started = after.onboardingStatus === 'onboarding' || after.onboardingStatus === 'onboarded';
  if (before.onboardingStatus === 'notOnboarded' && started) return 'tookEffect';
  if (after.onboardingStatus === 'onboarding' && laterRequest(before, after)) return 'tookEffect';
  if (after.onboardingStatus === before.onboardingStatus && sameRequest(before, after)) return 'notApplied';
  return 'cannotTell';
}

/** Every mutating kind has a row (the mapped type makes a missing one a compile error). */
export const OPERATION_KINDS: { readonly [K in MutatingKind]: OperationKindSpec } = {
  disconnect: {
    graphAction: 'disconnect',
    resultingStatus: 'notOnboarded',
    alreadyThere: (s) => s === 'notOnboarded',
    evidence: disconnectEvidence,
    style: 'destructive',
  },
  reconnect: {
    graphAction: 'beginOnboarding',
    resultingStatus: 'onboarding',
    alreadyThere: (s) => s === 'onboarded',
    evidence: reconnectEvidence,
    style: 'positive',
  },
};

/** The command that asks for an operation of this kind (for a card's "try again"). */
export function commandFor(kind: MutatingKind): CommandName {
  const spec = COMMANDS.find((c) => 'operation' in c && c.operation === kind);
  if (!spec) throw new Error(`no command asks for operation kind ${kind}`);
  return spec.name;
}
