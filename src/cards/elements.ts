/**
 * Small builders for the parts every card uses. They take `Markdown` (escaped or translated text), so an
 * unescaped user value does not compile.
 */
import type { Markdown } from '../i18n/markdown';
import {
  CARD_SCHEMA,
  CARD_VERSION,
  type ActionSet,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type Container,
  type ContainerStyle,
  type FactSet,
  type TextBlock,
  type TextColor,
} from './types';

/** Teams shows at most this many card-level actions before it folds them away. */
export const MAX_CARD_ACTIONS = 6;

/**
 * A card. `fallbackText` is shown where the card cannot be (and the schema lets it carry markdown): it is
 * `Markdown`, escaped as the body is, so a name typed as `[x](javascript:...)` is no live link there either.
 */
export function card(
  body: CardElement[],
  actions: readonly (CardAction | undefined)[] = [],
  fallbackText?: Markdown,
): AdaptiveCard {
  const present = actions.filter((a): a is CardAction => a !== undefined).slice(0, MAX_CARD_ACTIONS);
  const c: AdaptiveCard = { type: 'AdaptiveCard', $schema: CARD_SCHEMA, version: CARD_VERSION, body };
  if (present.length) c.actions = present;
  if (fallbackText) c.fallbackText = fallbackText;
  return c;
}

export function text(value: Markdown, opts: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {}): TextBlock {
  return { type: 'TextBlock', text: value, wrap: true, ...opts };
}

/** The card's title, and an optional line under it. */
export function header(title: Markdown, subtitle?: Markdown, color?: TextColor): TextBlock[] {
  const blocks: TextBlock[] = [
    text(title, { style: 'heading', size: 'Medium', weight: 'Bolder', ...(color ? { color } : {}) }),
  ];
  if (subtitle) blocks.push(text(subtitle, { isSubtle: true, spacing: 'None' }));
  return blocks;
}

/** Small, subtle text: request ids for support, footnotes. */
export function note(value: Markdown): TextBlock {
  return text(value, { size: 'Small', isSubtle: true });
}

export type FactRow = readonly [title: Markdown, value: Markdown | undefined];

/** A FactSet from (title, value) rows; rows without a value are left out. */
export function facts(rows: readonly FactRow[]): FactSet {
  return {
    type: 'FactSet',
    facts: rows
      .filter((r): r is readonly [Markdown, Markdown] => r[1] !== undefined && r[1] !== '')
      .map(([title, value]) => ({ title, value })),
  };
}

export function container(
  items: CardElement[],
  opts: { style?: ContainerStyle; separator?: boolean; spacing?: TextBlock['spacing'] } = {},
): Container {
  return { type: 'Container', items, ...opts };
}

/** Buttons inside the body (per-row buttons), not counted against the card-level actions. */
export function buttons(actions: readonly (CardAction | undefined)[]): ActionSet | undefined {
  const present = actions.filter((a): a is CardAction => a !== undefined);
  return present.length ? { type: 'ActionSet', actions: present } : undefined;
}

/** Drops the undefined entries of a body (optional elements). */
export function compact(items: readonly (CardElement | undefined | null | false | '')[]): CardElement[] {
  return items.filter((i): i is CardElement => !!i);
}
