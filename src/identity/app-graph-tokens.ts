/**
 * The bot's own Graph tokens (no user), per tenant: client credentials for `https://graph.microsoft.com/.default`
 * from the tenant whose data is read, carrying the application permissions an admin consented to there
 * (`roles`). For reads nobody is present for, such as the sweeper's (core/sweeper.ts). One AppTokenProvider per
 * tenant (cached, single-flight); a UserAssignedMsi bot asks its managed identity, whatever the tenant.
 */
import { createAppTokenProvider, type AppTokenProvider, type AppTokenProviderOptions } from './app-token-provider';

/** Graph's resource: the scope is `${GRAPH_RESOURCE}/.default` (as the delegated scopes in core/ports.ts). */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
/** Tenants whose provider is kept; ALLOWED_TENANT_IDS names a few. */
const MAX_TENANTS = 100;

export type AppGraphTokens = (tenantId: string) => Promise<string>;

export function createAppGraphTokens(options: Omit<AppTokenProviderOptions, 'tenantId'>): AppGraphTokens {
  const providers = new Map<string, AppTokenProvider>();
  return (tenantId) => {
    const key = tenantId.toLowerCase();
    let provider = providers.get(key);
    if (!provider) {
      if (providers.size >= MAX_TENANTS) providers.delete(providers.keys().next().value as string);
      provider = createAppTokenProvider({ ...options, tenantId: key });
      providers.set(key, provider);
    }
    return provider.getToken(GRAPH_RESOURCE);
  };
}
