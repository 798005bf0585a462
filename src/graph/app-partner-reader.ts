/**
 * PartnerReader (core/sweeper-ports.ts): a partner read with the bot's OWN token for the tenant (application
 * permission DeviceManagementServiceConfig.Read.All; Microsoft lists it under "Application" for
 * GET /deviceManagement/remoteAssistancePartners/{id}: https://learn.microsoft.com/graph/api/intune-remoteassistance-remoteassistancepartner-get).
 * The gateway's app-only path, the same as the watch's poller (gateway.ts `appTokens`, identity/app-graph-tokens.ts):
 * the same client, bounded retries, error mapping and client-request-id as the users' calls, and a refused
 * token dropped so that a consent granted meanwhile takes effect at the next read.
 */
import type { RemoteAssistanceGateway } from '../core/ports';
import type { PartnerReader } from '../core/sweeper-ports';

export function createAppPartnerReader(gateway: Pick<RemoteAssistanceGateway, 'get'>): PartnerReader {
  return { get: (tenantId, partnerId) => gateway.get({ app: true, tenantId }, partnerId) };
}
