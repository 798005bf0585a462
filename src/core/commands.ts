/**
 * The command language, the same in every conversation kind. Command words are understood in English in
 * every locale; the Chinese words are aliases. A partner is named by id or display name.
 */
export type CommandName = 'help' | 'list' | 'status' | 'disconnect' | 'reconnect' | 'history';

export interface CommandSpec {
  name: CommandName;
  /** Other words for the same command (any locale). */
  aliases: readonly string[];
  /** Whether a partner argument is taken, and whether it may be left out. */
  argument: 'none' | 'optional' | 'required';
  /** Changes the tenant (needs the admin role and a confirmation). */
  mutates: boolean;
}

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'help', aliases: ['帮助', '?', 'hi', 'hello'], argument: 'none', mutates: false },
  { name: 'list', aliases: ['列表', 'partners', 'ls'], argument: 'none', mutates: false },
  { name: 'status', aliases: ['状态', 'show', 'get'], argument: 'optional', mutates: false },
  { name: 'disconnect', aliases: ['断开', '断开连接'], argument: 'required', mutates: true },
  { name: 'reconnect', aliases: ['重新连接', '重连', 'connect', 'onboard'], argument: 'required', mutates: true },
  { name: 'history', aliases: ['历史', 'audit', 'log'], argument: 'optional', mutates: false },
];

export type ParsedCommand =
  | { name: CommandName; partner?: string }
  | { name: 'unknown'; text: string };

const MAX_INPUT = 500;

const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** Teams sends message text with HTML remnants (entities, tags around mentions of other people). */
export function normalizeText(text: string | undefined | null): string {
  if (!text) return '';
  return text
    .slice(0, MAX_INPUT * 4)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m] ?? m)
    .replace(/[\u200b\u200c\u200d\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_INPUT);
}

function unquote(s: string): string {
  const t = s.trim();
  const m = /^["'“”‘’「」](.*)["'“”‘’「」]$/.exec(t);
  return (m ? m[1] : t).trim();
}

const BY_WORD: ReadonlyMap<string, CommandSpec> = new Map(
  COMMANDS.flatMap((c) => [c.name, ...c.aliases].map((w) => [w.toLowerCase(), c] as const)),
);

/** Parses what a user typed (after the bot's own @mention was removed). Never throws. */
export function parseCommand(input: string | undefined | null): ParsedCommand {
  const text = normalizeText(input).replace(/^\//, '');
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
    const cjk = [...BY_WORD.keys()].filter((k) => /[^\x00-\x7f]/.test(k) && text.startsWith(k)).sort((a, b) => b.length - a.length)[0];
    if (cjk) {
      spec = BY_WORD.get(cjk);
      rest = text.slice(cjk.length);
    }
  }
  if (!spec) return { name: 'unknown', text };
  const partner = unquote(rest);
  if (spec.argument === 'none' || !partner) return { name: spec.name };
  return { name: spec.name, partner };
}
