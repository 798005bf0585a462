/**
 * The command menus Teams shows (manifest commandLists, and their zh-CN translations) against the real
 * command parser: whatever a user picks from a menu must be understood as that command.
 */
import { COMMANDS } from '../../src/core/catalogue';
import { parseCommand } from '../../src/core/commands';
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

  it('offers every parser command in the personal scope, in the parser\'s order', () => {
    const personal = lists.find((l) => l.scopes.includes('personal'));
    expect(personal?.commands.map((c) => c.title)).toEqual(COMMANDS.map((c) => c.name));
  });

  it('offers the same commands in team and groupChat', () => {
    for (const scope of ['team', 'groupChat']) {
      const list = lists.find((l) => l.scopes.includes(scope));
      expect(list?.commands.map((c) => c.title)).toEqual(COMMANDS.map((c) => c.name));
    }
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

  it('shows the argument in the description of the commands that take one', () => {
    for (const spec of COMMANDS.filter((c) => c.argument !== 'none')) {
      const command = lists[0].commands.find((c) => c.title === spec.name);
      expect(command?.description).toMatch(spec.argument === 'required' ? /<partner>/ : /\[partner\]/);
    }
  });
});
