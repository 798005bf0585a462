/**
 * The composition root: builds every part from the Config and starts the HTTP server. index.ts calls it
 * for real; the end-to-end tests and the benchmark call it too, so they run exactly what production runs.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { callBounds, type Config } from './config';
import { Authorizer } from './core/authorization';
import { abandonedAfterMs } from './core/call-budget';
import type { CardUpdates } from './core/card-ref';
import { IntunePermissions } from './core/intune-permissions';
import { Sweeper } from './core/sweeper';
import type { Logger } from './core/logger';
import { graphScopes, type Clock, type RemoteAssistanceGateway } from './core/ports';
import { RemoteAssistanceService } from './core/service';
import { WatchDeliverer } from './core/watch-delivery';
import { WatchPoller } from './core/watch-poller';
import { createAdapter, outboundAppId } from './bot/adapter';
import { BotNotifier, createOutboundQueue } from './bot/notifier';
import { createBotApplication } from './bot/app';
import { BackgroundWork } from './bot/background-work';
import { createProactiveCards } from './bot/proactive-cards';
import { createRequestHandler } from './bot/request-handler';
import { observeQueueDepth } from './bot/telemetry';
import { UserTokenCache } from './bot/user-token-cache';
import { COMMAND_TABLE, renderReply } from './commands';
import { createAppPartnerReader, createGraphGateway } from './graph';
import { assertionOwner, createAppGraphTokenProvider, createOboTokenProvider, credentialEnds, watchCredentialExpiry } from './identity';
import { openStore, type Store } from './store';
import { createServer, listen } from './server';
import { countedOperations, otelInstrumentation } from './instrumentation';
import { readBuildInfo, startTelemetry, type BuildInfo, type TelemetryHandle } from './telemetry';

export interface RunningBot {
  port: number;
  /** e.g. http://127.0.0.1:3978 */
  url: string;
  store: Store;
  /** The users' tokens from the Bot Framework token service, kept between turns (bot/user-token-cache.ts). */
  userTokens: UserTokenCache;
  /** Settles `running` records whose instance went away (core/sweeper.ts). */
  sweeper: Sweeper;
  /** The watch's poller (every instance runs one; the lease picks who polls) and its notifier. */
  watch: { poller: WatchPoller; notifier: BotNotifier };
  /** What this build is (the start line and /healthz say it too). */
  build: BuildInfo;
  /** The OpenTelemetry SDK behind the global API: flush() sends what is buffered (src/telemetry/). */
  telemetry: TelemetryHandle;
  close(): Promise<void>;
}

export interface StartOptions {
  log: Logger;
  clock?: Clock;
  /** Default: readBuildInfo (package.json, BUILD_COMMIT or dist/build-info.json). */
  build?: BuildInfo;
}

export async function startBot(config: Config, { log, clock = { now: () => new Date() }, build = readBuildInfo(config.telemetry.commit) }: StartOptions): Promise<RunningBot> {
  // The bot's app id is the OBO client and what the token service knows the bot by; local mode takes the
  // simulator's (withSimulator), so an empty one here is a wiring mistake, not a mode.
  if (!config.bot.id) throw new Error('startBot needs config.bot.id: in local mode, point the config at a simulator first (withSimulator)');
  // First: the parts built below take their meters from the global API, which has no proxy for metrics.
  const telemetry = startTelemetry({ config: config.telemetry, build, log, ca: config.trustedCaPem });
  const store = await openStore({ databaseUrl: config.store.databaseUrl, dataDir: config.store.dataDir }).catch(async (e: unknown) => {
    await telemetry.shutdown();
    throw e;
  });
  try {
    // Every group the bot checks membership of (admins, readers, approvers: core/authorization.ts) needs the group scopes.
    const scopes = graphScopes(config.access.adminGroupIds.length + config.access.readerGroupIds.length + config.approval.approverGroupIds.length > 0);
    // UserAssignedMsi: the bot IS the identity. Otherwise an identity (BOT_MSI_CLIENT_ID) is the federated credential
    // of the bot's app: the app's tokens, asked with the identity's token as client assertion (no secret).
    const msi = config.bot.type === 'UserAssignedMsi' ? config.bot.managedIdentityClientId : undefined;
    const federated = msi ? undefined : config.bot.managedIdentityClientId;
    const tokens = createOboTokenProvider({
      clientId: config.bot.id,
      clientSecret: config.bot.password,
      certificate: config.bot.certificatePem,
      managedIdentityClientId: config.bot.managedIdentityClientId,
      authorityHost: config.entra.authorityHost,
      ca: config.trustedCaPem,
    });
    // The watch reads without a user: the bot's own Graph token in each watched tenant (application permission).
    const appTokens = createAppGraphTokenProvider({
      clientId: msi ?? config.bot.id,
      clientSecret: msi ? undefined : config.bot.password,
      certificate: msi ? undefined : config.bot.certificatePem,
      managedIdentityClientId: msi,
      federatedManagedIdentityClientId: federated,
      authorityHost: config.entra.authorityHost,
      ca: config.trustedCaPem,
      timeoutMs: config.entra.tokenTimeoutSeconds * 1000,
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
      timeoutMs: config.graph.timeoutSeconds * 1000,
    });
    const userTokens = new UserTokenCache();
    const adapter = createAdapter(config, log, userTokens);
    // One outgoing queue for every message the bot sends unasked: card updates, approvers' posts, watch notices.
    const outbound = createOutboundQueue(log);
    const stopObserving = observeQueueDepth(outbound);
    const proactive = createProactiveCards({ adapter, appId: outboundAppId(config), render: renderReply, queue: outbound });
    const cardUpdates: CardUpdates = { cards: store.cards, publisher: proactive };
    const authorizer = new Authorizer({ ...config.access, approverUserIds: config.approval.approverUserIds, approverGroupIds: config.approval.approverGroupIds }, graph, clock);
    const intune = new IntunePermissions({
      gateway: graph,
      clock,
      log,
      cacheSeconds: config.access.intunePermissionCacheSeconds,
      adminContact: config.access.adminContact,
      mode: config.access.intuneCheckMode,
    });
    // Each denial and each decided operation counted where it is written (instrumentation.ts).
    const operations = countedOperations(store.operations);
    const service = new RemoteAssistanceService({
      gateway: graph,
      authorizer,
      intune,
      store: operations,
      clock,
      newId: randomUUID,
      log,
      tokenOwner: assertionOwner,
      operationTtlMinutes: config.operations.ttlMinutes,
      approval: {
        required: config.approval.required,
        ttlMinutes: config.approval.ttlMinutes,
        approverUsers: config.approval.approverUserIds.length,
        approverGroups: config.approval.approverGroupIds.length,
        channels: store.approvals,
      },
      reconcileAfterSeconds: config.operations.reconcileAfterSeconds,
      historyLimit: config.operations.historyLimit,
      consentUrl: (tenantId) => `${config.entra.authorityHost}/${encodeURIComponent(tenantId)}/adminconsent?client_id=${encodeURIComponent(config.bot.id)}`,
      cards: cardUpdates,
      watch: { store: store.watch, intervalSeconds: config.watch.intervalSeconds, expiryWarningHours: config.watch.expiryWarningHours },
      deployment: { version: build.version, commit: build.commit, storeEngine: store.engine },
    }, COMMAND_TABLE);
    const background = new BackgroundWork(log);
    const app = createBotApplication({
      adapter,
      botId: config.bot.id,
      oauthConnectionName: config.bot.oauthConnectionName,
      service,
      authorizer,
      storage: store.botStorage,
      render: renderReply,
      log,
      clickAnswerMs: config.operations.clickAnswerMs,
      cards: proactive,
      background,
    });
    const sweeper = createSweeper(config, operations, store, graph, cardUpdates, clock, log);
    const server = createServer({
      onMessages: createRequestHandler(adapter, app, log),
      log,
      maxBodyBytes: config.limits.maxBodyBytes,
      about: build,
      ready: async () => (await store.operations.get('00000000-0000-0000-0000-000000000000'), true),
    });
    const notifier = new BotNotifier({ adapter, appId: outboundAppId(config), render: renderReply, log, outbound });
    const poller = new WatchPoller({
      store: store.watch,
      gateway: graph,
      deliverer: new WatchDeliverer({ store: store.watch, notifier, clock, log, instrumentation: otelInstrumentation }),
      instrumentation: otelInstrumentation,
      clock,
      log,
      newId: randomUUID,
      holder: `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`,
      intervalSeconds: config.watch.intervalSeconds,
      expiryWarningHours: config.watch.expiryWarningHours,
    });
    const port = await listen(server, config.port, config.host);
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    sweeper.start();
    poller.start();
    // The secret's or certificate's end, when known: the gauge and the daily warning from 30 days ahead.
    const stopExpiryWatch = watchCredentialExpiry(credentialEnds(config.bot), { log, clock });
    let closing: Promise<void> | undefined;
    return {
      port,
      url,
      store,
      userTokens,
      sweeper,
      watch: { poller, notifier },
      build,
      telemetry,
      close: () =>
        (closing ??= (async () => {
          stopExpiryWatch();
          await new Promise<void>((resolve) => server.close(() => resolve()));
          await background.drain(); // clicks answered "in progress" finish and update their cards
          await Promise.all([sweeper.stop(), poller.stop()]);
          graph.close();
          stopObserving();
          await store.close();
          await telemetry.shutdown(); // last: what the closing parts recorded is sent too
        })()),
    };
  } catch (e) {
    await store.close();
    await telemetry.shutdown();
    throw e;
  }
}

/**
 * The sweeper: abandoned `running` records settled from the partner's state, read with the bot's own
 * application permission (no user is present: the gateway's app-only path, as the watch's), their cards
 * replaced; one sweeping instance per database.
 */
function createSweeper(config: Config, operations: Store['operations'], store: Store, graph: RemoteAssistanceGateway, updates: CardUpdates, clock: Clock, log: Logger): Sweeper {
  return new Sweeper({
    store: operations,
    instrumentation: otelInstrumentation,
    partners: createAppPartnerReader(graph),
    updates,
    leadership: store.leadership('sweeper'),
    clock,
    log,
    thresholdMs: abandonedAfterMs(callBounds(config)),
    intervalMs: config.operations.sweepIntervalSeconds * 1000,
  });
}
