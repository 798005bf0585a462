/**
 * The bot configured as in Azure - from environment variables, through loadConfig - but with the simulator
 * standing in for every Microsoft service: Entra (AUTHORITY_HOST, trusted through TRUSTED_CA_FILE), Graph, the
 * token service and the Bot Framework channel issuer (BOT_OPENID_METADATA_URL). Inbound auth is on.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_ADMIN_GROUP_ID,
  DEFAULT_TENANT_ID,
  defaultUsers,
  type SimUser,
  type Simulator,
} from '../../src/simulator';

/** A single-tenant bot needs a GUID tenant (BOT_TENANT_ID); the Agents Playground's tenant id is not one. */
export const AUTH_TENANT_ID = 'c0ffee00-1234-4abc-8def-0123456789ab';

/** The users of the default tenant, moved to `tenantId` (users of other tenants stay where they are). */
export function inTenant(users: SimUser[], tenantId: string): SimUser[] {
  return users.map((u) => (u.tenantId === DEFAULT_TENANT_ID ? { ...u, tenantId } : u));
}

/** The environment of an Azure deployment pointed at `sim`; the CA file is written into `dir`. */
export function azureModeEnv(sim: Simulator, dir: string): Record<string, string> {
  const caFile = join(dir, 'simulator-ca.pem');
  writeFileSync(caFile, sim.ca);
  return {
    BOT_ID: sim.botId,
    BOT_TYPE: 'SingleTenant',
    BOT_TENANT_ID: sim.tenantId,
    BOT_PASSWORD: sim.clientSecret,
    INBOUND_AUTH: 'true',
    BOT_OPENID_METADATA_URL: sim.botFramework.openIdMetadataUrl,
    AUTHORITY_HOST: sim.authorityHost,
    GRAPH_BASE_URL: sim.graphBaseUrl,
    TOKEN_SERVICE_URL: sim.tokenServiceUrl,
    TRUSTED_CA_FILE: caFile,
    ALLOWED_TENANT_IDS: sim.tenantId,
    ADMIN_USER_IDS: defaultUsers()[0].aadObjectId,
    ADMIN_GROUP_IDS: DEFAULT_ADMIN_GROUP_ID,
    ADMIN_CONTACT: 'the Intune team',
  };
}
