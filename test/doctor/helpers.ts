/**
 * The doctor against a simulated tenant: the simulator (its tenant a well-formed GUID, as a SingleTenant
 * BOT_TENANT_ID must be), its CA in a file (TRUSTED_CA_FILE, as an operator would set it), a migrated SQLite
 * store, and the runtime variables of a correct Azure-mode deployment pointed at it.
 */
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator';
import { openStore } from '../../src/store';
import { buildInfo } from '../../src/doctor/run';
import { generate } from 'selfsigned';

export const DOCTOR_TENANT_ID = '4f2d9c1e-6a3b-4d5e-8f70-1a2b3c4d5e6f';
export const ADMIN_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
export const ROOT = path.resolve(__dirname, '../..');

export interface DoctorRig {
  sim: Simulator;
  dir: string;
  caFile: string;
  dataDir: string;
  /** The App Service stand-in (HTTPS, its certificate in caFile): /healthz and /readyz as the deployed bot answers them. */
  deployed: DeployedBot;
  /** The runtime variables of a healthy deployment against the simulator (azure mode). */
  env(overrides?: Record<string, string | undefined>): Record<string, string | undefined>;
  close(): Promise<void>;
}

export interface DeployedBot {
  /** https://127.0.0.1:<port>: what BOT_ENDPOINT names after provisioning. */
  url: string;
  /** What it answers; by default 200 with this build's version and commit, as the bot reports them. */
  answer: { healthz: number; readyz: number; body: Record<string, unknown> };
  requests: string[];
  close(): Promise<void>;
}

export async function startDeployedBot(caFile: string): Promise<DeployedBot> {
  // Its own subject (not the simulator's), so that the two trusted certificates are told apart.
  const pems = await generate([{ name: 'commonName', value: 'app-service-stand-in.localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const tls = { key: pems.private, cert: pems.cert };
  fs.appendFileSync(caFile, `\n${tls.cert}\n`); // trusted as the App Service's public certificate is
  const build = buildInfo(ROOT);
  const requests: string[] = [];
  const answer = {
    healthz: 200,
    readyz: 200,
    body: { status: 'ok', version: build.version, commit: build.commit ?? '' } as Record<string, unknown>,
  };
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const status = req.url === '/healthz' ? answer.healthz : req.url === '/readyz' ? answer.readyz : 404;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/healthz' ? answer.body : { status: status === 200 ? 'ready' : 'not ready' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answer,
    requests,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

export async function startDoctorRig(options: SimulatorOptions = {}): Promise<DoctorRig> {
  const sim = await startSimulator({ tenantId: DOCTOR_TENANT_ID, ...options });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-test-'));
  const caFile = path.join(dir, 'simulator-ca.pem');
  fs.writeFileSync(caFile, sim.ca);
  const dataDir = path.join(dir, 'data');
  const store = await openStore({ dataDir }); // the bot migrates at startup: a deployed store is migrated
  await store.close();
  const deployed = await startDeployedBot(caFile);
  return {
    sim,
    dir,
    caFile,
    dataDir,
    deployed,
    env: (overrides = {}) => ({
      BOT_ID: sim.botId,
      BOT_PASSWORD: sim.clientSecret,
      BOT_TENANT_ID: sim.tenantId,
      BOT_TYPE: 'SingleTenant',
      OAUTH_CONNECTION_NAME: 'graph',
      AUTHORITY_HOST: sim.authorityHost,
      GRAPH_BASE_URL: sim.graphBaseUrl,
      TOKEN_SERVICE_URL: sim.tokenServiceUrl,
      TRUSTED_CA_FILE: caFile,
      ALLOWED_TENANT_IDS: sim.tenantId,
      ADMIN_USER_IDS: ADMIN_ID,
      DATA_DIR: dataDir,
      // As provisioning writes it (scripts/secret-expiry.js): a healthy deployment's secret has months left.
      BOT_PASSWORD_EXPIRES_AT: new Date(Date.now() + 150 * 24 * 3600_000).toISOString(),
      ...overrides,
    }),
    close: async () => {
      await Promise.all([sim.close(), deployed.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The line of one check in the printed report. */
export function lineOf(lines: string[], id: string): string {
  const line = lines.find((l) => new RegExp(`^. ${id}: `).test(l));
  if (!line) throw new Error(`no line for ${id} in:\n${lines.join('\n')}`);
  return line;
}

export const TEAMS_APP_ID = '2d3e4f50-6a7b-4c8d-9e0f-a1b2c3d4e5f6';
export const DOMAIN = 'intune-remote-assist-dev.azurewebsites.net';

/** env/.env.test as provisioning leaves it, plus the runtime overrides that point at the simulator. */
export function writeToolkitEnv(rig: DoctorRig, dir: string, overrides: Record<string, string> = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  const vars: Record<string, string> = {
    TEAMSFX_ENV: 'test',
    APP_NAME_SUFFIX: '',
    ALLOWED_TENANT_IDS: 'self',
    ADMIN_USER_IDS: ADMIN_ID,
    ADMIN_GROUP_IDS: 'none',
    READER_USER_IDS: 'none',
    READER_GROUP_IDS: 'none',
    APPROVAL_REQUIRED: 'false',
    APPROVAL_TTL_MINUTES: '60',
    APPROVER_USER_IDS: 'none',
    APPROVER_GROUP_IDS: 'none',
    INTUNE_CHECK_MODE: 'advise',
    ADMIN_CONTACT: 'none',
    APP_DEVELOPER_NAME: 'Contoso IT',
    APP_WEBSITE_URL: 'https://www.example.com/intune-remote-assist',
    APP_PRIVACY_URL: 'https://www.example.com/privacy',
    APP_TERMS_URL: 'https://www.example.com/terms',
    TEAMS_APP_ID,
    BOT_ID: rig.sim.botId,
    BOT_TENANT_ID: rig.sim.tenantId,
    BOT_DOMAIN: DOMAIN,
    BOT_ENDPOINT: `https://${DOMAIN}`,
    OAUTH_CONNECTION_NAME: 'graph',
    // Written at provisioning by scripts/secret-expiry.js (aadApp/create's 180 days).
    BOT_PASSWORD_EXPIRES_AT: new Date(Date.now() + 170 * 24 * 3600_000).toISOString(),
    // Not Toolkit names: the runtime variables that point the doctor at the simulator, passed through.
    AUTHORITY_HOST: rig.sim.authorityHost,
    GRAPH_BASE_URL: rig.sim.graphBaseUrl,
    TOKEN_SERVICE_URL: rig.sim.tokenServiceUrl,
    TRUSTED_CA_FILE: rig.caFile,
    ...overrides,
  };
  fs.writeFileSync(
    path.join(dir, '.env.test'),
    Object.entries(vars)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  fs.writeFileSync(path.join(dir, '.env.test.user'), `SECRET_BOT_PASSWORD=${rig.sim.clientSecret}\n`);
}
