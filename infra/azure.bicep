// `teamsapp provision --env dev`: everything the bot needs in Azure.
//   - App Service plan (Linux) + web app on Node 22 LTS, with an app setting for every runtime variable
//   - the Azure Bot registration: Teams channel and the SSO OAuth connection (botRegistration/)
//   - PostgreSQL Flexible Server (Burstable B1ms, TLS only) for the operations store: App Service's /home
//     is an SMB share where SQLite fails or locks, so the bot refuses SQLite there (src/store)
//   - monitoring (monitoring.bicep, monitoring-site.bicep): Log Analytics, Application Insights, the web app's
//     logs, availability tests and alerts (docs/operations.md)
// Names derive from the environment and a suffix that is unique per resource group.

@description('TEAMSFX_ENV')
param environmentName string

@description('Short lowercase suffix for resource names, or \'auto\' (derived from the subscription and resource group).')
param resourceSuffix string = 'auto'

param location string = resourceGroup().location

@description('App Service plan SKU, e.g. B1, S1, P0v3 (F1 has no Always On).')
param webAppSku string = 'B1'

@description('The bot\'s Microsoft Entra app (client) id: BOT_ID. The same app is the SSO app.')
param botAadAppClientId string

@secure()
@description('Its client secret: SECRET_BOT_PASSWORD. Held by the OAuth connection; by the bot only with botCredential = secret.')
param botAadAppClientSecret string

// How the bot proves who it is (docs/deploy.md, "No expiring secret"): managedIdentity (default) = a user-assigned
// managed identity as the federated credential of the bot's app, the bot holds no secret; secret = BOT_PASSWORD.
@allowed([
  'managedIdentity'
  'secret'
])
param botCredential string = 'managedIdentity'

@description('When the client secret ends (ISO 8601), as provisioning wrote it: BOT_PASSWORD_EXPIRES_AT. Empty when unknown.')
param botPasswordExpiresAt string = ''

@description('The tenant of the bot\'s Entra app: BOT_TENANT_ID.')
param botTenantId string

param oauthConnectionName string = 'graph'

// Who may use the bot, as in env/.env.dev: comma-separated object ids, 'none' for an empty list, and in
// allowedTenantIds 'self' for the bot's own tenant (scripts/access-settings.js checks them first).
param allowedTenantIds string = 'self'
param adminUserIds string = 'none'
param adminGroupIds string = 'none'
param readerUserIds string = 'none'
param readerGroupIds string = 'none'
// Two-person approval (src/config.ts, `approval`), as in env/.env.dev: strings, as the Toolkit substitutes them
// into azure.parameters.json and App Service keeps them; the bot reads and checks them at start.
@description('true: every disconnect / reconnect is a request another person approves.')
param approvalRequired string = 'false'
@description('Minutes a request stays open (1 to 10080).')
param approvalTtlMinutes string = '60'
param approverUserIds string = 'none'
param approverGroupIds string = 'none'
@description('The Intune pre-check: off, advise (a note; Intune decides on the click) or enforce (docs/deploy.md).')
param intuneCheckMode string = 'advise'
@description('Shown to refused users, or \'none\'.')
param adminContact string = 'none'
param logLevel string = 'info'
@description('Where alerts are mailed: addresses separated by commas, or \'none\' (alerts show in the Azure portal only).')
param alertEmail string = 'none'
@description('Days the Log Analytics workspace keeps logs, traces and metrics (30 to 730).')
param logRetentionDays string = '90'

param postgresAdminLogin string = 'intunebot'
// Generated at each deployment (a random GUID: lower case, digits and '-'), so no password is kept on
// the deploying machine or in the repository; the server and DATABASE_URL are updated together.
@secure()
param postgresAdminPassword string = newGuid()
// The smallest tier: 1 vCore burstable, 2 GiB. Enough for the bot's few writes per operation.
param postgresSkuName string = 'Standard_B1ms'
param postgresSkuTier string = 'Burstable'
param postgresVersion string = '16'

var suffix = toLower(resourceSuffix) == 'auto' ? take(uniqueString(subscription().id, resourceGroup().id), 8) : resourceSuffix
var baseName = toLower('intunera-${environmentName}-${suffix}')
var postgresServerName = '${baseName}-pg'
var databaseName = 'intunebot'
// Public Azure cloud host name of a flexible server.
var postgresHost = '${postgresServerName}.postgres.database.azure.com'
var allowedTenants = replace(toLower(replace(allowedTenantIds, ' ', '')), 'self', botTenantId)
var adminUsers = toLower(trim(adminUserIds)) == 'none' ? '' : adminUserIds
var adminGroups = toLower(trim(adminGroupIds)) == 'none' ? '' : adminGroupIds
var readerUsers = toLower(trim(readerUserIds)) == 'none' ? '' : readerUserIds
var readerGroups = toLower(trim(readerGroupIds)) == 'none' ? '' : readerGroupIds
var approverUsers = toLower(trim(approverUserIds)) == 'none' ? '' : approverUserIds
var approverGroups = toLower(trim(approverGroupIds)) == 'none' ? '' : approverGroupIds
var contact = toLower(trim(adminContact)) == 'none' ? '' : adminContact
// verify-full: TLS with the server's certificate and host name checked against Node's bundled roots (Azure's
// chain ends at DigiCert Global Root G2 / Microsoft RSA Root CA 2017, both bundled): no CA file needed.
// pg 8 reads sslmode=require the same way but warns that pg 9 will stop verifying; verify-full will not.
var databaseUrl = 'postgresql://${uriComponent(postgresAdminLogin)}:${uriComponent(postgresAdminPassword)}@${postgresHost}:5432/${databaseName}?sslmode=verify-full'

resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: baseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: postgresServerName
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: postgresVersion
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: 32
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
  }
}

// TLS required (the service's default, stated so that nobody turns it off by accident). A flexible server
// takes one change at a time, so its child resources are deployed one after the other.
resource postgresTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: postgres
  name: 'require_secure_transport'
  properties: {
    value: 'on'
    source: 'user-override'
  }
}

resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [
    postgresTls
  ]
}

// Lets Azure services (the web app) reach the server over its public endpoint; TLS only (above).
resource postgresFirewall 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
  dependsOn: [
    postgresDatabase
  ]
}

// The bot's runtime configuration (docs/deploy.md, "Runtime settings").
var runtimeSettings = [
  {
    name: 'BOT_ID'
    value: botAadAppClientId
  }
  {
    name: 'BOT_TENANT_ID'
    value: botTenantId
  }
  {
    name: 'BOT_TYPE'
    value: 'SingleTenant'
  }
  {
    name: 'OAUTH_CONNECTION_NAME'
    value: oauthConnectionName
  }
  {
    name: 'ALLOWED_TENANT_IDS'
    value: allowedTenants
  }
  {
    name: 'ADMIN_USER_IDS'
    value: adminUsers
  }
  {
    name: 'ADMIN_GROUP_IDS'
    value: adminGroups
  }
  {
    name: 'READER_USER_IDS'
    value: readerUsers
  }
  {
    name: 'READER_GROUP_IDS'
    value: readerGroups
  }
  {
    name: 'APPROVAL_REQUIRED'
    value: approvalRequired
  }
  {
    name: 'APPROVAL_TTL_MINUTES'
    value: approvalTtlMinutes
  }
  {
    name: 'APPROVER_USER_IDS'
    value: approverUsers
  }
  {
    name: 'APPROVER_GROUP_IDS'
    value: approverGroups
  }
  {
    name: 'INTUNE_CHECK_MODE'
    value: intuneCheckMode
  }
  {
    name: 'ADMIN_CONTACT'
    value: contact
  }
  {
    // Unused while DATABASE_URL is set. /home is App Service's SMB share: without DATABASE_URL the bot
    // refuses to start, naming it, rather than run SQLite there.
    name: 'DATA_DIR'
    value: '/home/data'
  }
  {
    // The port App Service forwards to in its Node.js image.
    name: 'PORT'
    value: '8080'
  }
  {
    name: 'LOG_LEVEL'
    value: logLevel
  }
  {
    // `teamsapp deploy` uploads a bundle built once (npm run bundle: dist/ and production node_modules, no
    // native addon: better-sqlite3 stays out, the store here is PostgreSQL). The host builds nothing.
    name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
    value: 'false'
  }
]
// DATABASE_URL as an app setting (encrypted at rest, readable only by those who may manage the web app,
// like BOT_PASSWORD), not a Key Vault reference: see docs/deploy.md, "The store and its secret".
// The bot's credential: the managed identity (no secret in the app settings), or the secret. The secret's end goes
// along either way: the OAuth connection holds that secret, and the bot warns 30 days before it ends.
var credentialSettings = concat(botCredential == 'managedIdentity' ? [
  {
    name: 'BOT_MSI_CLIENT_ID'
    value: botIdentity.outputs.clientId
  }
] : [
  {
    name: 'BOT_PASSWORD'
    value: botAadAppClientSecret
  }
], [
  {
    // 'none' (scripts/secret-expiry.js: no secret) is empty here, as the access words are.
    name: 'BOT_PASSWORD_EXPIRES_AT'
    value: toLower(trim(botPasswordExpiresAt)) == 'none' ? '' : botPasswordExpiresAt
  }
])
var databaseSettings = [
  {
    name: 'DATABASE_URL'
    value: databaseUrl
  }
]

module monitoring './monitoring.bicep' = {
  name: 'monitoring'
  params: {
    baseName: baseName
    location: location
    retentionInDays: int(logRetentionDays)
    alertEmail: alertEmail
  }
}

// Where the bot exports its traces and metrics (src/telemetry: Azure Monitor when this is set).
var telemetrySettings = [
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: monitoring.outputs.connectionString
  }
]

module botIdentity './identity.bicep' = {
  name: 'bot-identity'
  params: {
    name: '${baseName}-bot'
    location: location
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: baseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${botIdentity.outputs.id}': {}
    }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      // Node.js 20 reached end of life on 2026-04-30; 22 is the LTS line App Service offers.
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node dist/index.js'
      alwaysOn: webAppSku != 'F1'
      healthCheckPath: '/healthz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: concat(runtimeSettings, credentialSettings, databaseSettings, telemetrySettings)
    }
  }
  dependsOn: [
    postgresFirewall
  ]
}

module bot './botRegistration/azurebot.bicep' = {
  name: 'bot-registration'
  params: {
    botServiceName: baseName
    botDisplayName: 'Intune Remote Assist (${environmentName})'
    botAadAppClientId: botAadAppClientId
    botAadAppClientSecret: botAadAppClientSecret
    botTenantId: botTenantId
    botType: 'SingleTenant'
    messagingEndpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    oauthConnectionName: oauthConnectionName
  }
}

module monitoringSite './monitoring-site.bicep' = {
  name: 'monitoring-site'
  params: {
    baseName: baseName
    location: location
    siteName: webApp.name
    hostName: webApp.properties.defaultHostName
    workspaceId: monitoring.outputs.workspaceId
    appInsightsId: monitoring.outputs.appInsightsId
    actionGroupIds: monitoring.outputs.actionGroupIds
  }
}

// Persisted by Teams Toolkit into env/.env.dev (https://aka.ms/teamsfx-actions/arm-deploy).
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output OAUTH_CONNECTION_NAME string = bot.outputs.oauthConnectionName
output LOG_ANALYTICS_WORKSPACE_ID string = monitoring.outputs.workspaceCustomerId
// For scripts/federate-identity.js (the app's federated identity credential) and the doctor.
output BOT_MSI_CLIENT_ID string = botCredential == 'managedIdentity' ? botIdentity.outputs.clientId : ''
output BOT_MSI_PRINCIPAL_ID string = botCredential == 'managedIdentity' ? botIdentity.outputs.principalId : ''
