/**
 * The doctor with the bot's other credential kinds: a certificate (the simulated Entra checks the signed
 * assertion against the registered certificate), and a user-assigned managed identity, which only its Azure
 * host can use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';
import { runDoctor } from '../../src/doctor/run';
import { ROOT, lineOf, startDoctorRig, type DoctorRig } from './helpers';

describe('doctor: certificate and managed identity', () => {
  let rig: DoctorRig;
  let certFile: string;
  let otherCertFile: string;
  beforeAll(async () => {
    const [registered, other] = await Promise.all([
      generate([{ name: 'commonName', value: 'bot-cert' }], { keySize: 2048, algorithm: 'sha256' }),
      generate([{ name: 'commonName', value: 'not-registered' }], { keySize: 2048, algorithm: 'sha256' }),
    ]);
    rig = await startDoctorRig({ certificatePem: registered.cert });
    certFile = path.join(rig.dir, 'bot.pem');
    otherCertFile = path.join(rig.dir, 'other.pem');
    fs.writeFileSync(certFile, `${registered.cert}${registered.private}`); // certificate first, then the key
    fs.writeFileSync(otherCertFile, `${other.private}${other.cert}`);
  });
  afterAll(() => rig?.close());

  test('a registered certificate: Entra accepts it, the token service and Graph answer, exit 0', async () => {
    const report = await runDoctor({
      processEnv: rig.env({ BOT_PASSWORD: '', BOT_CERTIFICATE_FILE: certFile }),
      root: ROOT,
    });
    expect(lineOf(report.lines, 'config')).toBe(
      '✔ config: valid (azure mode, SingleTenant, certificate, SQLite; from the process environment)',
    );
    expect(lineOf(report.lines, 'entra')).toMatch(
      new RegExp(`^✔ entra: app ${rig.sim.botId} and its certificate accepted by Entra`),
    );
    expect(lineOf(report.lines, 'token-service')).toMatch(/^✔ token-service: /);
    expect(lineOf(report.lines, 'graph')).toMatch(/^✔ graph: /);
    expect(report.exitCode).toBe(0);
    expect(report.lines.join('\n')).not.toContain('PRIVATE KEY');
  });

  test('a certificate Entra does not know: AADSTS700027 and where to upload it', async () => {
    const report = await runDoctor({
      processEnv: rig.env({ BOT_PASSWORD: '', BOT_CERTIFICATE_FILE: otherCertFile }),
      root: ROOT,
    });
    expect(report.exitCode).toBe(1);
    expect(lineOf(report.lines, 'entra')).toMatch(
      /^✘ entra: Entra refused app .*: AADSTS700027: Client assertion failed signature validation .* -> Entra refused the certificate assertion: upload the certificate's public part to Entra admin center > App registrations > .* > Certificates & secrets/,
    );
  });

  test('a user-assigned managed identity off its Azure host: the Entra and token-service lines say where to run the doctor', async () => {
    const env = rig.env({
      BOT_TYPE: 'UserAssignedMsi',
      BOT_MSI_CLIENT_ID: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      BOT_PASSWORD: '',
      IDENTITY_ENDPOINT: '',
      MSI_ENDPOINT: '',
    });
    const report = await runDoctor({ processEnv: env, root: ROOT });
    expect(lineOf(report.lines, 'entra')).toBe(
      '○ entra: skipped: a managed identity answers only on its Azure host; run the doctor on the App Service (SSH: node dist/doctor/main.js)',
    );
    expect(lineOf(report.lines, 'token-service')).toMatch(
      /^○ token-service: skipped: the bot has no Bot Framework token to ask with \(a managed identity answers only on its Azure host/,
    );
    expect(lineOf(report.lines, 'graph')).toMatch(
      /^✔ graph: reachable .*app-only token in .* not tried \(a managed identity answers only on its Azure host\)/,
    );
    expect(report.exitCode).toBe(0);
  });
});
