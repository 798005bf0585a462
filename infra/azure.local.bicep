// `teamsapp provision --env local`: only the Azure Bot registration (free F0 SKU) with the Teams channel
// and the SSO OAuth connection; its messaging endpoint is your dev tunnel. The bot itself runs on your
// machine. (botFramework/create cannot make the OAuth connection that SSO needs, hence an Azure Bot.)

@description('TEAMSFX_ENV')
param environmentName string

@description('Short lowercase suffix for resource names, or \'auto\' (derived from the subscription and resource group).')
param resourceSuffix string = 'auto'

param botAadAppClientId string

@secure()
param botAadAppClientSecret string

param botTenantId string

@description('The public https address of the dev tunnel that forwards to the local bot (BOT_ENDPOINT).')
param botEndpoint string

param oauthConnectionName string = 'graph'

var suffix = toLower(resourceSuffix) == 'auto' ? take(uniqueString(subscription().id, resourceGroup().id), 8) : resourceSuffix
var baseName = toLower('intunera-${environmentName}-${suffix}')

module bot './botRegistration/azurebot.bicep' = {
  name: 'bot-registration'
  params: {
    botServiceName: baseName
    botDisplayName: 'Intune Remote Assist (${environmentName})'
    botAadAppClientId: botAadAppClientId
    botAadAppClientSecret: botAadAppClientSecret
    botTenantId: botTenantId
    botType: 'SingleTenant'
    messagingEndpoint: '${botEndpoint}/api/messages'
    oauthConnectionName: oauthConnectionName
  }
}

// Persisted by Teams Toolkit into env/.env.local.
output OAUTH_CONNECTION_NAME string = bot.outputs.oauthConnectionName
