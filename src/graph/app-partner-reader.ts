/**
 * PartnerReader (core/sweeper-ports.ts): a partner read with the bot's OWN token for the tenant (application
 * permission DeviceManagementServiceConfig.Read.All; Microsoft lists it under "Application" for
 * GET /deviceManagement/remoteAssistancePartners/{id}: https://learn.microsoft.com/graph/api/intune-remoteassistance-remoteassistancepartner-get).
 * The same gateway code as the users' calls (bounded retries, error mapping, client-request-id), with a token
 * source that ignores the user: there is none.
 */
import type { Partner, UserSession } from '../core/model';
import type { PartnerReader } from '../core/sweeper-ports';
import { createGraphGateway, type GraphGatewayOptions } from './gateway';

export interface AppPartnerReaderOptions extends Omit<GraphGatewayOptions, 'tokens' | 'scopes' | 'groupScopes'> {
  /** The bot's app-only Graph token for a tenant. */
  appToken(tenantId: string): Promise<string>;
}

export function createAppPartnerReader(o: AppPartnerReaderOptions): PartnerReader & { close(): void } {
  const { appToken, ...gatewayOptions } = o;
  const gateway = createGraphGateway({
    ...gatewayOptions,
    tokens: { getToken: (session) => appToken(session.actor.tenantId) },
    scopes: ['https://graph.microsoft.com/.default'],
  });
  /** The gateway speaks per user; here the "user" is only the tenant the token is for. */
  const tenantOnly = (tenantId: string): UserSession => ({ actor: { tenantId, aadObjectId: '', name: '', locale: 'en-US' }, assertion: '' });
  return {
    get: (tenantId: string, partnerId: string): Promise<Partner> => gateway.get(tenantOnly(tenantId), partnerId),
    close: () => gateway.close(),
  };
}
