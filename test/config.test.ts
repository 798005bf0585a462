import { loadConfig, redactConfig } from '../src/config';
import { configProblems } from './support/config-problems';

const TENANT = '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d';
const ADMIN = '11111111-2222-3333-4444-555555555555';
const base = { ALLOWED_TENANT_IDS: TENANT, ADMIN_USER_IDS: ADMIN };

const problems = configProblems;

describe('loadConfig', () => {
  it('without BOT_ID: local mode, inbound auth off, loopback', () => {
    const c = loadConfig(base);
    expect(c.mode).toBe('local');
    expect(c.bot.inboundAuth).toBe(false);
    expect(c.host).toBe('127.0.0.1');
    expect(c.operations.ttlMinutes).toBe(15);
  });

  it('with BOT_ID: azure mode, inbound auth on, defaults for the public cloud', () => {
    const c = loadConfig({ ...base, BOT_ID: ADMIN, BOT_PASSWORD: 's', BOT_TENANT_ID: TENANT });
    expect(c.mode).toBe('azure');
    expect(c.bot.inboundAuth).toBe(true);
    expect(c.graph.baseUrl).toBe('https://graph.microsoft.com');
    expect(c.entra.authorityHost).toBe('https://login.microsoftonline.com');
  });

  it("inbound auth trusts the real Bot Connector by default; a stand-in's metadata must be https unless on loopback", () => {
    const azure = { ...base, BOT_ID: ADMIN, BOT_PASSWORD: 's', BOT_TENANT_ID: TENANT };
    expect(loadConfig(azure).bot.channelAuth).toEqual({
      openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      issuer: 'https://api.botframework.com',
    });
    const local = loadConfig({
      ...azure,
      BOT_OPENID_METADATA_URL: 'http://127.0.0.1:4000/botframework/v1/.well-known/openidconfiguration',
      BOT_TOKEN_ISSUER: 'https://api.botframework.us',
    });
    expect(local.bot.channelAuth).toEqual({
      openIdMetadataUrl: 'http://127.0.0.1:4000/botframework/v1/.well-known/openidconfiguration',
      issuer: 'https://api.botframework.us',
    });
    const found = problems({
      ...azure,
      BOT_OPENID_METADATA_URL: 'http://bf.example/v1/.well-known/openidconfiguration',
      BOT_TOKEN_ISSUER: 'api.botframework.com',
    }).join('\n');
    expect(found).toContain('BOT_OPENID_METADATA_URL must be an https URL');
    expect(found).toContain('BOT_TOKEN_ISSUER is not a URL');
  });

  it("TOKEN_SERVICE_URL (where the users' tokens travel) must be https unless on loopback, as the other service URLs", () => {
    const azure = { ...base, BOT_ID: ADMIN, BOT_PASSWORD: 's', BOT_TENANT_ID: TENANT };
    expect(loadConfig(azure).bot.tokenServiceUrl).toBeUndefined(); // the adapter's default, the public cloud's
    expect(loadConfig({ ...azure, TOKEN_SERVICE_URL: 'https://apiusgov.botframework.us/' }).bot.tokenServiceUrl).toBe(
      'https://apiusgov.botframework.us',
    );
    expect(loadConfig({ ...azure, TOKEN_SERVICE_URL: 'http://127.0.0.1:56161' }).bot.tokenServiceUrl).toBe(
      'http://127.0.0.1:56161',
    );
    expect(loadConfig({ ...azure, TOKEN_SERVICE_URL: 'http://localhost:56161' }).bot.tokenServiceUrl).toBe(
      'http://localhost:56161',
    );
    expect(problems({ ...azure, TOKEN_SERVICE_URL: 'http://token.example' }).join('\n')).toContain(
      'TOKEN_SERVICE_URL must be an https URL (http only on 127.0.0.1, localhost or ::1)',
    );
    expect(problems({ ...azure, TOKEN_SERVICE_URL: 'ftp://127.0.0.1' }).join('\n')).toContain(
      'TOKEN_SERVICE_URL must be an https URL',
    );
    expect(problems({ ...azure, TOKEN_SERVICE_URL: 'token service' }).join('\n')).toContain(
      'TOKEN_SERVICE_URL is not a URL',
    );
  });

  it('names EVERY problem in one error', () => {
    const found = problems({
      BOT_ID: 'not-a-guid',
      PORT: 'eighty',
      BOT_TYPE: 'Weird',
      GRAPH_BASE_URL: 'http://graph.example',
      ADMIN_USER_IDS: 'bob',
      DATABASE_URL: 'mysql://x',
    });
    const text = found.join('\n');
    for (const name of [
      'BOT_ID',
      'PORT',
      'BOT_TYPE',
      'GRAPH_BASE_URL',
      'ADMIN_USER_IDS',
      'ALLOWED_TENANT_IDS',
      'BOT_PASSWORD',
      'DATABASE_URL',
    ]) {
      expect(text).toContain(name);
    }
    expect(found.length).toBeGreaterThanOrEqual(8);
  });

  it('caches group answers and effective Intune permissions for 5 minutes unless told otherwise', () => {
    expect(loadConfig(base).access).toMatchObject({ groupCacheSeconds: 300, intunePermissionCacheSeconds: 300 });
    expect(loadConfig({ ...base, INTUNE_PERMISSION_CACHE_SECONDS: '60' }).access.intunePermissionCacheSeconds).toBe(60);
    expect(problems({ ...base, INTUNE_PERMISSION_CACHE_SECONDS: 'soon' })).toEqual([
      expect.stringContaining('INTUNE_PERMISSION_CACHE_SECONDS must be a whole number'),
    ]);
  });

  it('INTUNE_CHECK_MODE: advise by default; off, advise or enforce in any case; anything else is one clear error', () => {
    expect(loadConfig(base).access.intuneCheckMode).toBe('advise');
    expect(loadConfig({ ...base, INTUNE_CHECK_MODE: 'off' }).access.intuneCheckMode).toBe('off');
    expect(loadConfig({ ...base, INTUNE_CHECK_MODE: ' Enforce ' }).access.intuneCheckMode).toBe('enforce');
    expect(problems({ ...base, INTUNE_CHECK_MODE: 'strict' })).toEqual([
      'INTUNE_CHECK_MODE must be one of off, advise, enforce (got "strict")',
    ]);
    expect(redactConfig(loadConfig({ ...base, INTUNE_CHECK_MODE: 'off' }))).toMatchObject({ intuneCheckMode: 'off' });
  });

  it('the watch: every 300 s and a 24-hour warning by default; other values within bounds, whole numbers only', () => {
    expect(loadConfig(base).watch).toEqual({ intervalSeconds: 300, expiryWarningHours: 24 });
    expect(loadConfig({ ...base, WATCH_INTERVAL_SECONDS: '60', WATCH_EXPIRY_WARNING_HOURS: '72' }).watch).toEqual({
      intervalSeconds: 60,
      expiryWarningHours: 72,
    });
    expect(problems({ ...base, WATCH_INTERVAL_SECONDS: '0' })).toEqual([
      'WATCH_INTERVAL_SECONDS must be a whole number from 1 to 86400 (got "0")',
    ]);
    expect(problems({ ...base, WATCH_INTERVAL_SECONDS: '2.5', WATCH_EXPIRY_WARNING_HOURS: 'a day' })).toEqual([
      'WATCH_INTERVAL_SECONDS must be a whole number from 1 to 86400 (got "2.5")',
      'WATCH_EXPIRY_WARNING_HOURS must be a whole number from 1 to 720 (got "a day")',
    ]);
  });

  it('denies by default: no tenants or no admins is a startup error', () => {
    expect(problems({})).toEqual(
      expect.arrayContaining([
        expect.stringContaining('ALLOWED_TENANT_IDS'),
        expect.stringContaining('ADMIN_USER_IDS'),
      ]),
    );
  });

  it('refuses INBOUND_AUTH=false unless bound to loopback', () => {
    const azure = { ...base, BOT_ID: ADMIN, BOT_PASSWORD: 's', BOT_TENANT_ID: TENANT, INBOUND_AUTH: 'false' };
    expect(problems({ ...azure, HOST: '0.0.0.0' }).join()).toContain('INBOUND_AUTH');
    expect(loadConfig({ ...azure, HOST: '127.0.0.1' }).bot.inboundAuth).toBe(false);
  });

  it('a certificate file that cannot be read is named', () => {
    expect(problems({ ...base, BOT_CERTIFICATE_FILE: '/nonexistent/bot.pem' }).join()).toContain(
      'BOT_CERTIFICATE_FILE',
    );
  });

  it('accepts the Agents Playground ids (13 digits in the last group)', () => {
    const c = loadConfig({
      ALLOWED_TENANT_IDS: '00000000-0000-0000-0000-0000000000001',
      ADMIN_USER_IDS: '00000000-0000-0000-0000-0000000000020',
    });
    expect(c.access.allowedTenantIds).toEqual(['00000000-0000-0000-0000-0000000000001']);
  });

  it('the startup log view holds no secret', () => {
    const c = loadConfig({
      ...base,
      BOT_ID: ADMIN,
      BOT_PASSWORD: 'super-secret-value',
      BOT_TENANT_ID: TENANT,
      DATABASE_URL: 'postgres://u:pw-secret@db/x',
    });
    const shown = JSON.stringify(redactConfig(c));
    expect(shown).not.toContain('super-secret-value');
    expect(shown).not.toContain('pw-secret');
    expect(shown).toContain('secret'); // says which kind of credential, not its value
  });
});
