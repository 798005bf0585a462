/**
 * The Microsoft Graph application permissions (app roles) the app registration asks for, read from
 * aad.manifest.json (`requiredResourceAccess`, type "Role"): what an app-only token must carry as `roles`
 * once an admin has consented. The Toolkit accepts a permission's name or its id; ids are named here for
 * the permissions this bot could ask (Microsoft Graph permissions reference,
 * https://learn.microsoft.com/graph/permissions-reference: DeviceManagementServiceConfig.Read.All application
 * permission 06a5fe6d-c49d-46a7-b082-56b1b14103c7, DeviceManagementServiceConfig.ReadWrite.All
 * 5ac13192-7ace-4fcf-b828-1a26f28068ee). Another id is reported as such, not guessed.
 */
import fs from 'node:fs';
import path from 'node:path';

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

const KNOWN_APP_ROLES: Record<string, string> = {
  '06a5fe6d-c49d-46a7-b082-56b1b14103c7': 'DeviceManagementServiceConfig.Read.All',
  '5ac13192-7ace-4fcf-b828-1a26f28068ee': 'DeviceManagementServiceConfig.ReadWrite.All',
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AskedAppPermissions {
  /** Where they were read from; undefined when aad.manifest.json is not here (e.g. on App Service). */
  file?: string;
  /** Names of the application permissions asked. */
  names: string[];
  /** Role ids the doctor cannot name. */
  unnamed: string[];
}

interface ResourceAccess {
  resourceAppId?: unknown;
  resourceAccess?: { id?: unknown; type?: unknown }[];
}

export function askedAppPermissions(root: string): AskedAppPermissions {
  const file = path.join(root, 'aad.manifest.json');
  let manifest: { requiredResourceAccess?: ResourceAccess[] };
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof manifest;
  } catch {
    return { names: [], unnamed: [] };
  }
  const names: string[] = [];
  const unnamed: string[] = [];
  for (const resource of manifest.requiredResourceAccess ?? []) {
    const app = String(resource.resourceAppId ?? '');
    if (app.toLowerCase() !== GRAPH_APP_ID && app !== 'Microsoft Graph') continue;
    for (const access of resource.resourceAccess ?? []) {
      if (access.type !== 'Role' || typeof access.id !== 'string') continue;
      const name = KNOWN_APP_ROLES[access.id.toLowerCase()] ?? (GUID.test(access.id) ? undefined : access.id);
      if (name) names.push(name);
      else unnamed.push(access.id);
    }
  }
  return { file, names, unnamed };
}

/** The `roles` claim of an access token, without verifying it (it came straight from Entra over TLS). */
export function rolesOf(accessToken: string): string[] | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { roles?: unknown };
    return Array.isArray(claims.roles) ? claims.roles.map(String) : [];
  } catch {
    return undefined;
  }
}
