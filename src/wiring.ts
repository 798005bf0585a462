/**
 * The composition root: builds every part from the Config and starts the HTTP server. index.ts calls it
 * for real; the end-to-end tests and the benchmark call it too, so they run exactly what production runs.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from './config';
import { Authorizer } from './core/authorization';
import { IntunePermissions } from './core/intune-permissions';
import type { Logger } from './core/logger';
import { graphScopes, type Clock } from './core/ports';
import { RemoteAssistanceService } from './core/service';
import { createAdapter } from './bot/adapter';
import { createBotApplication } from './bot/app';
import { createRequestHandler } from './bot/request-handler';
import { UserTokenCache } from './bot/user-token-cache';
import { renderReply } from './cards';
import { createGraphGateway } from './graph';
import { createOboTokenProvider } from './identity';
import { openStore, type Store } from './store';
import { createServer, listen } from './server';

export interface RunningBot {
  port: number;
  /** e.g. http://127.0.0.1:3978 */
  url: string;
  store: Store;
  /** The users' tokens from the Bot Framework token service, kept between turns (bot/user-token-cache.ts). */
  userTokens: UserTokenCache;
  close(): Promise<void>;
}

export interface StartOptions {
  log: Logger;
  clock?: Clock;
}

export async function startBot(config: Config, { log, clock = { now: () => new Date() } }: StartOptions): Promise<RunningBot> {
  // The bot's app id is the OBO client and what the token service knows the bot by; local mode takes the
  // simulator's (withSimulator), so an empty one here is a wiring mistake, not a mode.
  if (!config.bot.id) throw new Error('startBot needs config.bot.id: in local mode, point the config at a simulator first (withSimulator)');
  const store = await openStore({ databaseUrl: config.store.databaseUrl, dataDir: config.store.dataDir });
  try {
    const scopes = graphScopes(config.access.adminGroupIds.length + config.access.readerGroupIds.length > 0);
    const tokens = createOboTokenProvider({
      clientId: config.bot.id,
      clientSecret: config.bot.password,
      certificate: config.bot.certificatePem,
      managedIdentityClientId: config.bot.type === 'UserAssignedMsi' ? config.bot.managedIdentityClientId : undefined,
      authorityHost: config.entra.authorityHost,
      ca: config.trustedCaPem,
    });
    const graph = createGraphGateway({
      baseUrl: config.graph.baseUrl,
      tokens,
      // One scope set for every call, so one token per user serves both the partners and the group check.
      scopes,
      groupScopes: scopes,
      ca: config.trustedCaPem,
      retry: { maxRetries: config.graph.maxRetries, maxRetryAfterSeconds: config.graph.maxRetryAfterSeconds },
    });
    const authorizer = new Authorizer(config.access, graph, clock);
    const intune = new IntunePermissions({
      gateway: graph,
      clock,
      log,
      cacheSeconds: config.access.intunePermissionCacheSeconds,
      adminContact: config.access.adminContact,
    });
    const service = new RemoteAssistanceService({
      gateway: graph,
      authorizer,
      intune,
      store: store.operations,
      clock,
      newId: randomUUID,
      log,
      operationTtlMinutes: config.operations.ttlMinutes,
      reconcileAfterSeconds: config.operations.reconcileAfterSeconds,
      historyLimit: config.operations.historyLimit,
      consentUrl: (tenantId) => `${config.entra.authorityHost}/${encodeURIComponent(tenantId)}/adminconsent?client_id=${encodeURIComponent(config.bot.id)}`,
    });
    const userTokens = new UserTokenCache();
    const adapter = createAdapter(config, log, userTokens);
    const app = createBotApplication({
      adapter,
      botId: config.bot.id,
      oauthConnectionName: config.bot.oauthConnectionName,
      service,
      authorizer,
      storage: store.botStorage,
      render: renderReply,
      log,
    });
    const server = createServer({
      onMessages: createRequestHandler(adapter, app, log),
      log,
      maxBodyBytes: config.limits.maxBodyBytes,
      ready: async () => (await store.operations.get('00000000-0000-0000-0000-000000000000'), true),
    });
    const port = await listen(server, config.port, config.host);
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    let closing: Promise<void> | undefined;
    return {
      port,
      url,
      store,
      userTokens,
      close: () =>
        (closing ??= (async () => {
          await new Promise<void>((resolve) => server.close(() => resolve()));
          await store.close();
        })()),
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
