/**
 * The command menus Teams shows (manifest commandLists, and their zh-CN translations) are derived from the registry
 * of commands (src/commands/registry.ts: each row's `menu`) and checked against the real command parser: the menus
 * offer exactly the registry's menu commands, in its order, and whatever a user picks from a menu is understood as
 * that command.
 *
 * Teams' localization file addresses each entry by its JSON path, with indices ("bots[0].commandLists[0].commands[3]
 * .title"; the schema allows nothing else: learn.microsoft.com/microsoftteams/platform/resources/schema/
 * localization-schema). So a zh-CN entry is matched BY KEY: its path leads to the manifest's entry, whose title is the
 * command's name, whose row gives the Chinese title and description. Nobody edits these lists by hand:
 * `UPDATE_APP_PACKAGE=1 node node_modules/jest/bin/jest.js test/app-package/commands.test.ts` writes them from the
 * registry (manifest.json's commandLists and zh-CN.json's entries), and the test fails until they match it.
 */
import { writeFileSync } from 'node:fs';
import { COMMANDS, parseCommand } from '../../src/commands';
import { at, readJson, readText } from './helpers';

/** The menus as the registry says they are: every scope the same list. */
function derivedMenus(current: { scopes: string[] }[]) {
  const rows = COMMANDS.filter((c) => c.menu);
  const lists = current.map((l) => ({
    scopes: l.scopes,
    commands: rows.map((c) => ({ title: c.name, description: c.menu?.['en-US'] ?? '' })),
  }));
  const zh: Record<string, string> = {};
  lists.forEach((l, i) =>
    rows.forEach((c, j) => {
      zh[`bots[0].commandLists[${i}].commands[${j}].title`] = c.words['zh-CN'][0];
      zh[`bots[0].commandLists[${i}].commands[${j}].description`] = c.menu?.['zh-CN'] ?? '';
    }),
  );
  return { lists, zh };
}

/** The manifest's commandLists as the file writes them (one command a line), to replace that block only. */
function formatLists(lists: { scopes: string[]; commands: { title: string; description: string }[] }[]): string {
  const list = (l: (typeof lists)[number]) =>
    [
      '        {',
      `          "scopes": ${JSON.stringify(l.scopes).replace(/,/g, ', ')},`,
      '          "commands": [',
      l.commands
        .map(
          (c) => `            { "title": ${JSON.stringify(c.title)}, "description": ${JSON.stringify(c.description)} }`,
        )
        .join(',\n'),
      '          ]',
      '        }',
    ].join('\n');
  return `"commandLists": [\n${lists.map(list).join(',\n')}\n      ]`;
}

if (process.env.UPDATE_APP_PACKAGE === '1') {
  const text = readText('appPackage', 'manifest.json');
  const { lists: derived, zh } = derivedMenus(readJson('appPackage', 'manifest.json').bots[0].commandLists);
  writeFileSync(
    at('appPackage', 'manifest.json'),
    text.replace(/"commandLists": \[[\s\S]*?\n {6}\]/, formatLists(derived)),
  );
  const z = readJson<Record<string, string>>('appPackage', 'zh-CN.json');
  const rest = Object.fromEntries(Object.entries(z).filter(([k]) => !k.startsWith('bots[0].commandLists[')));
  writeFileSync(at('appPackage', 'zh-CN.json'), `${JSON.stringify({ ...rest, ...zh }, null, 2)}\n`);
}

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

  it("offers exactly the catalogue's menu commands, in its order, in every scope (at most 10, as Teams allows)", () => {
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) expect(list.commands.map((c) => c.title)).toEqual(menu);
    expect(menu.length).toBeLessThanOrEqual(10);
  });

  it("gives each zh-CN menu entry the catalogue's first Chinese word for the command", () => {
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

  it("shows the argument in the description of the menu's commands that take one", () => {
    // A command without `menu` is typed only (CONTRIBUTING.md, "Menus"): it has no entry to show it in.
    for (const spec of COMMANDS.filter((c) => c.argument !== 'none' && c.menu)) {
      const command = lists[0].commands.find((c) => c.title === spec.name);
      const arg = ARGUMENT[spec.name] ?? 'partner';
      expect(command?.description).toContain(spec.argument === 'required' ? `<${arg}>` : `[${arg}]`);
    }
  });

  it("is what the registry derives: the manifest's lists and the zh-CN entries (UPDATE_APP_PACKAGE=1 writes them)", () => {
    const { lists: derived, zh } = derivedMenus(lists);
    expect(lists).toEqual(derived);
    expect(Object.fromEntries(Object.entries(zhCN).filter(([k]) => k.startsWith('bots[0].commandLists[')))).toEqual(zh);
  });

  it("matches each zh-CN menu entry to its command by key: path -> the manifest's entry -> its name -> its row", () => {
    const keys = Object.keys(zhCN).filter((k) => k.startsWith('bots[0].commandLists['));
    for (const key of keys) {
      const m = /^bots\[0\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(title|description)$/.exec(key);
      expect(m).not.toBeNull();
      const [, i, j, field] = m as RegExpExecArray;
      const name = lists[Number(i)]?.commands[Number(j)]?.title;
      const row = COMMANDS.find((c) => c.name === name);
      expect({ key, name, known: row !== undefined }).toEqual({ key, name, known: true });
      expect(zhCN[key]).toBe(field === 'title' ? row?.words['zh-CN'][0] : row?.menu?.['zh-CN']);
    }
    expect(keys).toHaveLength(lists.reduce((n, l) => n + l.commands.length * 2, 0));
  });
});
