/**
 * The sweeper's read of a partner without a user: the bot's own Graph token for the tenant (client
 * credentials, https://graph.microsoft.com/.default) and the application permission in its `roles`.
 * Microsoft lists DeviceManagementServiceConfig.Read.All (or ReadWrite.All) under "Application" for
 * GET /deviceManagement/remoteAssistancePartners/{id}
 * (https://learn.microsoft.com/graph/api/intune-remoteassistance-remoteassistancepartner-get).
 * Real @azure/identity and the real Graph client against the simulator; the simulated Graph refuses an
 * app-only token without the permission, as Graph does (403).
 */
import type { AppError } from '../../src/core/errors';
import { createAppPartnerReader, createGraphGateway } from '../../src/graph';
import { createAppGraphTokenProvider } from '../../src/identity';
import { startSimulator, TEAMVIEWER_PARTNER_ID, type Simulator } from '../../src/simulator';
import { rejectionOf } from '../support/rejection';
import { claimsOf, request } from '../simulator/sim-client';

describe("a partner read with the bot's own application permission", () => {
  let sim: Simulator;
  let unconsented: Simulator;
  beforeAll(async () => {
    [sim, unconsented] = await Promise.all([startSimulator(), startSimulator({ applicationPermissions: [] })]);
  });
  afterAll(async () => {
    await Promise.all([sim?.close(), unconsented?.close()]);
  });

  const readerFor = (s: Simulator) => {
    const appTokens = createAppGraphTokenProvider({
      clientId: s.botId,
      clientSecret: s.clientSecret,
      authorityHost: s.authorityHost,
      ca: s.ca,
    });
    // The gateway's app-only path (the one the watch's poller uses too); no user token is ever asked for here.
    const gateway = createGraphGateway({
      baseUrl: s.graphBaseUrl,
      ca: s.ca,
      tokens: { getToken: () => Promise.reject(new Error('the sweeper has no user')) },
      appTokens,
      retry: { maxRetries: 0 },
    });
    const appToken = (tenantId: string) => appTokens.getToken(tenantId);
    return { appToken, reader: { ...createAppPartnerReader(gateway), close: () => gateway.close() } };
  };

  it("reads the partner's state with an app-only token for the record's tenant", async () => {
    const { appToken, reader } = readerFor(sim);
    try {
      sim.faults.clear();
      const partner = await reader.get(sim.tenantId, TEAMVIEWER_PARTNER_ID);
      expect(partner).toMatchObject({ id: TEAMVIEWER_PARTNER_ID, onboardingStatus: 'onboarded' });
      const claims = claimsOf(await appToken(sim.tenantId));
      expect(claims).toMatchObject({
        idtyp: 'app',
        aud: 'https://graph.microsoft.com',
        tid: sim.tenantId,
        roles: ['DeviceManagementServiceConfig.Read.All'],
      });
      expect(claims.scp).toBeUndefined();
      const gets = sim.calls.filter((c) => c.service === 'graph' && c.method === 'GET');
      expect(gets.map((c) => [c.path, c.status])).toEqual([
        [`/beta/deviceManagement/remoteAssistancePartners/${TEAMVIEWER_PARTNER_ID}`, 200],
      ]);
    } finally {
      reader.close();
    }
  });

  it('without the admin-consented permission Graph refuses (403), and the reader says graph.forbidden', async () => {
    const { reader } = readerFor(unconsented);
    try {
      const e = await rejectionOf<AppError>(reader.get(unconsented.tenantId, TEAMVIEWER_PARTNER_ID));
      expect(e.kind).toBe('graph.forbidden');
      expect(e.status).toBe(403);
    } finally {
      reader.close();
    }
  });

  it('the simulated Graph lets a read-only application permission read but not act', async () => {
    const { appToken } = readerFor(sim);
    const token = await appToken(sim.tenantId);
    const post = await request(
      sim,
      `/beta/deviceManagement/remoteAssistancePartners/${TEAMVIEWER_PARTNER_ID}/disconnect`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(post.status).toBe(403);
    expect(sim.partners().find((p) => p.id === TEAMVIEWER_PARTNER_ID)?.onboardingStatus).toBe('onboarded');
  });
});
