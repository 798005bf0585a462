/**
 * The bot's own Microsoft Graph token in a tenant (client credentials, `https://graph.microsoft.com/.default`):
 * what the watch's poller and the sweeper (core/sweeper.ts) read the partners with when no user is present. Its `roles` are the application permissions
 * an admin of that tenant consented (DeviceManagementServiceConfig.Read.All, aad.manifest.json).
 *
 * One AppTokenProvider (app-token-provider.ts: the same credential kinds, authority host, CA and cache as the
 * Bot Framework token) per tenant, because the token must come from the tenant whose Intune is read; for a
 * single-tenant bot that is its own tenant, for a multi-tenant bot each customer's.
 *
 * A token carries the roles consented when it was issued: when Graph refuses it (the gateway calls `forget`),
 * the next read asks Entra again, so that a consent granted meanwhile takes effect at the next poll, not
 * when the cached token expires (an hour later).
 */
import type { AppGraphTokenProvider } from '../core/ports';
import { createAppTokenProvider, type AppTokenProvider, type AppTokenProviderOptions } from './app-token-provider';

/** The Graph resource of the public cloud: what the bot's delegated scopes name too (core/ports SCOPE_*). */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

export function createAppGraphTokenProvider(
  options: Omit<AppTokenProviderOptions, 'tenantId'>,
  maxTenants = 100,
): AppGraphTokenProvider {
  const providers = new Map<string, AppTokenProvider>();
  return {
    getToken(tenantId: string): Promise<string> {
      const key = tenantId.toLowerCase();
      let provider = providers.get(key);
      if (!provider) {
        if (providers.size >= maxTenants) providers.delete(providers.keys().next().value as string);
        provider = createAppTokenProvider({ ...options, tenantId });
        providers.set(key, provider);
      }
      return provider.getToken(GRAPH_RESOURCE);
    },
    forget(tenantId: string): void {
      providers.get(tenantId.toLowerCase())?.forget(GRAPH_RESOURCE);
    },
  };
}
