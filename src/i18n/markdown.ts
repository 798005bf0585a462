/**
 * Adaptive Card TextBlocks and FactSets render a subset of markdown (bold, italic, lists, links). A value
 * that a user or an administrator controls (a partner's display name, a person's name, a typed query)
 * must show as typed, and must not be able to add a link or restyle the card. It is escaped with
 * backslashes (CommonMark), which the Teams renderers honour.
 *
 * `Markdown` marks text that is safe to put into a TextBlock: the output of the translator or of `md()`.
 * The card helpers only take `Markdown`, so an unescaped value does not compile, and an escaped one is
 * not escaped twice by accident.
 */
export type Markdown = string & { readonly __markdown: true };

/** Longest user-controlled value shown on a card; longer ones are cut with an ellipsis. */
export const MAX_VALUE_LENGTH = 200;

// Bidirectional overrides and isolates (they can make a name read as something else), other C0/C1 controls.
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Plain text for places that do not render markdown (button titles): one line, bounded, no controls. */
export function plainText(value: unknown, max = MAX_VALUE_LENGTH): string {
  const s = String(value ?? '')
    .replace(INVISIBLE, '')
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

/** Escapes markdown-significant characters so that `value` renders literally in a TextBlock. */
export function escapeMarkdown(value: unknown, max = MAX_VALUE_LENGTH): Markdown {
  return (
    plainText(value, max)
      // Inline syntax anywhere: emphasis, code, strikethrough, links/images, autolinks/HTML, headings, tables.
      .replace(/[\\`*_~[\]<>#|]/g, '\\$&')
      // Block syntax at the start of the text: list items ("- x", "+ x", "1. x", "1) x").
      .replace(/^([-+])(?=\s|$)/, '\\$1')
      .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2') as Markdown
  );
}

/** Short for escapeMarkdown: `md(partner.displayName)`. */
export const md = (value: unknown): Markdown => escapeMarkdown(value);

/** Joins safe pieces into one safe text. */
export function joinMarkdown(parts: readonly Markdown[], separator: Markdown): Markdown {
  return parts.join(separator) as Markdown;
}
