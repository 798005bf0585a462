// The bot's user-assigned managed identity: the federated credential of the bot's Entra app (BOT_ID), so the
// bot holds no secret that expires. The app trusts it through a federated identity credential (issuer
// https://login.microsoftonline.com/<tenant>/v2.0, subject = principalId, audience api://AzureADTokenExchange),
// which scripts/federate-identity.js adds after this deployment (Entra objects are not ARM resources here:
// docs/deploy.md, "No expiring secret"). Assigned to the web app by azure.bicep.

param name string
param location string = resourceGroup().location

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
