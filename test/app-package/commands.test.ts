/**
 * The command menus Teams shows (manifest commandLists, and their zh-CN translations) against the catalogue
 * and the real command parser: the menus offer exactly the catalogue's menu commands, in its order, and
 * whatever a user picks from a menu is understood as that command.
 */
import { COMMANDS } from '../../src/commands';
import { parseCommand } from '../../src/commands';
import { readJson } from './helpers';

const manifest = readJson('appPackage', 'manifest.json');
const zhCN = readJson<Record<string, string>>('appPackage', 'zh-CN.json');
const lists: { scopes: string[]; commands: { title: string; description: string }[] }[] = manifest.bots[0].commandLists;

describe('command lists', () => {
  it.each(lists.flatMap((l, i) => l.commands.map((c, j) => [l.scopes.join(','), c.title, i, j] as const)))(
    '%s: "%s" is understood by parseCommand as that command',
    (_scope, title) => {
      const parsed = parseCommand(title);
      expect(parsed.name).not.toBe('unknown');
      expect(parsed.name).toBe(title);
      expect(COMMANDS.map((c) => c.name)).toContain(parsed.name);
    },
  );

  const menu = COMMANDS.filter((c) => c.menu).map((c) => c.name);

  it('offers exactly the catalogue\'s menu commands, in its order, in every scope (at most 10, as Teams allows)', () => {
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) expect(list.commands.map((c) => c.title)).toEqual(menu);
    expect(menu.length).toBeLessThanOrEqual(10);
  });

  it('gives each zh-CN menu entry the catalogue\'s first Chinese word for the command', () => {
    lists.forEach((list, i) =>
      list.commands.forEach((command, j) => {
        const spec = COMMANDS.find((c) => c.name === command.title);
        expect(zhCN[`bots[0].commandLists[${i}].commands[${j}].title`]).toBe(spec?.words['zh-CN'][0]);
      }),
    );
  });

  it('has zh-CN titles that the parser maps to the same command as the English title', () => {
    lists.forEach((list, i) =>
      list.commands.forEach((command, j) => {
        const zhTitle = zhCN[`bots[0].commandLists[${i}].commands[${j}].title`];
        expect(zhTitle).toBeDefined();
        expect(parseCommand(zhTitle)).toEqual(parseCommand(command.title));
      }),
    );
  });

  // What a command's argument is: a partner, except `approvals [here]`.
  const ARGUMENT: Readonly<Record<string, string>> = { approvals: 'here' };

  it('shows the argument in the description of the commands that take one', () => {
    for (const spec of COMMANDS.filter((c) => c.argument !== 'none')) {
      const command = lists[0].commands.find((c) => c.title === spec.name);
      const arg = ARGUMENT[spec.name] ?? 'partner';
      expect(command?.description).toContain(spec.argument === 'required' ? `<${arg}>` : `[${arg}]`);
    }
  });
});
