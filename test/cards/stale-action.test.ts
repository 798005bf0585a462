/** The answer to a click on a button this version does not have: says so, in the reader's language, and offers Help. */
import { renderContext, staleActionCard } from '../../src/cards';
import { allActions, assertValidCard, visibleText } from './card-shape';

it.each([
  ['en-US', 'This button no longer works', 'Help'],
  ['zh-CN', '此按钮已失效', '帮助'],
])('%s', (locale, title, help) => {
  const card = staleActionCard(renderContext({ locale }));
  assertValidCard(card);
  expect(visibleText(card)).toContain(title);
  expect(card.fallbackText).toBe(title);
  expect(allActions(card)).toEqual([
    { type: 'Action.Execute', title: help, verb: 'command', data: { command: 'help' } },
  ]);
});
