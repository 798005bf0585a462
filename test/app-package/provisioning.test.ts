/**
 * teamsapp.yml, teamsapp.local.yml, aad.manifest.json and infra/: the Toolkit actions and their
 * parameters (as the v1.11 yaml schema of the Microsoft 365 Agents Toolkit defines them), the Entra app
 * the bot needs for SSO and Graph, and the runtime settings given to the bot.
 */
import { existsSync } from 'node:fs';
import {
  access,
  at,
  bicepOutputs,
  bicepParams,
  bicepSettingNames,
  bicepSettingValue,
  PROJECT_FILES,
  readJson,
  readProject,
  readText,
  RUNTIME_VARIABLES,
  ToolkitStep,
} from './helpers';

/**
 * The actions used here and their parameters (required keys, then the other allowed keys), transcribed
 * from the v1.11 yaml schema: resource/yaml-schema/v1.11/yaml.schema.json of @microsoft/teamsfx-core 3.1.3
 * (the core of @microsoft/m365agentstoolkit-cli 1.1.17; the same file is
 * OfficeDev/microsoft-365-agents-toolkit packages/fx-core/resource/yaml-schema/v1.11/yaml.schema.json).
 * v1.11 is the first schema with aadApp/create's `generateServicePrincipal` (v1.8 to v1.10 have none), and
 * the version the Toolkit's own bot templates declare (templates/configs/local/typescript/
 * m365agents.local.yml.tpl: `version: v1.11`, aadApp/create with `generateServicePrincipal: true`).
 */
const ACTIONS: Record<
  string,
  { required: string[]; optional: string[]; writes?: { required: string[]; optional: string[] } }
> = {
  'teamsApp/create': {
    required: ['name'],
    optional: [],
    writes: { required: ['teamsAppId'], optional: ['teamsAppTenantId'] },
  },
  'aadApp/create': {
    required: ['name', 'generateClientSecret', 'signInAudience'],
    optional: [
      'generateServicePrincipal',
      'serviceManagementReference',
      'clientSecretExpireDays',
      'clientSecretDescription',
    ],
    writes: {
      required: ['clientId', 'objectId'],
      optional: ['clientSecret', 'tenantId', 'authority', 'authorityHost'],
    },
  },
  'aadApp/update': { required: ['manifestPath', 'outputFilePath'], optional: [] },
  'arm/deploy': { required: ['subscriptionId', 'resourceGroupName', 'templates'], optional: ['bicepCliVersion'] },
  'teamsApp/validateManifest': { required: ['manifestPath'], optional: [] },
  'teamsApp/zipAppPackage': { required: ['manifestPath', 'outputZipPath', 'outputFolder'], optional: [] },
  'teamsApp/validateAppPackage': { required: ['appPackagePath'], optional: [] },
  'teamsApp/update': { required: ['appPackagePath'], optional: [] },
  'teamsApp/publishAppPackage': {
    required: ['appPackagePath'],
    optional: [],
    writes: { required: ['publishedAppId'], optional: [] },
  },
  'cli/runNpmCommand': { required: ['args'], optional: ['workingDirectory'] },
  'azureAppService/zipDeploy': {
    required: ['artifactFolder', 'resourceId'],
    optional: ['workingDirectory', 'ignoreFile', 'dryRun', 'outputZipFile'],
  },
  'file/createOrUpdateEnvironmentFile': { required: ['envs', 'target'], optional: [] },
  script: { required: ['run'], optional: ['workingDirectory', 'shell', 'timeout', 'redirectTo'] },
};

function uses(steps: ToolkitStep[] | undefined): string[] {
  return (steps ?? []).map((s) => s.uses);
}

describe.each(Object.entries(PROJECT_FILES))('%s (%s)', (_env, file) => {
  const project = readProject(file);
  const steps = [...(project.provision ?? []), ...(project.deploy ?? []), ...(project.publish ?? [])];

  it('declares yaml schema v1.11 (Microsoft 365 Agents Toolkit; the first that knows generateServicePrincipal)', () => {
    expect(project.version).toBe('v1.11');
    // The schema URL the Toolkit's v1.11 templates carry (m365agents.local.yml.tpl, line 1).
    expect(readText(file).split('\n')[0]).toBe(
      '# yaml-language-server: $schema=https://aka.ms/m365-agents-toolkits/v1.11/yaml.schema.json',
    );
    expect(Object.keys(project).sort()).toEqual(
      ['deploy', 'environmentFolderPath', 'provision', 'version', ...(project.publish ? ['publish'] : [])].sort(),
    );
  });

  it('uses known actions with the parameters the schema allows', () => {
    const problems: string[] = [];
    for (const step of steps) {
      const spec = ACTIONS[step.uses];
      if (!spec) {
        problems.push(`unknown action ${step.uses}`);
        continue;
      }
      const extra = Object.keys(step).filter(
        (k) => !['uses', 'name', 'env', 'with', 'writeToEnvironmentFile'].includes(k),
      );
      const given = Object.keys(step.with ?? {});
      problems.push(...extra.map((k) => `${step.uses}: unknown key ${k}`));
      problems.push(...spec.required.filter((k) => !given.includes(k)).map((k) => `${step.uses}: missing with.${k}`));
      problems.push(
        ...given
          .filter((k) => ![...spec.required, ...spec.optional].includes(k))
          .map((k) => `${step.uses}: unknown with.${k}`),
      );
      const writes = Object.keys(step.writeToEnvironmentFile ?? {});
      if (spec.writes) {
        problems.push(
          ...spec.writes.required
            .filter((k) => !writes.includes(k))
            .map((k) => `${step.uses}: missing writeToEnvironmentFile.${k}`),
        );
        problems.push(
          ...writes
            .filter((k) => ![...spec.writes!.required, ...spec.writes!.optional].includes(k))
            .map((k) => `${step.uses}: unknown writeToEnvironmentFile.${k}`),
        );
      } else if (writes.length) problems.push(`${step.uses}: writes nothing`);
      for (const [key, variable] of Object.entries(step.writeToEnvironmentFile ?? {})) {
        const pattern = key === 'clientSecret' || key === 'botPassword' ? /^SECRET_[A-Z0-9_]+$/ : /^[A-Z][A-Z0-9_]*$/;
        if (!pattern.test(variable)) problems.push(`${step.uses}: ${key} -> ${variable} is not a valid variable name`);
      }
      if (
        step.uses === 'aadApp/create' &&
        step.with?.generateClientSecret === true &&
        !writes.includes('clientSecret')
      ) {
        problems.push('aadApp/create: generateClientSecret needs writeToEnvironmentFile.clientSecret');
      }
    }
    expect(problems).toEqual([]);
  });

  it('creates one single-tenant Entra app that is both the bot (BOT_ID) and the SSO app, then applies aad.manifest.json', () => {
    const creates = (project.provision ?? []).filter(
      (s) => s.uses === 'aadApp/create' || s.uses === 'botAadApp/create',
    );
    expect(creates).toHaveLength(1);
    expect(creates[0].with).toMatchObject({ generateClientSecret: true, signInAudience: 'AzureADMyOrg' });
    expect(creates[0].writeToEnvironmentFile).toMatchObject({
      clientId: 'BOT_ID',
      clientSecret: 'SECRET_BOT_PASSWORD',
      objectId: 'BOT_OBJECT_ID',
      tenantId: 'BOT_TENANT_ID',
    });
    const order = uses(project.provision);
    expect(order.indexOf('aadApp/update')).toBeGreaterThan(order.indexOf('aadApp/create'));
    expect(order.indexOf('arm/deploy')).toBeGreaterThan(order.indexOf('aadApp/update'));
    expect(project.provision?.find((s) => s.uses === 'aadApp/update')?.with?.manifestPath).toBe('./aad.manifest.json');
  });

  it('creates the service principal of that app, so the single-tenant bot can get its own token before anyone consents', () => {
    // Without a service principal in the tenant, Entra refuses the bot's client-credentials request for
    // the Bot Framework (AADSTS7000229) and the bot cannot reply at all. The v1.11 schema describes the
    // key as "This should be set to true for AAD apps created for single-tenant bot registration", and
    // teamsfx-core 3.1.3's aadApp/create driver (build/component/driver/aad/create.js) creates the app
    // with its service principal when it is set. (It acts only while BOT_ID is empty: docs/deploy.md
    // says what to do for an app created before.)
    const create = (project.provision ?? []).find((s) => s.uses === 'aadApp/create');
    expect(create?.with?.generateServicePrincipal).toBe(true);
    expect(uses(project.provision).indexOf('aadApp/create')).toBeLessThan(
      uses(project.provision).indexOf('arm/deploy'),
    );
  });

  it('validates, zips, validates the zip and updates the Teams app, in that order, into the git-ignored build folder', () => {
    const order = uses(project.provision);
    const i = order.indexOf('teamsApp/validateManifest');
    expect(order.slice(i, i + 4)).toEqual([
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    expect(order.indexOf('teamsApp/create')).toBe(0);
    for (const step of steps) {
      for (const key of ['outputZipPath', 'outputFolder', 'outputFilePath', 'outputZipFile']) {
        const value = step.with?.[key];
        if (typeof value === 'string') expect(value.startsWith('./appPackage/build')).toBe(true);
      }
    }
    expect(readText('.gitignore')).toMatch(/^appPackage\/build\/$/m);
  });

  it('points at files that exist', () => {
    for (const step of steps) {
      for (const key of ['manifestPath', 'ignoreFile'])
        if (step.with?.[key]) expect(existsSync(at(step.with[key]))).toBe(true);
      for (const t of (step.with?.templates ?? []) as { path: string; parameters?: string }[]) {
        expect(existsSync(at(t.path))).toBe(true);
        if (t.parameters) expect(existsSync(at(t.parameters))).toBe(true);
      }
    }
  });
});

describe('teamsapp.yml (cloud)', () => {
  const project = readProject('teamsapp.yml');

  it('deploys a bundle built once: npm ci, npm run bundle, a zip deploy of dist-bundle/ to the App Service that provisioning created', () => {
    expect(project.deploy?.map((s) => [s.uses, s.with?.args ?? null])).toEqual([
      ['cli/runNpmCommand', 'ci --no-audit --no-fund'],
      ['cli/runNpmCommand', 'run bundle'],
      ['azureAppService/zipDeploy', null],
    ]);
    const zipDeploy = project.deploy?.[2];
    expect(zipDeploy?.with?.artifactFolder).toBe('./dist-bundle');
    expect(readJson('package.json').scripts.bundle).toBe('node scripts/bundle.js');
    expect(readText('scripts/bundle.js')).toContain("const DEFAULT_OUT = path.join(ROOT, 'dist-bundle');");
    expect(zipDeploy?.with?.resourceId).toBe('${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}');
    expect(bicepOutputs('infra/azure.bicep')).toContain('BOT_AZURE_APP_SERVICE_RESOURCE_ID');
  });

  it('has the host build nothing: SCM_DO_BUILD_DURING_DEPLOYMENT is false, and the upload keeps dist/ and node_modules', () => {
    expect(bicepSettingValue('infra/azure.bicep', 'SCM_DO_BUILD_DURING_DEPLOYMENT')).toBe("'false'");
    const ignore = readText('infra/.webappignore').split('\n');
    for (const entry of ['.env.*', '.localConfigs', '*.pem']) expect(ignore).toContain(entry);
    for (const kept of ['dist/', 'node_modules/', 'package.json', 'package-lock.json'])
      expect(ignore).not.toContain(kept);
  });

  it("publishes to the organization's app catalog", () => {
    expect(uses(project.publish)).toEqual([
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
      'teamsApp/publishAppPackage',
    ]);
  });
});

describe('teamsapp.local.yml (dev tunnel)', () => {
  const project = readProject('teamsapp.local.yml');

  it('registers the bot at ${{BOT_ENDPOINT}}/api/messages with the SSO connection', () => {
    const arm = project.provision?.find((s) => s.uses === 'arm/deploy');
    expect(arm?.with?.templates[0].path).toBe('./infra/azure.local.bicep');
    expect(readJson('infra/azure.parameters.local.json').parameters.botEndpoint.value).toBe('${{BOT_ENDPOINT}}');
    expect(readText('infra/azure.local.bicep')).toContain("messagingEndpoint: '${botEndpoint}/api/messages'");
    expect(readText('infra/azure.local.bicep')).toContain("module bot './botRegistration/azurebot.bicep'");
  });

  it('writes every runtime variable except DATABASE_URL to .localConfigs', () => {
    const step = project.deploy?.find((s) => s.uses === 'file/createOrUpdateEnvironmentFile');
    expect(step?.with?.target).toBe('./.localConfigs');
    expect(step?.with?.envs.BOT_PASSWORD).toBe('${{SECRET_BOT_PASSWORD}}');
    const script = project.deploy?.find((s) => s.uses === 'script');
    expect(script?.with?.run).toBe('node scripts/access-settings.js --write ./.localConfigs');
    const { settings } = access.accessSettings({
      ALLOWED_TENANT_IDS: 'self',
      ADMIN_USER_IDS: '00000000-0000-4000-8000-00000000000a',
      ADMIN_GROUP_IDS: 'none',
      READER_USER_IDS: 'none',
      READER_GROUP_IDS: 'none',
      APPROVAL_REQUIRED: 'false',
      APPROVAL_TTL_MINUTES: '60',
      APPROVER_USER_IDS: 'none',
      APPROVER_GROUP_IDS: 'none',
      INTUNE_CHECK_MODE: 'advise',
      ADMIN_CONTACT: 'none',
      BOT_TENANT_ID: '00000000-0000-4000-8000-00000000000b',
    });
    const keys = [...Object.keys(step?.with?.envs ?? {}), ...Object.keys(settings)];
    expect(keys.sort()).toEqual(RUNTIME_VARIABLES.filter((v) => v !== 'DATABASE_URL').sort());
    expect(readText('.gitignore')).toMatch(/^\.localConfigs$/m);
  });
});

describe('the access check', () => {
  it.each(Object.entries(PROJECT_FILES))('%s: runs before any Azure resource is deployed', (_env, file) => {
    const order = readProject(file).provision?.map((s) => `${s.uses} ${s.with?.run ?? ''}`.trim()) ?? [];
    expect(order.indexOf('script node scripts/access-settings.js --check')).toBeGreaterThan(-1);
    expect(order.indexOf('script node scripts/access-settings.js --check')).toBeLessThan(order.indexOf('arm/deploy'));
  });
});

describe("aad.manifest.json (the bot's Entra app)", () => {
  const aad = readJson('aad.manifest.json');
  const GRAPH = '00000003-0000-0000-c000-000000000000';

  it('is the app named by BOT_ID / BOT_OBJECT_ID, single tenant, exposing api://botid-BOT_ID', () => {
    expect(aad).toMatchObject({
      id: '${{BOT_OBJECT_ID}}',
      appId: '${{BOT_ID}}',
      signInAudience: 'AzureADMyOrg',
      identifierUris: ['api://botid-${{BOT_ID}}'],
    });
    expect(aad.api.requestedAccessTokenVersion).toBe(2);
  });

  it('has the access_as_user scope, pre-authorized for Teams and the Microsoft 365 / Outlook clients', () => {
    const scopes = aad.api.oauth2PermissionScopes;
    expect(scopes).toHaveLength(1);
    expect(scopes[0]).toMatchObject({
      value: 'access_as_user',
      type: 'User',
      isEnabled: true,
      id: '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}',
    });
    const preAuthorized = aad.api.preAuthorizedApplications as { appId: string; delegatedPermissionIds: string[] }[];
    expect(preAuthorized.map((p) => p.appId)).toEqual(
      expect.arrayContaining([
        '1fec8e78-bce4-4aaf-ab1b-5451cc387264', // Teams desktop and mobile
        '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', // Teams web
        'd3590ed6-52b3-4102-aeff-aad2292ab01c', // Microsoft Office
        '00000002-0000-0ff1-ce00-000000000000', // Office on the web / Outlook on the web
        'bc59ab01-8403-45c6-8796-ac3ef710b3e3', // Outlook on the web
        '0ec893e0-5785-4de6-99da-4ed124e5296c', // Office UWP PWA
        '4765445b-32c6-49b0-83e6-1d93765276ca', // Microsoft 365 on the web
        '4345a7b9-9a63-4910-a426-35363201d503', // Microsoft 365 app
      ]),
    );
    for (const p of preAuthorized)
      expect(p.delegatedPermissionIds).toEqual(['${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}']);
  });

  it('requests the delegated Graph permissions the bot uses, by their ids', () => {
    const graph = aad.requiredResourceAccess.find((r: any) => r.resourceAppId === GRAPH);
    const ids = graph.resourceAccess.map((r: any) => [r.id, r.type]);
    expect(ids).toEqual(
      expect.arrayContaining([
        ['662ed50a-ac44-4eef-ad86-62eed9be2a29', 'Scope'], // DeviceManagementServiceConfig.ReadWrite.All
        ['49f0cc30-024c-4dfd-ab3e-82e137ee5431', 'Scope'], // DeviceManagementRBAC.Read.All (getEffectivePermissions: which buttons to offer)
        ['bc024368-1153-4739-b217-4326f2e966d0', 'Scope'], // GroupMember.Read.All
        ['b340eb25-3456-403f-be2f-af7a0d370277', 'Scope'], // User.ReadBasic.All (checkMemberGroups needs a user permission too)
        ['e1fe6dd8-ba31-4d61-89e7-88639da4683d', 'Scope'], // User.Read
        ['37f7f235-527c-4136-accd-4a02d197296e', 'Scope'], // openid
        ['14dad69e-099b-42c9-810b-d002981feec1', 'Scope'], // profile
        ['7427e0e9-2fba-42fe-b0c0-848c9e6a8182', 'Scope'], // offline_access
        // DelegatedAdminRelationship.Read.All (delegated): `customers` reads the partner's GDAP relationships
        // (https://learn.microsoft.com/graph/permissions-reference#delegatedadminrelationshipreadall).
        ['0c0064ea-477b-4130-82a5-4c2cc4ff68aa', 'Scope'],
      ]),
    );
    expect(ids.filter(([, type]: [string, string]) => type === 'Scope')).toHaveLength(9);
  });

  it('asks one application permission, read-only: the watch and the sweeper read the partners with no user present', () => {
    // DeviceManagementServiceConfig.Read.All (application), listed for GET remoteAssistancePartner
    // (https://learn.microsoft.com/graph/api/intune-remoteassistance-remoteassistancepartner-get). Nothing the app
    // could act with on its own: every change still goes through an admin's delegated token.
    const graph = aad.requiredResourceAccess.find((r: any) => r.resourceAppId === GRAPH);
    // Microsoft Graph permissions reference (https://learn.microsoft.com/graph/permissions-reference): the
    // application permission DeviceManagementServiceConfig.Read.All is 06a5fe6d-c49d-46a7-b082-56b1b14103c7;
    // the list and get pages of remoteAssistancePartner (beta) name it under "Application".
    expect(graph.resourceAccess.filter((r: any) => r.type === 'Role')).toEqual([
      { id: '06a5fe6d-c49d-46a7-b082-56b1b14103c7', type: 'Role' },
    ]);
  });

  it('redirects to the Bot Framework token service', () => {
    expect(aad.web.redirectUris).toEqual(['https://token.botframework.com/.auth/web/redirect']);
  });
});

describe('infra/', () => {
  const bicep = readText('infra/azure.bicep');
  const botRegistration = readText('infra/botRegistration/azurebot.bicep');

  it('gives the web app an app setting for every runtime variable', () => {
    expect(bicepSettingNames('infra/azure.bicep')).toEqual(expect.arrayContaining([...RUNTIME_VARIABLES]));
  });

  it('carries every access, approval and Intune check setting from env/.env.dev through azure.parameters.json to its app setting', () => {
    const parameters = readJson('infra/azure.parameters.json').parameters as Record<string, { value: string }>;
    const params = bicepParams('infra/azure.bicep');
    const problems: string[] = [];
    for (const name of [...access.LISTS, ...access.APPROVAL, ...access.INTUNE, 'ADMIN_CONTACT']) {
      const param = Object.keys(parameters).find((p) => parameters[p].value === `\${{${name}}}`);
      if (!param) {
        problems.push(`${name}: no parameter in azure.parameters.json`);
        continue;
      }
      // Given a default (as the env file's committed value) so that a deployment without it still starts.
      if (params.get(param)?.type !== 'string' || !params.get(param)?.hasDefault)
        problems.push(`${name}: param ${param} is not a string with a default`);
      const value = bicepSettingValue('infra/azure.bicep', name);
      // Either the parameter as given, or the variable that maps its words ("none", "self") first.
      const mapped = value && new RegExp(`^var ${value} = .*\\b${param}\\b`, 'm').test(bicep);
      if (value !== param && !mapped)
        problems.push(`${name}: app setting is ${value ?? 'missing'}, not from param ${param}`);
    }
    expect(problems).toEqual([]);
    expect(bicepSettingValue('infra/azure.bicep', 'APPROVAL_REQUIRED')).toBe('approvalRequired');
    expect(bicepSettingValue('infra/azure.bicep', 'APPROVER_GROUP_IDS')).toBe('approverGroups');
    expect(bicepSettingValue('infra/azure.bicep', 'INTUNE_CHECK_MODE')).toBe('intuneCheckMode');
  });

  it('hosts on App Service for Linux, Node 22 LTS (Node 20 is end of life since 2026-04-30), starting the built bot', () => {
    expect(bicep).toContain("linuxFxVersion: 'NODE|22-lts'");
    expect(bicep).not.toMatch(/NODE\|20/);
    // package.json allows the deployed Node 22 LTS, and Node 20 for development (.ci/run tests both).
    expect(readJson('package.json').engines).toEqual({ node: '>=20.11 <21 || >=22.11 <23' });
    expect(bicep).toContain("appCommandLine: 'node dist/index.js'");
    expect(bicep).toMatch(/kind: 'app,linux'/);
    expect(bicep).toMatch(/reserved: true/);
    expect(bicep).toContain('httpsOnly: true');
  });

  it('provisions PostgreSQL Flexible Server as the store: the smallest burstable tier, TLS required, DATABASE_URL always set', () => {
    // App Service's /home is an SMB share where SQLite fails: the cloud store is PostgreSQL, unconditionally.
    expect(bicep).toMatch(/^resource postgres 'Microsoft\.DBforPostgreSQL\/flexibleServers@[\d-]+' = \{$/m);
    expect(bicep).not.toMatch(/= if \(/);
    expect(bicep).toContain("param postgresSkuName string = 'Standard_B1ms'");
    expect(bicep).toContain("param postgresSkuTier string = 'Burstable'");
    expect(bicep).toMatch(/sku: \{\s+name: postgresSkuName\s+tier: postgresSkuTier\s+\}/);
    // The server refuses plain-text connections...
    expect(bicep).toMatch(
      /resource postgresTls 'Microsoft\.DBforPostgreSQL\/flexibleServers\/configurations@[\d-]+' = \{\s+parent: postgres\s+name: 'require_secure_transport'\s+properties: \{\s+value: 'on'/,
    );
    // ...and the client asks for TLS with the certificate verified (test/store/postgres-tls.test.ts shows what pg does with it).
    const url = /^var databaseUrl = '(.*)'$/m.exec(bicep)?.[1];
    expect(url).toBe(
      'postgresql://${uriComponent(postgresAdminLogin)}:${uriComponent(postgresAdminPassword)}@${postgresHost}:5432/${databaseName}?sslmode=verify-full',
    );
    expect(bicep).toContain("var postgresHost = '${postgresServerName}.postgres.database.azure.com'");
    expect(bicep).toMatch(/var databaseSettings = \[\s+\{\s+name: 'DATABASE_URL'\s+value: databaseUrl\s+\}\s+\]/);
    expect(bicep).toMatch(/appSettings: concat\(runtimeSettings, credentialSettings, databaseSettings(, \w+)*\)/);
    // The admin password is generated in Azure at each deployment, never kept on the deploying machine or in the repo.
    expect(bicep).toContain('param postgresAdminPassword string = newGuid()');
    expect(bicep).toMatch(/@secure\(\)\nparam postgresAdminPassword/);
    expect(readJson('infra/azure.parameters.json').parameters.postgresAdminPassword).toBeUndefined();
    expect(readText('env/.env.dev')).not.toMatch(/^POSTGRES\w*PASSWORD/m); // (BOT_PASSWORD_EXPIRES_AT is a date, empty in the repository)
  });

  it('leaves SQLite to local runs: no database in the dev-tunnel template, no DATABASE_URL in .localConfigs', () => {
    expect(readText('infra/azure.local.bicep')).not.toMatch(/DBforPostgreSQL|DATABASE_URL/);
  });

  it('registers the Azure Bot, single tenant, with the Teams channel and an Aadv2 OAuth connection for SSO', () => {
    expect(botRegistration).toContain("resource botService 'Microsoft.BotService/botServices@");
    expect(botRegistration).toContain("channelName: 'MsTeamsChannel'");
    expect(botRegistration).toContain("resource ssoConnection 'Microsoft.BotService/botServices/connections@");
    expect(botRegistration).toContain("serviceProviderDisplayName: 'Azure Active Directory v2'");
    expect(botRegistration).toContain("serviceProviderId: '30dd229c-58e3-4a48-bdfd-91ec48eb906c'");
    expect(botRegistration).toContain("scopes: 'api://botid-${botAadAppClientId}/access_as_user'");
    expect(botRegistration).toMatch(/key: 'tokenExchangeUrl'\s+value: 'api:\/\/botid-\$\{botAadAppClientId\}'/);
    expect(botRegistration).toContain("param botType string = 'SingleTenant'");
    expect(bicep).toContain("messagingEndpoint: 'https://${webApp.properties.defaultHostName}/api/messages'");
  });

  it('outputs what the manifest, deploy and the operator need: BOT_DOMAIN, BOT_ENDPOINT, the App Service id, the connection name, the managed identity, the workspace', () => {
    expect(bicepOutputs('infra/azure.bicep').sort()).toEqual([
      'BOT_AZURE_APP_SERVICE_RESOURCE_ID',
      'BOT_DOMAIN',
      'BOT_ENDPOINT',
      'BOT_MSI_CLIENT_ID',
      'BOT_MSI_PRINCIPAL_ID',
      'LOG_ANALYTICS_WORKSPACE_ID',
      'OAUTH_CONNECTION_NAME',
    ]);
    expect(bicepOutputs('infra/azure.local.bicep')).toEqual(['OAUTH_CONNECTION_NAME']);
  });
});

describe('docs/deploy.md', () => {
  const doc = readText('docs/deploy.md');

  it('documents every runtime variable and the Toolkit commands', () => {
    for (const v of RUNTIME_VARIABLES) expect(doc).toContain(`\`${v}\``);
    for (const c of [
      'teamsapp provision --env dev',
      'teamsapp deploy --env dev',
      'teamsapp publish --env dev',
      'teamsapp provision --env local',
      'npm run package',
    ]) {
      expect(doc).toContain(c);
    }
  });

  it('names the permission, the admin consent URL and the Intune role permission', () => {
    expect(doc).toContain('DeviceManagementServiceConfig.ReadWrite.All');
    expect(doc).toContain('DeviceManagementRBAC.Read.All');
    expect(doc).toContain('https://login.microsoftonline.com/{tenant-id}/adminconsent?client_id={BOT_ID}');
    expect(doc).toContain('Remote assistance connectors');
    expect(doc).toContain('Intune Administrator');
  });
});
