/**
 * The doctor against a simulated tenant: the simulator (its tenant a well-formed GUID, as a SingleTenant
 * BOT_TENANT_ID must be), its CA in a file (TRUSTED_CA_FILE, as an operator would set it), a migrated SQLite
 * store, and the runtime variables of a correct Azure-mode deployment pointed at it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator';
import { openStore } from '../../src/store';

export const DOCTOR_TENANT_ID = '4f2d9c1e-6a3b-4d5e-8f70-1a2b3c4d5e6f';
export const ADMIN_ID = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
export const ROOT = path.resolve(__dirname, '../..');

export interface DoctorRig {
  sim: Simulator;
  dir: string;
  caFile: string;
  dataDir: string;
  /** The runtime variables of a healthy deployment against the simulator (azure mode). */
  env(overrides?: Record<string, string | undefined>): Record<string, string | undefined>;
  close(): Promise<void>;
}

export async function startDoctorRig(options: SimulatorOptions = {}): Promise<DoctorRig> {
  const sim = await startSimulator({ tenantId: DOCTOR_TENANT_ID, ...options });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doctor-test-'));
  const caFile = path.join(dir, 'simulator-ca.pem');
  fs.writeFileSync(caFile, sim.ca);
  const dataDir = path.join(dir, 'data');
  const store = await openStore({ dataDir }); // the bot migrates at startup: a deployed store is migrated
  await store.close();
  return {
    sim,
    dir,
    caFile,
    dataDir,
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
      ...overrides,
    }),
    close: async () => {
      await sim.close();
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
    // Not Toolkit names: the runtime variables that point the doctor at the simulator, passed through.
    AUTHORITY_HOST: rig.sim.authorityHost,
    GRAPH_BASE_URL: rig.sim.graphBaseUrl,
    TOKEN_SERVICE_URL: rig.sim.tokenServiceUrl,
    TRUSTED_CA_FILE: rig.caFile,
    ...overrides,
  };
  fs.writeFileSync(path.join(dir, '.env.test'), Object.entries(vars).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, '.env.test.user'), `SECRET_BOT_PASSWORD=${rig.sim.clientSecret}\n`);
}
