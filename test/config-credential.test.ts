/**
 * How the bot proves who it is (config.ts): by default in the cloud a user-assigned managed identity as the
 * federated credential of the bot's app registration (BOT_TYPE=SingleTenant, BOT_MSI_CLIENT_ID, no secret);
 * a client secret or certificate stays possible, one at a time. Where a secret exists, its end date is known.
 */
import { botCredentialKind, loadConfig, redactConfig } from '../src/config';
import { configProblems } from './support/config-problems';

const TENANT = '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d';
const BOT = '11111111-2222-3333-4444-555555555555';
const MI = '7c1e2d3f-4a5b-4c6d-8e7f-901a2b3c4d5e';
const azure = {
  ALLOWED_TENANT_IDS: TENANT,
  ADMIN_USER_IDS: BOT,
  BOT_ID: BOT,
  BOT_TENANT_ID: TENANT,
  BOT_TYPE: 'SingleTenant',
};

describe('the bot credential', () => {
  it('a single-tenant bot app with a managed identity as its federated credential needs no secret', () => {
    const c = loadConfig({ ...azure, BOT_MSI_CLIENT_ID: MI });
    expect(c.bot).toMatchObject({ id: BOT, type: 'SingleTenant', managedIdentityClientId: MI, password: undefined });
    expect(botCredentialKind(c)).toBe('federatedManagedIdentity');
    expect(redactConfig(c).credential).toBe('managed identity (federated credential of the app)');
  });

  it('a secret and a managed identity together are refused: one credential, said plainly', () => {
    expect(configProblems({ ...azure, BOT_MSI_CLIENT_ID: MI, BOT_PASSWORD: 's' }).join('\n')).toContain(
      'BOT_MSI_CLIENT_ID and BOT_PASSWORD are both set',
    );
  });

  it('the federated credential is for a single-tenant bot (as Azure Bot Service supports it)', () => {
    expect(configProblems({ ...azure, BOT_TYPE: 'MultiTenant', BOT_MSI_CLIENT_ID: MI }).join('\n')).toContain(
      'BOT_MSI_CLIENT_ID needs BOT_TYPE=SingleTenant',
    );
  });

  it('no credential at all names every way to give one', () => {
    expect(configProblems(azure).join('\n')).toContain(
      'BOT_MSI_CLIENT_ID (managed identity), BOT_PASSWORD (client secret) or BOT_CERTIFICATE_FILE',
    );
  });

  it("the secret's end date (BOT_PASSWORD_EXPIRES_AT) is read as a date; anything else is named", () => {
    const c = loadConfig({ ...azure, BOT_PASSWORD: 's', BOT_PASSWORD_EXPIRES_AT: '2027-06-02T10:00:00Z' });
    expect(c.bot.passwordExpiresAt?.toISOString()).toBe('2027-06-02T10:00:00.000Z');
    expect(botCredentialKind(c)).toBe('secret');
    expect(
      configProblems({ ...azure, BOT_PASSWORD: 's', BOT_PASSWORD_EXPIRES_AT: 'in six months' }).join('\n'),
    ).toContain('BOT_PASSWORD_EXPIRES_AT must be a date');
  });
});
