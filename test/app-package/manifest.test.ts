/**
 * appPackage/manifest.json and zh-CN.json against the official schemas bundled in
 * @microsoft/app-manifest, validated offline, plus the requirements the schema does not express.
 */
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { appPackage, envFiles, readJson, readText, sampleEnvironment, icons, at } from './helpers';

function resolvedJson(file: string, vars: Map<string, string>): any {
  const { text, unresolved } = envFiles.resolvePlaceholders(readText('appPackage', file), vars, { json: true });
  expect(unresolved).toEqual([]);
  return JSON.parse(text);
}

describe('the Teams app manifest', () => {
  const vars = sampleEnvironment('local');
  const manifest = resolvedJson('manifest.json', vars);
  const zhCN = resolvedJson('zh-CN.json', vars);
  const realFetch = globalThis.fetch;

  beforeAll(() => {
    // Proof of "offline": any attempt to download a schema fails the validation.
    globalThis.fetch = (() => {
      throw new Error('network access attempted during schema validation');
    }) as typeof fetch;
  });
  afterAll(() => {
    globalThis.fetch = realFetch;
  });

  it('uses the newest stable manifest version whose schema @microsoft/app-manifest bundles', () => {
    const versions = readdirSync(appPackage.bundledSchemaDir())
      .map((d) => /^v(\d+)\.(\d+)$/.exec(d))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [Number(m[1]), Number(m[2])] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const [major, minor] = versions[versions.length - 1];
    expect(manifest.manifestVersion).toBe(`${major}.${minor}`);
    expect(Number(minor)).toBeGreaterThanOrEqual(19);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${major}.${minor}/MicrosoftTeams.schema.json`,
    );
  });

  it('is valid against the bundled MicrosoftTeams.schema.json, without network access', async () => {
    expect(await appPackage.validateManifest(manifest)).toEqual([]);
  });

  it('fails validation when it is broken (the validator is really applied)', async () => {
    const broken = { ...manifest, accentColor: 'blue', bots: [{ ...manifest.bots[0], botId: 'not-a-guid' }] };
    const problems = await appPackage.validateManifest(broken);
    expect(problems.join('\n')).toMatch(/accentColor/);
    expect(problems.join('\n')).toMatch(/botId/);
  });

  it('has zh-CN.json valid against the bundled localization schema', async () => {
    expect(zhCN.$schema).toBe(
      manifest.$schema.replace('MicrosoftTeams.schema.json', 'MicrosoftTeams.Localization.schema.json'),
    );
    expect(await appPackage.validateLocalization(zhCN, manifest.manifestVersion)).toEqual([]);
    const problems = await appPackage.validateLocalization(
      { ...zhCN, 'name.short': 'x'.repeat(31), 'no.such.key': 'y' },
      manifest.manifestVersion,
    );
    expect(problems.length).toBeGreaterThanOrEqual(2);
  });

  it('declares en-US as default and zh-CN as an additional language with its file', () => {
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'en-US',
      additionalLanguages: [{ languageTag: 'zh-CN', file: 'zh-CN.json' }],
    });
    expect(existsSync(at('appPackage', 'zh-CN.json'))).toBe(true);
  });

  it('the long description mentions two-person approval, in both languages', () => {
    expect(manifest.description.full).toMatch(/approv/i);
    expect(zhCN['description.full']).toContain('审批');
  });

  it('translates the name, the descriptions and every command of every list', () => {
    for (const key of ['name.short', 'name.full', 'description.short', 'description.full']) {
      expect(typeof zhCN[key]).toBe('string');
      expect(zhCN[key]).not.toBe(key.split('.').reduce((o: any, k) => o[k], manifest));
    }
    manifest.bots[0].commandLists.forEach((list: any, i: number) =>
      list.commands.forEach((_: unknown, j: number) => {
        expect(zhCN[`bots[0].commandLists[${i}].commands[${j}].title`]).toMatch(/[\u4e00-\u9fff]/);
        expect(zhCN[`bots[0].commandLists[${i}].commands[${j}].description`]).toMatch(/[\u4e00-\u9fff]/);
      }),
    );
  });

  it('has one bot for personal, team and groupChat, with one command list per scope', () => {
    expect(manifest.bots).toHaveLength(1);
    const bot = manifest.bots[0];
    expect(bot.botId).toBe(vars.get('BOT_ID'));
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.commandLists.map((l: any) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    for (const list of bot.commandLists) {
      for (const c of list.commands) {
        expect(c.description.length).toBeGreaterThan(0);
        expect(c.description.length).toBeLessThanOrEqual(80);
      }
    }
  });

  it("declares SSO for the bot's own app: id BOT_ID, resource api://botid-BOT_ID", () => {
    expect(manifest.webApplicationInfo).toEqual({
      id: vars.get('BOT_ID'),
      resource: `api://botid-${vars.get('BOT_ID')}`,
    });
    const template = readJson('appPackage', 'manifest.json');
    expect(template.webApplicationInfo).toEqual({ id: '${{BOT_ID}}', resource: 'api://botid-${{BOT_ID}}' });
  });

  it('allows the bot domain and the Bot Framework token service', () => {
    expect(readJson('appPackage', 'manifest.json').validDomains).toEqual(['${{BOT_DOMAIN}}', 'token.botframework.com']);
  });

  it('names icons that exist, and its accent colour is the icon background', () => {
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.accentColor).toBe(icons.ACCENT);
    expect(appPackage.packageFiles(manifest).every((f) => existsSync(path.join(at('appPackage'), f)))).toBe(true);
  });
});
