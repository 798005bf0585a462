// The Azure Bot registration: the Teams channel and the OAuth connection that Teams SSO needs.
// Used by azure.bicep (bot hosted in App Service) and azure.local.bicep (bot on a dev tunnel).

@maxLength(64)
@minLength(2)
@description('Name of the Azure Bot resource (its handle).')
param botServiceName string

@maxLength(42)
param botDisplayName string

param botServiceSku string = 'F0'

@description('The bot\'s Microsoft Entra app (client) id: BOT_ID. The same app is the SSO app.')
param botAadAppClientId string

@secure()
@description('A client secret of that app, used by the OAuth connection: SECRET_BOT_PASSWORD.')
param botAadAppClientSecret string

@description('The tenant of the bot\'s Entra app: BOT_TENANT_ID.')
param botTenantId string

// New multi-tenant bots can no longer be created (Azure AI Bot Service, after 31 July 2025).
@allowed([
  'SingleTenant'
  'MultiTenant'
])
param botType string = 'SingleTenant'

@description('https://<host>/api/messages')
param messagingEndpoint string

@description('Name of the OAuth connection the bot asks the token service for: OAUTH_CONNECTION_NAME.')
param oauthConnectionName string = 'graph'

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  kind: 'azurebot'
  location: 'global'
  name: botServiceName
  properties: {
    displayName: botDisplayName
    endpoint: messagingEndpoint
    msaAppId: botAadAppClientId
    msaAppType: botType
    msaAppTenantId: botType == 'SingleTenant' ? botTenantId : ''
  }
  sku: {
    name: botServiceSku
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  location: 'global'
  name: 'MsTeamsChannel'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

// Teams SSO through the Bot Framework token service: an "Azure Active Directory v2" (Aadv2) connection
// scoped to the bot's own API. Teams' SSO token (audience api://botid-<BOT_ID>) is exchanged for a
// token the bot can in turn exchange on-behalf-of the user for Microsoft Graph.
resource ssoConnection 'Microsoft.BotService/botServices/connections@2022-09-15' = {
  parent: botService
  name: oauthConnectionName
  location: 'global'
  properties: {
    serviceProviderDisplayName: 'Azure Active Directory v2'
    serviceProviderId: '30dd229c-58e3-4a48-bdfd-91ec48eb906c'
    clientId: botAadAppClientId
    clientSecret: botAadAppClientSecret
    scopes: 'api://botid-${botAadAppClientId}/access_as_user'
    parameters: [
      {
        key: 'tenantID'
        value: botType == 'SingleTenant' ? botTenantId : 'common'
      }
      {
        key: 'tokenExchangeUrl'
        value: 'api://botid-${botAadAppClientId}'
      }
    ]
  }
}

output botServiceName string = botService.name
output oauthConnectionName string = ssoConnection.name
