/**
 * The command language, the same in every conversation kind. The words come from each command's row (the
 * registry, index.ts); every locale's words are understood in every locale. A partner is named by id or display
 * name.
 */
import { normalizeText, unquote, type ParsedCommand } from '../core/commands';
import { suggestCommand } from './did-you-mean';
import { COMMANDS, type CommandName } from './registry';
import type { CommandSpec } from './types';

export type { ParsedCommand } from '../core/commands';
export { normalizeText } from '../core/commands';

const BY_WORD: ReadonlyMap<string, CommandSpec<CommandName>> = new Map(
  COMMANDS.flatMap((c) =>
    [...c.words['en-US'], ...c.words['zh-CN']].map((w) => [w.toLowerCase(), c as CommandSpec<CommandName>] as const),
  ),
);

/** Parses what a user typed (after the bot's own @mention was removed). Never throws. */
export function parseCommand(input: string | undefined | null): ParsedCommand {
  const whole = normalizeText(input).replace(/^\//, '');
  // A trailing `@name` names the customer (or customers) the command acts in: `status TeamViewer @contoso`.
  const at = TARGET.exec(whole);
  const text = at ? whole.slice(0, at.index).trim() : whole;
  const parsed = parseWords(text);
  if (!at) return parsed;
  return parsed.name === 'unknown' ? parseWords(whole) : { ...parsed, target: at[1] };
}

const TARGET = /\s@([^\s@]{1,60})$/;

function parseWords(text: string): ParsedCommand {
  if (!text) return { name: 'help' };
  // Chinese command words may be written without a space before the argument: "断开TeamViewer".
  let word: string;
  let rest: string;
  const space = text.indexOf(' ');
  if (space === -1) {
    word = text;
    rest = '';
  } else {
    word = text.slice(0, space);
    rest = text.slice(space + 1);
  }
  let spec = BY_WORD.get(word.toLowerCase());
  if (!spec) {
    const cjk = [...BY_WORD.keys()]
      .filter((k) => /[^\x00-\x7f]/.test(k) && text.startsWith(k))
      .sort((a, b) => b.length - a.length)[0];
    if (cjk) {
      spec = BY_WORD.get(cjk);
      rest = text.slice(cjk.length);
    }
  }
  if (!spec) return unknown(text, word, rest);
  const partner = unquote(rest);
  if (spec.argument === 'none' || !partner) return { name: spec.name };
  return { name: spec.name, partner };
}

function unknown(text: string, word: string, rest: string): ParsedCommand {
  const near = suggestCommand(word);
  if (!near) return { name: 'unknown', text };
  const partner = unquote(rest);
  const takesOne = COMMANDS.find((c) => c.name === near.name)?.argument !== 'none';
  return { name: 'unknown', text, suggestion: { ...near, ...(partner && takesOne ? { partner } : {}) } };
}
