/**
 * What a typed command amounts to, and the clean-up of what Teams sends. The parser itself reads the commands'
 * words from the registry: src/commands/parse.ts.
 */
import type { CommandName } from './catalogue';

/** `suggestion`: an unknown first word close to a command word (did-you-mean.ts), with what followed it. */
/** `target`: a trailing `@name` (a customer, a group of them, `all`), without the `@` (issue 19, core/customers.ts). */
export type ParsedCommand =
  | { name: CommandName; partner?: string; target?: string }
  | { name: 'unknown'; text: string; suggestion?: { name: CommandName; word: string; partner?: string } };

const MAX_INPUT = 500;

const ENTITIES: Record<string, string> = {
  '&nbsp;': ' ',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

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

export function unquote(s: string): string {
  const t = s.trim();
  const m = /^["'“”‘’「」](.*)["'“”‘’「」]$/.exec(t);
  return (m ? m[1] : t).trim();
}
