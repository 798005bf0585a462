/**
 * What a command is and does, as one value: a folder under src/commands/ defines one with `defineCommand`, and
 * the registry (index.ts) lists them. From that list come the command names, the parser's words, dispatch (the
 * service is handed the registry), the Reply union, the render table, the help card and the manifest's menus.
 */
import type { RenderContext } from '../cards/context';
import type { AdaptiveCard } from '../cards/types';
import type { Access } from '../core/catalogue';
import type { CommandHandler } from '../core/context';
import type { MutatingKind } from '../core/model';
import type { SupportedLocale } from '../i18n/locales';
import type { Markdown } from '../i18n/markdown';
import type { Leaves, Shape, TextTree } from '../i18n/messages';
import { scopedTranslator, type LocaleTexts, type ScopedTranslate } from '../i18n/translator';

/** What a command is (its catalogue row). */
export interface CommandSpec<N extends string = string> {
  name: N;
  /** The words that invoke it, per locale (the first en-US word is the name). Understood in every locale. */
  words: { readonly 'en-US': readonly string[]; readonly 'zh-CN': readonly string[] };
  /** Whether it takes a partner argument, and whether that may be left out. */
  argument: 'none' | 'optional' | 'required';
  /** Who may run it. `reader` includes admins. */
  access: Access;
  /** It reaches Microsoft Graph on the user's behalf, so the user must be signed in. */
  graph: boolean;
  /** The operation it asks for (a confirmation card, then one Graph action on the click). */
  operation?: MutatingKind;
  /**
   * Shown in the Teams command menus (the app manifest's commandLists, at most 10 per scope): the menu entry's
   * description per locale (the title is the command's first word in that locale).
   */
  menu?: { readonly 'en-US': string; readonly 'zh-CN': string };
}

/** A command's own texts: en-US gives the shape, every other locale the same keys (else: no build). */
export interface CommandTexts<T extends TextTree> {
  readonly texts: LocaleTexts<T>;
  /** Its translator for the reader (as `t` is for the shared texts). */
  in(ctx: { locale: SupportedLocale }): ScopedTranslate<Leaves<T>>;
}

export function commandTexts<T extends TextTree>(
  name: string,
  enUS: T,
  others: { readonly [L in Exclude<SupportedLocale, 'en-US'>]: Shape<T> },
): CommandTexts<T> {
  const texts: LocaleTexts<T> = { 'en-US': enUS, ...others };
  return { texts, in: (ctx) => scopedTranslator(`command.${name}`, texts, ctx.locale) };
}

/** A help entry as the help card shows it, with the command's row. */
export interface HelpEntry {
  name: string;
  access: Access;
  /** The usage line and the description, in the reader's language. */
  line(locale: SupportedLocale): readonly [Markdown, Markdown];
}

/** What a command's card is given: the render context, and the catalogue's help entries (for `help`). */
export interface CommandRenderContext extends RenderContext {
  readonly help: readonly HelpEntry[];
}

/** A card for a reply of a command's own (`never`: any reply; Filed pins each to its type). */
export type CardRenderer = (reply: never, ctx: CommandRenderContext) => AdaptiveCard;

/** The replies a table of cards renders, keyed by reply type. */
export type RepliesOf<C> = { [K in keyof C]: ReplyOf<C[K]> }[keyof C];

/** The reply a card renders. */
type ReplyOf<F> = F extends (reply: infer R, ctx: CommandRenderContext) => AdaptiveCard ? R : never;

/** Each card is filed under its reply's `type`. */
export type Filed<C> = {
  [K in keyof C]: ReplyOf<C[K]> extends { type: K } ? C[K] : never;
};

/** The cards of a command that answers with the core's replies only. */
export type NoCards = Record<never, never>;

/** The keys of a command's texts. */
export type TextKey<X> = X extends CommandTexts<infer T> ? Leaves<T> : never;

/**
 * A command: what it is (`spec`), its texts, its help entry, its handler, the cards of its own replies. Each folder
 * annotates its command with this type (`Command<'name', typeof TEXTS, { replyType: typeof itsCard }>`): the
 * registry derives the names and the Reply union from these annotations, never from the handlers' bodies (which
 * return a Reply: inferring them would go round in a circle).
 */
export interface Command<N extends string = string, X = CommandTexts<any>, C = unknown> {
  readonly spec: CommandSpec<N>;
  readonly texts: X;
  /** Its help entry: keys of its own texts. */
  readonly help: { readonly usage: TextKey<X>; readonly description: TextKey<X> };
  readonly handle: CommandHandler;
  /** The cards of the replies it has of its own (`{}`: it answers with the core's replies). */
  readonly cards: C;
  /** Its help line (usage, description) in the reader's language. */
  helpLine(locale: SupportedLocale): readonly [Markdown, Markdown];
}

/** Checks a command's parts against each other (help keys of its own texts, cards filed by reply type). */
export function defineCommand<
  const N extends string,
  T extends TextTree,
  C extends Readonly<Record<string, CardRenderer>>,
>(command: {
  spec: CommandSpec<N>;
  texts: CommandTexts<T>;
  help: { usage: Leaves<T>; description: Leaves<T> };
  handle: CommandHandler;
  cards: C & Filed<C>;
}): Command<N, CommandTexts<T>, C> {
  const { texts, help } = command;
  return {
    ...command,
    helpLine: (locale) => {
      const tx = texts.in({ locale });
      return [tx(help.usage), tx(help.description)];
    },
  };
}

export type { RenderContext };
