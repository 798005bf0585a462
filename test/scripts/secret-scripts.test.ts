/**
 * The scripts around the app's credential, run as processes (as the Toolkit's `script` action and an operator run
 * them) against a stand-in Azure CLI on PATH: what they ask Azure, what they write, and that the secret is never
 * printed nor put on a command line.
 * - rotate-secret.js: `az ad app credential reset --append` (Entra: "Add a password credential"), the Azure Bot
 *   connection PUT (Microsoft.BotService/botServices/connections@2022-09-15, secret in the body), the App Service
 *   settings (`az webapp config appsettings set --settings @file`), the env files.
 * - federate-identity.js: the federated identity credential (issuer https://login.microsoftonline.com/{tenant}/v2.0,
 *   subject = the identity's principal id, audience api://AzureADTokenExchange), once.
 * - secret-expiry.js: BOT_PASSWORD_EXPIRES_AT for the Toolkit (`::set-teamsfx-env`).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeAz, type FakeAz } from '../support/fake-az';

const ROOT = path.resolve(__dirname, '../..');
const APP_ID = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const TENANT = '4f2d9c1e-6a3b-4d5e-8f70-1a2b3c4d5e6f';
const PRINCIPAL = '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';
const SITE = '/subscriptions/sub-1/resourceGroups/rg-bot/providers/Microsoft.Web/sites/intunera-dev-abc';
const NEW_SECRET = 'Nw8Q~new-secret-value-do-not-print-0123456789';
const OLD_SECRET = 'Old8Q~old-secret-value-0123456789';

function run(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'scripts', script), ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (e, stdout, stderr) => resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('rotate-secret.js', () => {
  let az: FakeAz;
  let envDir: string;
  beforeEach(() => {
    envDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rotate-env-'));
    fs.writeFileSync(
      path.join(envDir, '.env.dev'),
      `BOT_ID=${APP_ID}\nBOT_TENANT_ID=${TENANT}\nBOT_AZURE_APP_SERVICE_RESOURCE_ID=${SITE}\nOAUTH_CONNECTION_NAME=graph\nBOT_CREDENTIAL=managedIdentity\nBOT_PASSWORD_EXPIRES_AT=2027-01-01T00:00:00Z\n`,
    );
    fs.writeFileSync(path.join(envDir, '.env.dev.user'), `SECRET_BOT_PASSWORD=${OLD_SECRET}\n`);
    az = startFakeAz({
      'ad app credential list': [
        { keyId: 'old-key-1', displayName: 'default', endDateTime: '2027-01-01T00:00:00Z', hint: 'Old' },
      ],
      'ad app credential reset': { appId: APP_ID, password: NEW_SECRET, tenant: TENANT },
      rest: {
        location: 'global',
        properties: {
          serviceProviderId: '30dd229c-58e3-4a48-bdfd-91ec48eb906c',
          serviceProviderDisplayName: 'Azure Active Directory v2',
          clientId: APP_ID,
          scopes: `api://botid-${APP_ID}/access_as_user`,
          parameters: [
            { key: 'tenantID', value: TENANT },
            { key: 'tokenExchangeUrl', value: `api://botid-${APP_ID}` },
          ],
          settingId: 'x',
          provisioningState: 'Succeeded',
        },
      },
      'webapp config appsettings set': null,
    });
  });
  afterEach(() => {
    az.close();
    fs.rmSync(envDir, { recursive: true, force: true });
  });

  it('one command: new secret (old kept), OAuth connection, App Service settings, env files; the secret never printed nor on a command line', async () => {
    const res = await run('rotate-secret.js', ['--env', 'dev', '--days', '90', '--env-dir', envDir], az.env);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    const calls = az.calls();
    expect(
      calls.map((c) =>
        c.argv
          .filter(
            (a) =>
              !a.startsWith('-') && !a.startsWith('@') && !a.startsWith('https:') && !a.includes('=') && a !== 'json',
          )
          .slice(0, 5)
          .join(' '),
      ),
    ).toEqual([
      `ad app credential list ${APP_ID}`,
      `ad app credential reset ${APP_ID}`,
      'rest get',
      'rest put',
      `webapp config appsettings set ${SITE}`,
    ]);
    const reset = calls[1].argv;
    expect(reset).toEqual(expect.arrayContaining(['--append', '--end-date']));
    const end = reset[reset.indexOf('--end-date') + 1];
    expect(new Date(end).getTime() - Date.now()).toBeGreaterThan(89 * 24 * 3600_000);
    // The connection written whole, with the new secret, in a file; the settings: the end date only (managed identity).
    const connectionUrl = `https://management.azure.com/subscriptions/sub-1/resourceGroups/rg-bot/providers/Microsoft.BotService/botServices/intunera-dev-abc/connections/graph?api-version=2022-09-15`;
    expect(calls[3].argv).toEqual(expect.arrayContaining(['--method', 'put', '--url', connectionUrl]));
    const put = JSON.parse(Object.values(calls[3].files)[0]);
    expect(put).toEqual({
      location: 'global',
      properties: expect.objectContaining({
        clientId: APP_ID,
        clientSecret: NEW_SECRET,
        scopes: `api://botid-${APP_ID}/access_as_user`,
        serviceProviderId: '30dd229c-58e3-4a48-bdfd-91ec48eb906c',
      }),
    });
    expect(put.properties.settingId).toBeUndefined();
    expect(JSON.parse(Object.values(calls[4].files)[0])).toEqual([
      { name: 'BOT_PASSWORD_EXPIRES_AT', value: end, slotSetting: false },
    ]);
    for (const c of calls) expect(c.argv.join(' ')).not.toContain(NEW_SECRET);
    expect(`${res.stdout}${res.stderr}`).not.toContain(NEW_SECRET);
    // The files that held the secret are gone.
    for (const file of Object.keys(calls[3].files)) expect(fs.existsSync(file)).toBe(false);
    // The env files: the next provision deploys the new secret and its end.
    expect(fs.readFileSync(path.join(envDir, '.env.dev.user'), 'utf8')).toBe(`SECRET_BOT_PASSWORD=${NEW_SECRET}\n`);
    expect(fs.readFileSync(path.join(envDir, '.env.dev'), 'utf8')).toContain(
      `BOT_PASSWORD_EXPIRES_AT=${end}\nBOT_CREDENTIAL`.split('\n')[0],
    );
    expect(res.stdout).toContain(`az ad app credential delete --id ${APP_ID} --key-id old-key-1`);
  });

  it('with BOT_CREDENTIAL=secret the bot gets the new secret too (in the settings file)', async () => {
    fs.appendFileSync(path.join(envDir, '.env.dev'), 'BOT_CREDENTIAL=secret\n');
    fs.writeFileSync(
      path.join(envDir, '.env.dev'),
      fs.readFileSync(path.join(envDir, '.env.dev'), 'utf8').replace('BOT_CREDENTIAL=managedIdentity\n', ''),
    );
    const res = await run('rotate-secret.js', ['--env', 'dev', '--env-dir', envDir], az.env);
    expect(res.code).toBe(0);
    const settings = JSON.parse(Object.values(az.calls()[4].files)[0]) as Array<{ name: string; value: string }>;
    expect(settings.map((s) => s.name)).toEqual(['BOT_PASSWORD_EXPIRES_AT', 'BOT_PASSWORD']);
    expect(settings[1].value).toBe(NEW_SECRET);
    expect(res.stdout).not.toContain(NEW_SECRET);
  });

  it('bad arguments: the usage, exit 1, nothing asked of Azure', async () => {
    for (const args of [[], ['--env', 'dev', '--days', '0'], ['--env', 'dev', '--bogus']]) {
      const res = await run('rotate-secret.js', args, az.env);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('Usage: npm run rotate-secret -- --env <name>');
    }
    expect(az.calls()).toEqual([]);
  });

  it('the Azure CLI refuses (not signed in): exit 1 with what to do, the secret not printed', async () => {
    az.close();
    az = startFakeAz({ 'ad app credential list': { __fail: 'ERROR: Please run az login to setup account.' } });
    const res = await run('rotate-secret.js', ['--env', 'dev', '--env-dir', envDir], az.env);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /az ad app credential list failed: ERROR: Please run az login .*\(run `az login` with an account that owns the app/,
    );
    expect(fs.readFileSync(path.join(envDir, '.env.dev.user'), 'utf8')).toContain(OLD_SECRET);
  });
});

describe('federate-identity.js', () => {
  const env = {
    BOT_ID: APP_ID,
    BOT_TENANT_ID: TENANT,
    BOT_MSI_PRINCIPAL_ID: PRINCIPAL,
    BOT_CREDENTIAL: 'managedIdentity',
  };
  const wanted = {
    name: 'intune-bot-managed-identity',
    issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    subject: PRINCIPAL,
    audiences: ['api://AzureADTokenExchange'],
  };

  it('adds the federated credential once: issuer, subject = principal id, audience api://AzureADTokenExchange', async () => {
    const az = startFakeAz({ 'ad app federated-credential list': [], 'ad app federated-credential create': {} });
    try {
      const res = await run('federate-identity.js', [], { ...az.env, ...env });
      expect(res.code).toBe(0);
      const create = az.calls()[1].argv;
      expect(create.slice(0, 6)).toEqual(['ad', 'app', 'federated-credential', 'create', '--id', APP_ID]);
      expect(JSON.parse(create[create.indexOf('--parameters') + 1])).toMatchObject(wanted);
      expect(res.stdout).toContain(`app ${APP_ID} now trusts managed identity ${PRINCIPAL}`);
    } finally {
      az.close();
    }
  });

  it('already trusted: nothing changed; BOT_CREDENTIAL=secret: nothing asked', async () => {
    const az = startFakeAz({ 'ad app federated-credential list': [{ id: 'f1', ...wanted }] });
    try {
      expect((await run('federate-identity.js', [], { ...az.env, ...env })).stdout).toContain('already trusts');
      expect(az.calls()).toHaveLength(1);
      expect((await run('federate-identity.js', [], { ...az.env, ...env, BOT_CREDENTIAL: 'secret' })).code).toBe(0);
      expect(az.calls()).toHaveLength(1);
    } finally {
      az.close();
    }
  });
});

describe('secret-expiry.js', () => {
  it("reads the end of the app's credential whose hint starts the secret; the Toolkit gets it, never the secret", async () => {
    const az = startFakeAz({
      'ad app credential list': [
        { hint: 'Zzz', endDateTime: '2026-01-01T00:00:00Z' },
        { hint: 'Old', endDateTime: '2027-06-02T10:00:00Z' },
      ],
    });
    try {
      const res = await run('secret-expiry.js', [], {
        ...az.env,
        BOT_ID: APP_ID,
        SECRET_BOT_PASSWORD: OLD_SECRET,
        BOT_PASSWORD_EXPIRES_AT: '',
      });
      expect(res.code).toBe(0);
      expect(res.stdout).toContain('::set-teamsfx-env BOT_PASSWORD_EXPIRES_AT=2027-06-02T10:00:00.000Z\n');
      expect(res.stdout).not.toContain(OLD_SECRET);
    } finally {
      az.close();
    }
  });

  it('no Azure CLI answer: now + 180 days (aadApp/create), said so; no secret: "none"; known: kept', async () => {
    const az = startFakeAz({ 'ad app credential list': { __fail: 'ERROR: not logged in' } });
    try {
      const guess = await run('secret-expiry.js', [], {
        ...az.env,
        BOT_ID: APP_ID,
        SECRET_BOT_PASSWORD: OLD_SECRET,
        BOT_PASSWORD_EXPIRES_AT: '',
      });
      const value = /::set-teamsfx-env BOT_PASSWORD_EXPIRES_AT=(\S+)/.exec(guess.stdout)?.[1] ?? '';
      expect(Math.round((new Date(value).getTime() - Date.now()) / (24 * 3600_000))).toBe(180);
      expect(guess.stdout).toContain("180 days, aadApp/create's lifetime");
      expect(
        (await run('secret-expiry.js', [], { ...az.env, SECRET_BOT_PASSWORD: '', BOT_PASSWORD_EXPIRES_AT: '' })).stdout,
      ).toContain('BOT_PASSWORD_EXPIRES_AT=none');
      expect(
        (
          await run('secret-expiry.js', [], {
            ...az.env,
            SECRET_BOT_PASSWORD: OLD_SECRET,
            BOT_PASSWORD_EXPIRES_AT: '2027-01-01T00:00:00Z',
          })
        ).stdout,
      ).toContain('BOT_PASSWORD_EXPIRES_AT=2027-01-01T00:00:00Z');
    } finally {
      az.close();
    }
  });
});
