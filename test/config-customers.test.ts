import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, redactConfig } from '../src/config';
import { localModeEnv } from '../src/local/local-env';
import { CONTOSO_TENANT_ID, MSP_TECHNICIANS_GROUP_ID } from '../src/simulator';
import { configProblems } from './support/config-problems';

const TENANT = '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d';
const ADMIN = '11111111-2222-3333-4444-555555555555';
const GROUP = '4c8e2a61-7f3b-4d5c-a1e9-6b2d8f0c3e57';
const READERS = '5d9f3b72-8a4c-4e6d-b2fa-7c3e9a1d4f68';
const base = { ALLOWED_TENANT_IDS: TENANT, ADMIN_USER_IDS: ADMIN };
const contoso = {
  name: 'contoso',
  tenantId: '7C3E1A52-4B6D-4F8E-9A10-2B3C4D5E6F01',
  displayName: 'Contoso Ltd',
  technicians: [GROUP],
  readers: [READERS],
};
const fabrikam = { name: 'fabrikam', tenantId: '8d4f2b63-5c7e-4a9f-8b21-3c4d5e6f7a02', technicians: [GROUP] };
const json = (v: unknown) => JSON.stringify(v);

describe('CUSTOMERS / CUSTOMERS_FILE', () => {
  it('none configured: no customers, as before', () => {
    expect(loadConfig(base).customers).toEqual({ customers: [], groups: {} });
  });

  it('inline JSON: the customers (tenant ids in lower case, the name as display name when none) and the groups', () => {
    const c = loadConfig({
      ...base,
      CUSTOMERS: json({ customers: [contoso, fabrikam], groups: { eu: ['contoso', 'fabrikam'] } }),
    });
    expect(c.customers.customers).toEqual([
      {
        name: 'contoso',
        tenantId: contoso.tenantId.toLowerCase(),
        displayName: 'Contoso Ltd',
        technicianGroupIds: [GROUP],
        readerGroupIds: [READERS],
      },
      {
        name: 'fabrikam',
        tenantId: fabrikam.tenantId,
        displayName: 'fabrikam',
        technicianGroupIds: [GROUP],
        readerGroupIds: [],
      },
    ]);
    expect(c.customers.groups).toEqual({ eu: ['contoso', 'fabrikam'] });
    expect(redactConfig(c)).toMatchObject({ customers: 2 });
  });

  it('a file: the same JSON read from the path', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'customers-')), 'customers.json');
    writeFileSync(path, json({ customers: [contoso] }));
    expect(loadConfig({ ...base, CUSTOMERS_FILE: path }).customers.customers.map((x) => x.name)).toEqual(['contoso']);
    expect(configProblems({ ...base, CUSTOMERS_FILE: `${path}.missing` })).toEqual([
      expect.stringMatching(/^CUSTOMERS_FILE names a file that cannot be read .*ENOENT/),
    ]);
  });

  it.each([
    ['not JSON', '{customers', /^CUSTOMERS is not valid JSON/],
    ['no customers array', json({ tenants: [] }), /^CUSTOMERS: must be an object with a "customers" array$/],
    [
      'a name with capitals',
      json({ customers: [{ ...contoso, name: 'Contoso' }] }),
      /customers\[0\]\.name must be lower-case.*"Contoso"/,
    ],
    ['the name all', json({ customers: [{ ...contoso, name: 'all' }] }), /customers\[0\]\.name must not be "all"/],
    [
      'a tenant that is no GUID',
      json({ customers: [{ ...contoso, tenantId: 'contoso.com' }] }),
      /customers\[0\]\.tenantId must be .*"contoso.com"/,
    ],
    [
      'a group id that is no GUID',
      json({ customers: [{ ...contoso, technicians: ['admins'] }] }),
      /customers\[0\]\.technicians must be a list/,
    ],
    [
      'a name twice',
      json({ customers: [contoso, { ...fabrikam, name: 'contoso' }] }),
      /customer name "contoso" is used twice/,
    ],
    [
      'a group named like a customer',
      json({ customers: [contoso], groups: { contoso: ['contoso'] } }),
      /group "contoso" has the name of a customer/,
    ],
    [
      'a group of unknown customers',
      json({ customers: [contoso], groups: { eu: ['contoso', 'nowhere'] } }),
      /group "eu" names unknown customers: nowhere/,
    ],
    ['a group called all', json({ customers: [contoso], groups: { all: ['contoso'] } }), /group name "all" must be/],
  ])('%s: the bot refuses to start, naming the problem', (_what, value, message) => {
    const found = configProblems({ ...base, CUSTOMERS: value });
    expect(found).toEqual([expect.stringMatching(message)]);
  });

  it('both set: one problem saying to set one', () => {
    expect(configProblems({ ...base, CUSTOMERS: json({ customers: [] }), CUSTOMERS_FILE: '/x.json' })).toEqual([
      'CUSTOMERS and CUSTOMERS_FILE are both set: set one of them',
    ]);
  });

  it('local mode: the simulated customers and the group eu, the technicians group acting in each', () => {
    const { env } = localModeEnv({}, undefined);
    const { customers } = loadConfig(env);
    expect(customers.customers.map((c) => c.name)).toEqual(['contoso', 'fabrikam', 'northwind']);
    expect(customers.customers[0]).toMatchObject({
      tenantId: CONTOSO_TENANT_ID,
      displayName: 'Contoso Ltd',
      technicianGroupIds: [MSP_TECHNICIANS_GROUP_ID],
    });
    expect(customers.groups).toEqual({ eu: ['contoso', 'fabrikam'] });
  });

  it('local mode with a customers file of ones own: that file, not the simulated customers', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'customers-')), 'customers.json');
    writeFileSync(path, json({ customers: [fabrikam] }));
    const { env } = localModeEnv({ CUSTOMERS_FILE: path }, undefined);
    expect(loadConfig(env).customers.customers.map((c) => c.name)).toEqual(['fabrikam']);
  });
});
