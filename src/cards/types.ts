/**
 * The Adaptive Card elements this bot uses (schema 1.5), as plain JSON data. Only what the cards need:
 * the tests check that every element and action has one of these types.
 */
import type { ActionData, Verb } from './actions';

export type Spacing = 'None' | 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
export type TextColor = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

export interface TextBlock {
  type: 'TextBlock';
  /** Markdown-safe text (see i18n/markdown.ts). */
  text: string;
  wrap: true;
  style?: 'default' | 'heading';
  size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
  weight?: 'Lighter' | 'Default' | 'Bolder';
  color?: TextColor;
  isSubtle?: boolean;
  spacing?: Spacing;
  separator?: boolean;
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet {
  type: 'FactSet';
  facts: Fact[];
  spacing?: Spacing;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  spacing?: Spacing;
  separator?: boolean;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  spacing?: Spacing;
}

export type CardElement = TextBlock | FactSet | Container | ActionSet;

export type ActionStyle = 'default' | 'positive' | 'destructive';

/** Universal Actions: the bot receives `verb` and `data` in an adaptiveCard/action invoke. */
export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: Verb;
  data: ActionData;
  style?: ActionStyle;
}

export interface OpenUrlAction {
  type: 'Action.OpenUrl';
  title: string;
  url: string;
  style?: ActionStyle;
}

export type CardAction = ExecuteAction | OpenUrlAction;

export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const CARD_VERSION = '1.5';

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: typeof CARD_SCHEMA;
  version: typeof CARD_VERSION;
  body: CardElement[];
  actions?: CardAction[];
  /** Shown by clients that cannot render the card (and in notifications). */
  fallbackText?: string;
  /**
   * Universal Actions refresh: Teams sends `action` (an adaptiveCard/action invoke, trigger "automatic") for each
   * user listed in `userIds` (their MRIs, at most 60) when the card shows, and shows that user the card the bot
   * answers (learn.microsoft.com, Teams platform, "User Specific Views"). In a personal chat it is sent for the
   * one user whatever the list says.
   */
  refresh?: { action: ExecuteAction; userIds?: string[] };
}
