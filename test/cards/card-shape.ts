/**
 * A hand-written shape check for the Adaptive Cards this bot sends (the `adaptivecards` package is not a
 * dependency, and its renderer needs a DOM): known element types with known properties only, TextBlocks
 * that wrap, no pixel sizes, actions with a title, Action.Execute with a contract verb and exact data.
 */
import { COMMANDS } from '../../src/commands';
import {
  VERBS,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type ExecuteAction,
  type FactSet,
  type TextBlock,
} from '../../src/cards';

const ALLOWED: Record<string, readonly string[]> = {
  AdaptiveCard: ['type', '$schema', 'version', 'body', 'actions', 'fallbackText', 'refresh'],
  TextBlock: ['type', 'text', 'wrap', 'style', 'size', 'weight', 'color', 'isSubtle', 'spacing', 'separator'],
  FactSet: ['type', 'facts', 'spacing'],
  Container: ['type', 'items', 'style', 'spacing', 'separator'],
  ActionSet: ['type', 'actions', 'spacing'],
  'Action.Execute': ['type', 'title', 'verb', 'data', 'style'],
  'Action.OpenUrl': ['type', 'title', 'url', 'style'],
};
const COMMAND_NAMES = COMMANDS.map((c) => c.name as string);

function fail(path: string, why: string): never {
  throw new Error(`invalid card at ${path}: ${why}`);
}

function checkKeys(o: Record<string, unknown>, path: string): void {
  const allowed = ALLOWED[String(o.type)];
  if (!allowed) fail(path, `unknown type ${JSON.stringify(o.type)}`);
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(path, `unknown property ${k} on ${String(o.type)}`);
}

function checkAction(a: CardAction, path: string): void {
  checkKeys(a as unknown as Record<string, unknown>, path);
  if (typeof a.title !== 'string' || !a.title.trim()) fail(path, 'action without a title');
  if (a.style !== undefined && !['default', 'positive', 'destructive'].includes(a.style))
    fail(path, `bad style ${a.style}`);
  if (a.type === 'Action.OpenUrl') {
    if (!/^https:\/\//.test(a.url)) fail(path, `OpenUrl not https: ${a.url}`);
    return;
  }
  if (!(VERBS as readonly string[]).includes(a.verb)) fail(path, `unknown verb ${a.verb}`);
  const data = a.data as unknown as Record<string, unknown>;
  const keys = Object.keys(data).sort().join(',');
  if (a.verb === 'op.confirm' || a.verb === 'op.cancel' || a.verb === 'op.reject' || a.verb === 'op.view') {
    if (keys !== 'operationId' || typeof data.operationId !== 'string' || !data.operationId)
      fail(path, `bad ${a.verb} data ${JSON.stringify(data)}`);
  } else if (a.verb === 'fleet.confirm' || a.verb === 'fleet.cancel' || a.verb === 'fleet.reject') {
    if (keys !== 'fleetId' || typeof data.fleetId !== 'string' || !data.fleetId)
      fail(path, `bad ${a.verb} data ${JSON.stringify(data)}`);
  } else {
    // `target`: where the command acts (`@contoso`, `@all`; issue 19), as the contract (cards/actions.ts) allows.
    const known = ['command', 'command,partner', 'command,target', 'command,partner,target'];
    if (!known.includes(keys)) fail(path, `bad command data ${JSON.stringify(data)}`);
    if ('target' in data && (typeof data.target !== 'string' || !data.target)) fail(path, 'empty target');
    if (!COMMAND_NAMES.includes(String(data.command))) fail(path, `unknown command ${String(data.command)}`);
    if ('partner' in data && (typeof data.partner !== 'string' || !data.partner)) fail(path, 'empty partner');
  }
}

function checkElement(e: CardElement, path: string): void {
  checkKeys(e as unknown as Record<string, unknown>, path);
  switch (e.type) {
    case 'TextBlock':
      if (typeof e.text !== 'string' || !e.text.trim()) fail(path, 'empty TextBlock');
      if (e.wrap !== true) fail(path, 'TextBlock without wrap: true');
      return;
    case 'FactSet':
      if (!e.facts.length) fail(path, 'empty FactSet');
      e.facts.forEach((f, i) => {
        if (Object.keys(f).sort().join(',') !== 'title,value') fail(`${path}.facts[${i}]`, 'fact keys');
        if (!f.title.trim() || !f.value.trim()) fail(`${path}.facts[${i}]`, 'empty fact');
      });
      return;
    case 'Container':
      if (!e.items.length) fail(path, 'empty Container');
      e.items.forEach((c, i) => checkElement(c, `${path}.items[${i}]`));
      return;
    case 'ActionSet':
      if (!e.actions.length) fail(path, 'empty ActionSet');
      e.actions.forEach((a, i) => checkAction(a, `${path}.actions[${i}]`));
      return;
    default:
      fail(path, `unknown element ${JSON.stringify((e as { type?: unknown }).type)}`);
  }
}

/**
 * Universal Actions refresh (learn.microsoft.com, Teams platform, "User Specific Views"): an Action.Execute
 * (here always op.view of the card's operation) and at most 60 user ids (MRIs).
 */
function checkRefresh(refresh: NonNullable<AdaptiveCard['refresh']>): void {
  const keys = Object.keys(refresh).sort().join(',');
  if (keys !== 'action' && keys !== 'action,userIds') fail('$.refresh', `keys ${keys}`);
  checkAction(refresh.action, '$.refresh.action');
  if (refresh.action.type !== 'Action.Execute' || refresh.action.verb !== 'op.view')
    fail('$.refresh.action', 'not an op.view Action.Execute');
  if (refresh.userIds !== undefined) {
    if (!Array.isArray(refresh.userIds) || !refresh.userIds.length || refresh.userIds.length > 60)
      fail('$.refresh.userIds', 'not 1 to 60 ids');
    if (!refresh.userIds.every((id) => typeof id === 'string' && id.trim() !== ''))
      fail('$.refresh.userIds', 'empty id');
  }
}

/** Throws with the path of the first problem. */
export function assertValidCard(card: AdaptiveCard): void {
  checkKeys(card as unknown as Record<string, unknown>, '$');
  if (card.type !== 'AdaptiveCard') fail('$', 'type');
  if (card.version !== '1.5') fail('$', `version ${card.version}`);
  if (card.$schema !== 'http://adaptivecards.io/schemas/adaptive-card.json') fail('$', '$schema');
  if (!Array.isArray(card.body) || !card.body.length) fail('$', 'empty body');
  card.body.forEach((e, i) => checkElement(e, `$.body[${i}]`));
  if (card.actions !== undefined) {
    if (!card.actions.length) fail('$', 'empty actions');
    if (card.actions.length > 6) fail('$', `${card.actions.length} actions`);
    card.actions.forEach((a, i) => checkAction(a, `$.actions[${i}]`));
  }
  if (card.refresh !== undefined) checkRefresh(card.refresh);
  const json = JSON.stringify(card);
  if (/\d+px/.test(json)) fail('$', 'pixel size');
  if (/"(width|height|url)":\s*"http:/.test(json)) fail('$', 'insecure url');
  if (/"type":"Image"/.test(json)) fail('$', 'image');
  // Teams refuses cards over ~28 KB.
  if (Buffer.byteLength(json) > 28_000) fail('$', `card is ${Buffer.byteLength(json)} bytes`);
}

function walk(elements: readonly CardElement[], visit: (e: CardElement) => void): void {
  for (const e of elements) {
    visit(e);
    if (e.type === 'Container') walk(e.items, visit);
  }
}

export function textBlocks(card: AdaptiveCard): TextBlock[] {
  const out: TextBlock[] = [];
  walk(card.body, (e) => e.type === 'TextBlock' && out.push(e));
  return out;
}

export function factSets(card: AdaptiveCard): FactSet[] {
  const out: FactSet[] = [];
  walk(card.body, (e) => e.type === 'FactSet' && out.push(e));
  return out;
}

/** Every markdown-rendered string: TextBlock texts, fact titles and values. */
export function markdownTexts(card: AdaptiveCard): string[] {
  return [
    ...textBlocks(card).map((b) => b.text),
    ...factSets(card).flatMap((f) => f.facts.flatMap((x) => [x.title, x.value])),
  ];
}

/** All of it as one string, for "the user sees ..." checks. */
export function visibleText(card: AdaptiveCard): string {
  return [...markdownTexts(card), ...allActions(card).map((a) => a.title)].join('\n');
}

/** Card-level actions and the actions of ActionSets in the body. */
export function allActions(card: AdaptiveCard): CardAction[] {
  const out: CardAction[] = [];
  walk(card.body, (e) => e.type === 'ActionSet' && out.push(...e.actions));
  return [...out, ...(card.actions ?? [])];
}

export function executeActions(card: AdaptiveCard): ExecuteAction[] {
  return allActions(card).filter((a): a is ExecuteAction => a.type === 'Action.Execute');
}

export function factValue(card: AdaptiveCard, title: string): string | undefined {
  return factSets(card)
    .flatMap((f) => f.facts)
    .find((f) => f.title === title)?.value;
}
