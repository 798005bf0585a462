/**
 * Type tests, pinned by `npm test` (tsc compiles test/**): what CONTRIBUTING.md says the compiler refuses, it
 * refuses. Each `@ts-expect-error` line fails the build if the line below it compiles (the directive is then unused),
 * so each case is a real error; none of this runs.
 */
import { COMMAND_CARDS, type CommandName, type CommandReply, type RenderTable } from '../../src/commands';
import { whoamiCard } from '../../src/commands/whoami/card';
import { commandTexts, defineCommand, type CommandSpec } from '../../src/commands/types';
import type { CommandTable } from '../../src/core/service';

const spec: CommandSpec<'example'> = { name: 'example', words: { 'en-US': ['example'], 'zh-CN': ['例子'] }, argument: 'none', access: 'reader', graph: false };
const texts = commandTexts('example', { usage: 'example', description: 'An example.' }, { 'zh-CN': { usage: 'example 或 例子', description: '一个例子。' } });
const handle = async () => ({ type: 'help' as const, canAct: false });

// The well-formed command compiles (so the errors below are about what each one leaves out).
export const example = defineCommand({ spec, texts, help: { usage: 'usage', description: 'description' }, handle, cards: {} });

// A command without texts.
// @ts-expect-error -- `texts` is missing
export const withoutTexts = defineCommand({ spec, help: { usage: 'usage', description: 'description' }, handle, cards: {} });

// Texts without a locale: every supported locale must give them.
// @ts-expect-error -- no zh-CN texts
export const withoutZh = commandTexts('example', { usage: 'example', description: 'An example.' }, {});

// A locale that leaves out a key of en-US.
// @ts-expect-error -- zh-CN lacks `description`
export const zhMissingKey = commandTexts('example', { usage: 'example', description: 'An example.' }, { 'zh-CN': { usage: '例子' } });

// A help entry with a key its texts do not have.
// @ts-expect-error -- `describe` is not a key of the command's texts
export const badHelpKey = defineCommand({ spec, texts, help: { usage: 'usage', description: 'describe' }, handle, cards: {} });

// A reply without a card: the render table must cover every reply type.
// @ts-expect-error -- the table has no card for `orphan`
export const uncovered: RenderTable<CommandReply | { type: 'orphan'; n: number }> = COMMAND_CARDS;

// A card filed under another reply's type.
// @ts-expect-error -- whoamiCard renders `whoami` replies, not `example`
export const misfiled = defineCommand({ spec, texts, help: { usage: 'usage', description: 'description' }, handle, cards: { example: whoamiCard } });

// A name that is not a registered command (card buttons, choosePartner, didYouMean are typed by it).
// @ts-expect-error -- no command is named `nope`
export const unknownName: CommandName = 'nope';

// Dispatch is handed a table with every command: one left out does not compile.
// @ts-expect-error -- the table lacks every command but help
export const partialTable: CommandTable = { help: { spec: { access: 'everyone', graph: false }, handle } };
