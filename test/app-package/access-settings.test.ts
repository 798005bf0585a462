/**
 * scripts/access-settings.js: the "none" / "self" words of the env files, resolved and checked the way
 * infra/azure.bicep resolves them for the cloud.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../src/config';
import { access, at, readText, ROOT } from './helpers';

const TENANT = 'AAAAAAAA-0000-4000-8000-000000000001';
const ADMIN = '00000000-0000-4000-8000-0000000000a1';
const GROUP = '00000000-0000-4000-8000-0000000000b2';
const SECOND = '00000000-0000-4000-8000-0000000000c3';
const base = {
  BOT_TENANT_ID: TENANT,
  ALLOWED_TENANT_IDS: 'self',
  ADMIN_USER_IDS: ADMIN,
  ADMIN_GROUP_IDS: 'none',
  READER_USER_IDS: 'none',
  READER_GROUP_IDS: 'none',
  APPROVAL_REQUIRED: 'false',
  APPROVAL_TTL_MINUTES: '60',
  APPROVER_USER_IDS: 'none',
  APPROVER_GROUP_IDS: 'none',
  INTUNE_CHECK_MODE: 'advise',
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
        APPROVER_USER_IDS: '',
        APPROVER_GROUP_IDS: '',
        ADMIN_CONTACT: '',
        APPROVAL_REQUIRED: 'false',
        APPROVAL_TTL_MINUTES: '60',
        INTUNE_CHECK_MODE: 'advise',
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
      APPROVER_USER_IDS: `${SECOND}, bob`,
      APPROVER_GROUP_IDS: '',
      ADMIN_CONTACT: '',
    });
    expect(problems).toEqual([
      'READER_USER_IDS: "alice@contoso.com" is not a GUID',
      'READER_GROUP_IDS is empty: give Entra object ids separated by commas, or "none"',
      'APPROVER_USER_IDS: "bob" is not a GUID',
      'APPROVER_GROUP_IDS is empty: give Entra object ids separated by commas, or "none"',
      'ALLOWED_TENANT_IDS cannot be "none": name at least one tenant, or "self"',
      'ADMIN_USER_IDS and ADMIN_GROUP_IDS are both "none": name at least one administrator (user or group object id)',
      'ADMIN_CONTACT is empty: give a contact (mail, channel, ...) or "none"',
      'APPROVAL_REQUIRED is empty: give true or false',
      'APPROVAL_TTL_MINUTES is empty: give the minutes a request stays open, from 1 to 10080',
      'INTUNE_CHECK_MODE is empty: give off, advise (the default) or enforce',
    ]);
  });

  it('INTUNE_CHECK_MODE: off, advise or enforce in any case, as the bot reads it; anything else is named', () => {
    expect(access.accessSettings({ ...base, INTUNE_CHECK_MODE: ' Enforce ' }).settings.INTUNE_CHECK_MODE).toBe(
      'enforce',
    );
    expect(
      loadConfig(access.accessSettings({ ...base, INTUNE_CHECK_MODE: 'off' }).settings).access.intuneCheckMode,
    ).toBe('off');
    expect(access.accessSettings({ ...base, INTUNE_CHECK_MODE: 'strict' }).problems).toEqual([
      'INTUNE_CHECK_MODE must be one of off, advise, enforce (got "strict")',
    ]);
  });

  describe('two-person approval', () => {
    it('keeps approver lists like the other lists and writes the switch and lifetime as the bot reads them', () => {
      const { settings, problems } = access.accessSettings({
        ...base,
        APPROVAL_REQUIRED: ' TRUE ',
        APPROVAL_TTL_MINUTES: '1440',
        APPROVER_USER_IDS: `${SECOND.toUpperCase()};${ADMIN}`,
        APPROVER_GROUP_IDS: GROUP,
      });
      expect(problems).toEqual([]);
      expect(settings).toMatchObject({
        APPROVAL_REQUIRED: 'true',
        APPROVAL_TTL_MINUTES: '1440',
        APPROVER_USER_IDS: `${SECOND},${ADMIN}`,
        APPROVER_GROUP_IDS: GROUP,
      });
      expect(access.accessSettings({ ...base, APPROVAL_REQUIRED: 'off' }).settings.APPROVAL_REQUIRED).toBe('false');
    });

    it("refuses a switch that is not true or false and a lifetime outside 1..10080 minutes (src/config.ts's bounds)", () => {
      for (const ttl of ['0', '10081', '1.5', 'an hour']) {
        expect(
          access.accessSettings({ ...base, APPROVAL_REQUIRED: 'maybe', APPROVAL_TTL_MINUTES: ttl }).problems,
        ).toEqual([
          'APPROVAL_REQUIRED must be true or false (got "maybe")',
          `APPROVAL_TTL_MINUTES must be a whole number from 1 to 10080 (got "${ttl}")`,
        ]);
      }
      expect(access.accessSettings({ ...base, APPROVAL_TTL_MINUTES: '10080' }).problems).toEqual([]);
      expect(access.accessSettings({ ...base, APPROVAL_TTL_MINUTES: '1' }).problems).toEqual([]);
    });

    const ONE_PERSON =
      'APPROVAL_REQUIRED is true but only one person could approve: name a second one in ADMIN_USER_IDS or APPROVER_USER_IDS, or a group in ADMIN_GROUP_IDS or APPROVER_GROUP_IDS';

    it('refuses a required approval that only one person could give, as the bot refuses to start', () => {
      const required = { ...base, APPROVAL_REQUIRED: 'true' };
      expect(access.accessSettings(required).problems).toEqual([ONE_PERSON]);
      // The same person named twice is still one person.
      expect(access.accessSettings({ ...required, APPROVER_USER_IDS: ADMIN.toUpperCase() }).problems).toEqual([
        ONE_PERSON,
      ]);
      // Not a problem while approval is off.
      expect(access.accessSettings({ ...base, APPROVAL_REQUIRED: 'false' }).problems).toEqual([]);
    });

    it.each([
      ['a second admin', { ADMIN_USER_IDS: `${ADMIN},${SECOND}` }],
      ['an approver', { APPROVER_USER_IDS: SECOND }],
      ['an admin group', { ADMIN_GROUP_IDS: GROUP }],
      ['an approver group', { APPROVER_GROUP_IDS: GROUP }],
    ])('accepts a required approval with %s', (_what, extra) => {
      expect(access.accessSettings({ ...base, APPROVAL_REQUIRED: 'true', ...extra }).problems).toEqual([]);
    });

    it('agrees with the bot: what the script writes, src/config.ts reads the same way (and refuses the same one-person case)', () => {
      const { settings } = access.accessSettings({
        ...base,
        APPROVAL_REQUIRED: 'yes',
        APPROVAL_TTL_MINUTES: '90',
        APPROVER_GROUP_IDS: GROUP,
      });
      expect(loadConfig(settings).approval).toEqual({
        required: true,
        ttlMinutes: 90,
        approverUserIds: [],
        approverGroupIds: [GROUP],
      });
      const alone = access.accessSettings({ ...base, APPROVAL_REQUIRED: 'true' });
      expect(alone.problems).toEqual([ONE_PERSON]);
      expect(() => loadConfig(alone.settings)).toThrow(/APPROVAL_REQUIRED=true needs a second person who can approve/);
    });
  });

  it('refuses "self" before the bot\'s tenant is known', () => {
    expect(access.accessSettings({ ...base, BOT_TENANT_ID: '' }).problems).toEqual([
      'ALLOWED_TENANT_IDS uses "self" but BOT_TENANT_ID is not set yet (run provision first)',
    ]);
  });

  it('matches the rules infra/azure.bicep applies for the cloud', () => {
    const bicep = readText('infra/azure.bicep');
    expect(bicep).toContain(
      "var allowedTenants = replace(toLower(replace(allowedTenantIds, ' ', '')), 'self', botTenantId)",
    );
    for (const [param, variable] of [
      ['adminUserIds', 'adminUsers'],
      ['adminGroupIds', 'adminGroups'],
      ['readerUserIds', 'readerUsers'],
      ['readerGroupIds', 'readerGroups'],
      ['approverUserIds', 'approverUsers'],
      ['approverGroupIds', 'approverGroups'],
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
          'ADMIN_GROUP_IDS=\nREADER_USER_IDS=\nREADER_GROUP_IDS=\nAPPROVER_USER_IDS=\nAPPROVER_GROUP_IDS=\nADMIN_CONTACT=\n' +
          'APPROVAL_REQUIRED=false\nAPPROVAL_TTL_MINUTES=60\nINTUNE_CHECK_MODE=advise\n',
      );
    });

    it('--check fails with a message naming the problem and pointing at the docs', () => {
      const result = run(['--check'], { ...base, ADMIN_USER_IDS: '' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('Access settings in env/.env.local are not valid:\n  - ADMIN_USER_IDS is empty');
      expect(result.stderr).toContain('docs/deploy.md');
      expect(run(['--check'], base).stdout).toBe(
        'Access settings OK: 1 tenant(s), 1 admin user(s), 0 admin group(s), 0 reader user(s), 0 reader group(s); approval not required; Intune check: advise.\n',
      );
      expect(
        run(['--check'], { ...base, APPROVAL_REQUIRED: 'true', APPROVAL_TTL_MINUTES: '30', APPROVER_USER_IDS: SECOND })
          .stdout,
      ).toBe(
        'Access settings OK: 1 tenant(s), 1 admin user(s), 0 admin group(s), 0 reader user(s), 0 reader group(s); ' +
          'approval required (30 min), 1 approver user(s), 0 approver group(s); Intune check: advise.\n',
      );
    });

    it('--check stops provisioning when only one person could approve', () => {
      const result = run(['--check'], { ...base, APPROVAL_REQUIRED: 'true' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('  - APPROVAL_REQUIRED is true but only one person could approve');
    });
  });
});
