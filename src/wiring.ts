/**
 * The composition root: builds every part from the Config and starts the HTTP server. index.ts calls it
 * for real; the end-to-end tests and the benchmark call it too, so they run exactly what production runs.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from './config';
import { Authorizer } from './core/authorization';
import type { Logger } from './core/logger';
import { graphScopes, type Clock } from './core/ports';
import { RemoteAssistanceService } from './core/service';
import { WatchDeliverer } from './core/watch-delivery';
import { WatchPoller } from './core/watch-poller';
import { createAdapter, outboundAppId } from './bot/adapter';
import { BotNotifier } from './bot/notifier';
import { createBotApplication } from './bot/app';
import { createRequestHandler } from './bot/request-handler';
import { renderReply } from './cards';
import { createGraphGateway } from './graph';
import { createAppGraphTokenProvider, createOboTokenProvider } from './identity';
import { openStore, type Store } from './store';
import { createServer, listen } from './server';

export interface RunningBot {
  port: number;
  /** e.g. http://127.0.0.1:3978 */
  url: string;
  store: Store;
  /** The watch's poller (every instance runs one; the lease picks who polls) and its notifier. */
  watch: { poller: WatchPoller; notifier: BotNotifier };
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
    const msi = config.bot.type === 'UserAssignedMsi' ? config.bot.managedIdentityClientId : undefined;
    const tokens = createOboTokenProvider({
      clientId: config.bot.id,
      clientSecret: config.bot.password,
      certificate: config.bot.certificatePem,
      managedIdentityClientId: msi,
      authorityHost: config.entra.authorityHost,
      ca: config.trustedCaPem,
    });
    // The watch reads without a user: the bot's own Graph token in each watched tenant (application permission).
    const appTokens = createAppGraphTokenProvider({
      clientId: msi ?? config.bot.id,
      clientSecret: msi ? undefined : config.bot.password,
      certificate: msi ? undefined : config.bot.certificatePem,
      managedIdentityClientId: msi,
      authorityHost: config.entra.authorityHost,
      ca: config.trustedCaPem,
    });
    const graph = createGraphGateway({
      baseUrl: config.graph.baseUrl,
      tokens,
      appTokens,
      // One scope set for every call, so one token per user serves both the partners and the group check.
      scopes,
      groupScopes: scopes,
      ca: config.trustedCaPem,
      retry: { maxRetries: config.graph.maxRetries, maxRetryAfterSeconds: config.graph.maxRetryAfterSeconds },
    });
    const authorizer = new Authorizer(config.access, graph, clock);
    const service = new RemoteAssistanceService({
      gateway: graph,
      authorizer,
      store: store.operations,
      clock,
      newId: randomUUID,
      log,
      operationTtlMinutes: config.operations.ttlMinutes,
      reconcileAfterSeconds: config.operations.reconcileAfterSeconds,
      historyLimit: config.operations.historyLimit,
      consentUrl: (tenantId) => `${config.entra.authorityHost}/${encodeURIComponent(tenantId)}/adminconsent?client_id=${encodeURIComponent(config.bot.id)}`,
      watch: { store: store.watch, intervalSeconds: config.watch.intervalSeconds, expiryWarningHours: config.watch.expiryWarningHours },
    });
    const adapter = createAdapter(config, log);
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
    const notifier = new BotNotifier({ adapter, appId: outboundAppId(config), render: renderReply, log });
    const poller = new WatchPoller({
      store: store.watch,
      gateway: graph,
      deliverer: new WatchDeliverer({ store: store.watch, notifier, clock, log }),
      clock,
      log,
      newId: randomUUID,
      holder: `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`,
      intervalSeconds: config.watch.intervalSeconds,
      expiryWarningHours: config.watch.expiryWarningHours,
    });
    const port = await listen(server, config.port, config.host);
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    poller.start();
    let closing: Promise<void> | undefined;
    return {
      port,
      url,
      store,
      watch: { poller, notifier },
      close: () =>
        (closing ??= (async () => {
          await new Promise<void>((resolve) => server.close(() => resolve()));
          await poller.stop();
          await store.close();
        })()),
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
