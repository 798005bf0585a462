/**
 * scripts/access-settings.js: the "none" / "self" words of the env files, resolved and checked the way
 * infra/azure.bicep resolves them for the cloud.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { access, at, readText, ROOT } from './helpers';

const TENANT = 'AAAAAAAA-0000-4000-8000-000000000001';
const ADMIN = '00000000-0000-4000-8000-0000000000a1';
const GROUP = '00000000-0000-4000-8000-0000000000b2';
const base = {
  BOT_TENANT_ID: TENANT,
  ALLOWED_TENANT_IDS: 'self',
  ADMIN_USER_IDS: ADMIN,
  ADMIN_GROUP_IDS: 'none',
  READER_USER_IDS: 'none',
  READER_GROUP_IDS: 'none',
  ADMIN_CONTACT: 'none',
};

describe('access settings', () => {
  it('turns "none" into empty values and "self" into the bot\'s tenant', () => {
    expect(access.accessSettings(base)).toEqual({
      settings: {
        ALLOWED_TENANT_IDS: TENANT.toLowerCase(),
        ADMIN_USER_IDS: ADMIN,
        ADMIN_GROUP_IDS: '',
        READER_USER_IDS: '',
        READER_GROUP_IDS: '',
        ADMIN_CONTACT: '',
      },
      problems: [],
    });
  });

  it('keeps lists (any separator, lower-cased), mixes "self" with other tenants, and keeps a contact', () => {
    const { settings, problems } = access.accessSettings({
      ...base,
      ALLOWED_TENANT_IDS: `self; ${GROUP.toUpperCase()}`,
      ADMIN_USER_IDS: 'NONE',
      ADMIN_GROUP_IDS: `${GROUP} ${ADMIN}`,
      ADMIN_CONTACT: 'intune-admins@contoso.com',
    });
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      ALLOWED_TENANT_IDS: `${TENANT.toLowerCase()},${GROUP}`,
      ADMIN_USER_IDS: '',
      ADMIN_GROUP_IDS: `${GROUP},${ADMIN}`,
      ADMIN_CONTACT: 'intune-admins@contoso.com',
    });
  });

  it('names every problem: empty values, bad ids, no administrator, no tenant', () => {
    const { problems } = access.accessSettings({
      ALLOWED_TENANT_IDS: 'none',
      ADMIN_USER_IDS: 'none',
      ADMIN_GROUP_IDS: 'none',
      READER_USER_IDS: 'alice@contoso.com',
      READER_GROUP_IDS: '',
      ADMIN_CONTACT: '',
    });
    expect(problems).toEqual([
      'READER_USER_IDS: "alice@contoso.com" is not a GUID',
      'READER_GROUP_IDS is empty: give Entra object ids separated by commas, or "none"',
      'ALLOWED_TENANT_IDS cannot be "none": name at least one tenant, or "self"',
      'ADMIN_USER_IDS and ADMIN_GROUP_IDS are both "none": name at least one administrator (user or group object id)',
      'ADMIN_CONTACT is empty: give a contact (mail, channel, ...) or "none"',
    ]);
  });

  it('refuses "self" before the bot\'s tenant is known', () => {
    expect(access.accessSettings({ ...base, BOT_TENANT_ID: '' }).problems).toEqual([
      'ALLOWED_TENANT_IDS uses "self" but BOT_TENANT_ID is not set yet (run provision first)',
    ]);
  });

  it('matches the rules infra/azure.bicep applies for the cloud', () => {
    const bicep = readText('infra/azure.bicep');
    expect(bicep).toContain("var allowedTenants = replace(toLower(replace(allowedTenantIds, ' ', '')), 'self', botTenantId)");
    for (const [param, variable] of [
      ['adminUserIds', 'adminUsers'],
      ['adminGroupIds', 'adminGroups'],
      ['readerUserIds', 'readerUsers'],
      ['readerGroupIds', 'readerGroups'],
      ['adminContact', 'contact'],
    ]) {
      expect(bicep).toContain(`var ${variable} = toLower(trim(${param})) == 'none' ? '' : ${param}`);
    }
  });

  describe('as the Toolkit runs it', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'access-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const run = (args: string[], env: Record<string, string>) =>
      spawnSync(process.execPath, [at('scripts', 'access-settings.js'), ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', TEAMSFX_ENV: 'local', ...env },
        encoding: 'utf8',
      });

    it('--write sets the keys in .localConfigs and keeps the other lines', () => {
      const file = path.join(dir, '.localConfigs');
      writeFileSync(file, 'BOT_ID=x\nADMIN_USER_IDS=old\nDATABASE_URL=postgres://kept\n');
      const result = run(['--write', file], base);
      expect(result.status).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(
        `BOT_ID=x\nADMIN_USER_IDS=${ADMIN}\nDATABASE_URL=postgres://kept\nALLOWED_TENANT_IDS=${TENANT.toLowerCase()}\n` +
          'ADMIN_GROUP_IDS=\nREADER_USER_IDS=\nREADER_GROUP_IDS=\nADMIN_CONTACT=\n',
      );
    });

    it('--check fails with a message naming the problem and pointing at the docs', () => {
      const result = run(['--check'], { ...base, ADMIN_USER_IDS: '' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('Access settings in env/.env.local are not valid:\n  - ADMIN_USER_IDS is empty');
      expect(result.stderr).toContain('docs/deploy.md');
      expect(run(['--check'], base).stdout).toBe('Access settings OK: 1 tenant(s), 1 admin user(s), 0 admin group(s), 0 reader user(s), 0 reader group(s).\n');
    });
  });
});
