/**
 * Did you mean: the command word nearest to a mistyped first word, by Damerau-Levenshtein distance (insertions,
 * deletions, substitutions and transpositions of adjacent letters, each 1: the optimal string alignment variant,
 * enough for words of a few letters). Every locale's words are candidates, as the parser understands them all.
 *
 * Close enough: at most 1 edit for a word of up to 5 letters, 2 for longer ones; words under 3 letters and command
 * words under 4 (`ls`, `me`, `get`, `log`, `hi`, `?`) are never guessed at, or ordinary chat ("let", "ok") would be
 * read as commands. A tie goes to the registry's first command.
 */
import { COMMANDS, type CommandName } from './registry';

export interface Suggestion {
  name: CommandName;
  /** The command word as the catalogue spells it (in the locale it was found in). */
  word: string;
}

const CANDIDATES: readonly Suggestion[] = COMMANDS.flatMap((c) =>
  [...c.words['en-US'], ...c.words['zh-CN']].filter((w) => [...w].length >= 4).map((word) => ({ name: c.name, word })),
);

/** The nearest command word to `typed`, if one is close enough. */
export function suggestCommand(typed: string): Suggestion | undefined {
  const word = typed.toLowerCase();
  const length = [...word].length;
  if (length < 3) return undefined;
  const limit = length <= 5 ? 1 : 2;
  let best: { s: Suggestion; d: number } | undefined;
  for (const s of CANDIDATES) {
    const d = editDistance(word, s.word.toLowerCase(), limit);
    if (d <= limit && (!best || d < best.d)) best = { s, d };
  }
  return best?.s;
}

/** Damerau-Levenshtein (optimal string alignment) distance of a and b; anything above `limit` is limit + 1. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return Math.min(previous[y.length], limit + 1);
}
