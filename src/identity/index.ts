export { createOboTokenProvider, type OboTokenProvider, type OboTokenProviderOptions } from './obo-provider';
export { toAuthError } from './errors';
export { createCertificateAssertionSigner } from './certificate-assertion';
export { managedIdentityAssertion } from './managed-identity-assertion';
export { createAppTokenProvider, type AppTokenProvider, type AppTokenProviderOptions } from './app-token-provider';
export { createAppGraphTokenProvider, GRAPH_RESOURCE } from './app-graph-tokens';
export { assertionOwner } from './assertion-owner';
export {
  credentialEnds,
  daysLeft,
  watchCredentialExpiry,
  EXPIRY_WARNING_DAYS,
  type CredentialEnd,
} from './credential-expiry';
