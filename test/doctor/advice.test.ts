/**
 * The doctor's small parts without a tenant: Entra's refusals as Microsoft documents them -> advice, the
 * masking of secrets in printed lines, the command line, and the application permissions an app
 * registration asks for.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../src/config';
import { loadConfig } from '../../src/config';
import { askedAppPermissions, rolesOf } from '../../src/doctor/app-permissions';
import { adviseEntra, entraSaid } from '../../src/doctor/entra-advice';
import { parseDoctorArgs } from '../../src/doctor/main';
import { formatReport, scrub } from '../../src/doctor/report';
import { ROOT } from './helpers';

const APP = '00001111-aaaa-2222-bbbb-3333cccc4444';
const TENANT = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';

const config: Config = loadConfig({
  BOT_ID: APP,
  BOT_PASSWORD: 'x',
  BOT_TENANT_ID: TENANT,
  ALLOWED_TENANT_IDS: TENANT,
  ADMIN_USER_IDS: TENANT,
});

/** As @azure/identity 4.13.1 hands MSAL's error over: "<error>: Error(s): <codes> - ... Description: <error_description> - ...". */
const msal = (error: string, code: number, description: string) =>
  new Error(
    `${error}: Error(s): ${code} - Timestamp: 2025-09-18 01:17:37Z - Description: ${description} - Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd - Trace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333`,
  );

describe('Entra refusals -> what to do', () => {
  test("AADSTS7000229, no service principal (the Teams SDK troubleshooting page's example): provision with generateServicePrincipal", () => {
    // Source: https://microsoft.github.io/teams-sdk/teams/app-authentication/troubleshooting ("Missing Service Principal in the Tenant").
    const description = `AADSTS7000229: The client application ${APP} is missing service principal in the tenant ${TENANT}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119 Trace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333 Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd Timestamp: 2025-09-18 01:17:37Z`;
    const refusal = adviseEntra(msal('invalid_client', 7000229, description), config, TENANT);
    expect(refusal.kind).toBe('entra.noServicePrincipal');
    expect(refusal.said).toBe(
      `AADSTS7000229: The client application ${APP} is missing service principal in the tenant ${TENANT}.`,
    );
    expect(refusal.advice).toContain('generateServicePrincipal: true');
    expect(refusal.advice).toContain(`az ad sp create --id ${APP}`);
  });

  test('AADSTS7000222, an expired secret: make a new one', () => {
    // Source: https://learn.microsoft.com/azure/developer/java/sdk/troubleshooting-authentication-service-principal
    const refusal = adviseEntra(
      msal(
        'invalid_client',
        7000222,
        `AADSTS7000222: The provided client secret keys for app '${APP}' are expired. Visit the Azure portal to create new keys for your app.`,
      ),
      config,
      TENANT,
    );
    expect(refusal).toMatchObject({
      kind: 'entra.expiredSecret',
      said: `AADSTS7000222: The provided client secret keys for app '${APP}' are expired.`,
    });
    expect(refusal.advice).toMatch(
      /^the client secret has expired: add a new one in Entra admin center > App registrations > .* > Certificates & secrets/,
    );
  });

  test('a certificate Entra refuses (AADSTS700027), a network failure, and an unknown code', () => {
    expect(
      adviseEntra(
        msal('invalid_client', 700027, 'AADSTS700027: Client assertion contains an invalid signature.'),
        config,
        TENANT,
      ).kind,
    ).toBe('entra.badCertificate');
    expect(adviseEntra(new Error('network_error: Network request failed'), config, TENANT)).toMatchObject({
      kind: 'entra.unreachable',
    });
    const other = adviseEntra(
      msal('invalid_request', 90014, 'AADSTS90014: The required field is missing.'),
      config,
      TENANT,
    );
    expect(other).toMatchObject({ kind: 'entra.refused', said: 'AADSTS90014: The required field is missing.' });
    expect(other.advice).toContain('https://login.microsoftonline.com/error?code=90014');
  });

  test('what Entra said is cut before the trace ids', () => {
    expect(
      entraSaid(
        "unauthorized_client: Description: AADSTS700016: Application with identifier 'x' was not found in the directory 'y'. This can happen if ... Trace ID: 1",
      ),
    ).toBe("AADSTS700016: Application with identifier 'x' was not found in the directory 'y'.");
  });
});

describe('printed lines never carry a secret', () => {
  test('configured secrets, JWTs, Bearer values and URL passwords are masked', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwcyJ9.c2lnbmF0dXJl';
    expect(scrub(`secret Q8~abc and ${jwt} and Bearer abc.def and postgres://bot:pw%40x@db:5432/bot`, ['Q8~abc'])).toBe(
      'secret *** and [jwt] and Bearer *** and postgres://bot:***@db:5432/bot',
    );
    const lines = formatReport(
      [{ id: 'entra', status: 'fail', kind: 'entra.refused', text: 'got Q8~abc', advice: 'rotate' }],
      ['Q8~abc'],
    );
    expect(lines).toEqual([
      '✘ entra: got *** -> rotate',
      'doctor: 0 passed, 1 failed, 0 skipped: fix the ✘ lines above, then run the doctor again',
    ]);
  });
});

describe('the command line', () => {
  test('--env, --env-dir, --app-dir, --timeout; anything else is refused with the usage', () => {
    expect(parseDoctorArgs([])).toEqual({});
    expect(parseDoctorArgs(['--env', 'dev', '--timeout=5', '--env-dir', 'some/env'])).toEqual({
      envName: 'dev',
      timeoutMs: 5000,
      envDir: path.resolve('some/env'),
    });
    expect(() => parseDoctorArgs(['--env'])).toThrow('--env needs a value');
    expect(() => parseDoctorArgs(['--timeout', '0'])).toThrow('--timeout must be a number of seconds from 1 to 600');
    expect(() => parseDoctorArgs(['dev'])).toThrow('Unknown argument "dev". Usage: npm run doctor [-- --env <name>]');
  });
});

describe('application permissions asked by the app registration', () => {
  test("every application permission the repository's aad.manifest.json asks is one the doctor can name and check (the watch's)", () => {
    const asked = askedAppPermissions(ROOT);
    expect(asked.file).toBe(path.join(ROOT, 'aad.manifest.json'));
    expect(asked.names).toEqual(['DeviceManagementServiceConfig.Read.All']);
    expect(asked.unnamed).toEqual([]);
  });

  test('Role entries by id or by name, Graph only; an id the doctor cannot name is reported as such', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-aad-'));
    try {
      const manifest = {
        requiredResourceAccess: [
          {
            resourceAppId: '00000003-0000-0000-c000-000000000000',
            resourceAccess: [
              { id: '06a5fe6d-c49d-46a7-b082-56b1b14103c7', type: 'Role' },
              { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
              { id: 'abababab-0000-4000-8000-000000000000', type: 'Role' },
            ],
          },
          {
            resourceAppId: 'Microsoft Graph',
            resourceAccess: [{ id: 'DeviceManagementServiceConfig.ReadWrite.All', type: 'Role' }],
          },
          { resourceAppId: '${{BOT_ID}}', resourceAccess: [{ id: 'Something.Else', type: 'Role' }] },
        ],
      };
      fs.writeFileSync(path.join(dir, 'aad.manifest.json'), JSON.stringify(manifest));
      expect(askedAppPermissions(dir)).toEqual({
        file: path.join(dir, 'aad.manifest.json'),
        names: ['DeviceManagementServiceConfig.Read.All', 'DeviceManagementServiceConfig.ReadWrite.All'],
        unnamed: ['abababab-0000-4000-8000-000000000000'],
      });
      expect(askedAppPermissions(path.join(dir, 'missing'))).toEqual({ names: [], unnamed: [] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('roles are read from an access token; no roles claim is none; not a JWT is unreadable', () => {
    const token = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
    expect(rolesOf(token({ roles: ['A.Read.All'] }))).toEqual(['A.Read.All']);
    expect(rolesOf(token({ aud: 'x' }))).toEqual([]);
    expect(rolesOf('opaque')).toBeUndefined();
  });
});
