/**
 * A user-assigned managed identity's token for `api://AzureADTokenExchange`: the client assertion of an Entra
 * app that trusts the identity through a federated identity credential (issuer
 * https://login.microsoftonline.com/{tenant}/v2.0, subject = the identity's principal id, audience
 * api://AzureADTokenExchange; learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity).
 * No secret is held: on App Service the token comes from the platform's identity endpoint (IDENTITY_ENDPOINT and
 * IDENTITY_HEADER), renewed by the platform, and @azure/identity caches it until shortly before it expires.
 */
import { ManagedIdentityCredential } from '@azure/identity';

export const TOKEN_EXCHANGE_SCOPE = 'api://AzureADTokenExchange/.default';

export function managedIdentityAssertion(managedIdentityClientId: string): () => Promise<string> {
  let identity: ManagedIdentityCredential | undefined;
  return async () => {
    identity ??= new ManagedIdentityCredential({ clientId: managedIdentityClientId });
    return (await identity.getToken(TOKEN_EXCHANGE_SCOPE)).token;
  };
}
