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
import { createAppPartnerReader, createGraphGateway, type GraphGateway } from './graph';
import {
  assertionOwner,
  createAppGraphTokenProvider,
  createAppTokenProvider,
  createOboTokenProvider,
  credentialEnds,
  watchCredentialExpiry,
  type AppTokenProviderOptions,
} from './identity';
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

export async function startBot(
  config: Config,
  { log, clock = { now: () => new Date() }, build = readBuildInfo(config.telemetry.commit) }: StartOptions,
): Promise<RunningBot> {
  // The bot's app id is the OBO client and what the token service knows the bot by; local mode takes the
  // simulator's (withSimulator), so an empty one here is a wiring mistake, not a mode.
  if (!config.bot.id)
    throw new Error(
      'startBot needs config.bot.id: in local mode, point the config at a simulator first (withSimulator)',
    );
  // First: the parts built below take their meters from the global API, which has no proxy for metrics.
  const telemetry = startTelemetry({ config: config.telemetry, build, log, ca: config.trustedCaPem });
  const store = await openStore({ databaseUrl: config.store.databaseUrl, dataDir: config.store.dataDir }).catch(
    async (e: unknown) => {
      await telemetry.shutdown();
      throw e;
    },
  );
  try {
    return await assemble({ config, log, clock, build, telemetry, store });
  } catch (e) {
    await store.close();
    await telemetry.shutdown();
    throw e;
  }
}

/** What every part is built from: the config and what startBot started first. */
interface Base {
  config: Config;
  log: Logger;
  clock: Clock;
  build: BuildInfo;
  telemetry: TelemetryHandle;
  store: Store;
}

/** Builds the parts in the order they need each other, listens, and starts the background work. */
async function assemble(base: Base): Promise<RunningBot> {
  const { config, log, clock, build, store } = base;
  const graph = createGraph(config);
  const userTokens = new UserTokenCache();
  // The bot's own tokens for the Bot Connector come from identity/, handed to bot/ here (bot/ imports no identity/).
  const adapter = createAdapter(config, log, {
    userTokens,
    botTokens: ({ appId, tenantId }) => createAppTokenProvider({ ...botCredential(config, appId), tenantId }),
  });
  // One outgoing queue for every message the bot sends unasked: card updates, approvers' posts, watch notices.
  const outbound = createOutboundQueue(log);
  const stopObserving = observeQueueDepth(outbound);
  const appId = outboundAppId(config);
  const proactive = createProactiveCards({ adapter, appId, render: renderReply, queue: outbound });
  const cardUpdates: CardUpdates = { cards: store.cards, publisher: proactive };
  const { approverUserIds, approverGroupIds } = config.approval;
  const policy = { ...config.access, approverUserIds, approverGroupIds, customers: config.customers };
  const authorizer = new Authorizer(policy, graph, clock);
  // Each denial and each decided operation counted where it is written (instrumentation.ts).
  const operations = countedOperations(store.operations);
  const service = createService(base, { graph, authorizer, operations, cardUpdates });
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
  const sweeper = createSweeper(config, operations, store, graph, cardUpdates, clock, log, (id) =>
    service.fleetExpired(id),
  );
  const server = createServer({
    onMessages: createRequestHandler(adapter, app, log),
    log,
    maxBodyBytes: config.limits.maxBodyBytes,
    about: build,
    ready: async () => (await store.operations.get('00000000-0000-0000-0000-000000000000'), true),
  });
  const notifier = new BotNotifier({ adapter, appId, render: renderReply, log, outbound });
  const poller = createPoller(base, graph, notifier);
  const port = await listen(server, config.port, config.host);
  sweeper.start();
  poller.start();
  // The secret's or certificate's end, when known: the gauge and the daily warning from 30 days ahead.
  const stopExpiryWatch = watchCredentialExpiry(credentialEnds(config.bot), { log, clock });
  const stop = async () => {
    stopExpiryWatch();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await background.drain(); // clicks answered "in progress" finish and update their cards
    await Promise.all([sweeper.stop(), poller.stop()]);
    graph.close();
    stopObserving();
  };
  return runningBot(base, { port, userTokens, sweeper, watch: { poller, notifier } }, stop);
}

/** The handle startBot gives: what tests and the entries read, and a close() that runs once. */
function runningBot(
  base: Base,
  parts: Pick<RunningBot, 'port' | 'userTokens' | 'sweeper' | 'watch'>,
  stop: () => Promise<void>,
): RunningBot {
  const { config, store, telemetry, build } = base;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${parts.port}`;
  let closing: Promise<void> | undefined;
  return {
    ...parts,
    url,
    store,
    build,
    telemetry,
    close: () =>
      (closing ??= (async () => {
        await stop();
        await store.close();
        await telemetry.shutdown(); // last: what the closing parts recorded is sent too
      })()),
  };
}

/**
 * The bot's own credential as identity/ takes it, for its tokens without a user (the Bot Connector's, and Graph's
 * in a tenant). UserAssignedMsi: the bot IS the identity. Otherwise an identity (BOT_MSI_CLIENT_ID) is the federated
 * credential of the bot's app: the app's tokens, asked with the identity's token as client assertion (no secret).
 */
function botCredential(config: Config, clientId: string): Omit<AppTokenProviderOptions, 'tenantId'> {
  const msi = config.bot.type === 'UserAssignedMsi';
  return {
    clientId,
    clientSecret: msi ? undefined : config.bot.password,
    certificate: msi ? undefined : config.bot.certificatePem,
    managedIdentityClientId: msi ? config.bot.managedIdentityClientId : undefined,
    federatedManagedIdentityClientId: msi ? undefined : config.bot.managedIdentityClientId,
    authorityHost: config.entra.authorityHost,
    ca: config.trustedCaPem,
  };
}

/** Graph: the users' on-behalf-of tokens, the bot's own in each tenant (the watch, the sweeper), one client. */
function createGraph(config: Config): GraphGateway {
  // Every group the bot checks membership of (admins, readers, approvers: core/authorization.ts) needs the group scopes.
  const { access, approval } = config;
  const customerGroups = config.customers.customers.flatMap((c) => [...c.technicianGroupIds, ...c.readerGroupIds]);
  const groups = [...access.adminGroupIds, ...access.readerGroupIds, ...approval.approverGroupIds, ...customerGroups];
  const scopes = graphScopes(groups.length > 0);
  const tokens = createOboTokenProvider({
    clientId: config.bot.id,
    clientSecret: config.bot.password,
    certificate: config.bot.certificatePem,
    managedIdentityClientId: config.bot.managedIdentityClientId,
    authorityHost: config.entra.authorityHost,
    ca: config.trustedCaPem,
  });
  // The watch reads without a user: the bot's own Graph token in each watched tenant (application permission).
  const msi = config.bot.type === 'UserAssignedMsi' ? config.bot.managedIdentityClientId : undefined;
  const appTokens = createAppGraphTokenProvider({
    ...botCredential(config, msi ?? config.bot.id),
    timeoutMs: config.entra.tokenTimeoutSeconds * 1000,
  });
  return createGraphGateway({
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
}

/** The use cases (core/service.ts) over the Graph client, the store and the cards that get replaced. */
function createService(
  { config, store, clock, log, build }: Base,
  parts: { graph: GraphGateway; authorizer: Authorizer; operations: Store['operations']; cardUpdates: CardUpdates },
): RemoteAssistanceService {
  const intune = new IntunePermissions({
    gateway: parts.graph,
    clock,
    log,
    cacheSeconds: config.access.intunePermissionCacheSeconds,
    adminContact: config.access.adminContact,
    mode: config.access.intuneCheckMode,
  });
  return new RemoteAssistanceService(
    {
      gateway: parts.graph,
      relationships: parts.graph,
      authorizer: parts.authorizer,
      intune,
      store: parts.operations,
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
      consentUrl: (tenantId) => {
        const query = `client_id=${encodeURIComponent(config.bot.id)}`;
        return `${config.entra.authorityHost}/${encodeURIComponent(tenantId)}/adminconsent?${query}`;
      },
      cards: parts.cardUpdates,
      fleets: store.fleets,
      watch: {
        store: store.watch,
        intervalSeconds: config.watch.intervalSeconds,
        expiryWarningHours: config.watch.expiryWarningHours,
      },
      deployment: { version: build.version, commit: build.commit, storeEngine: store.engine },
      customers: config.customers,
      conversationCustomers: store.conversationCustomers,
    },
    COMMAND_TABLE,
  );
}

/** The watch's poller: every instance runs one, the lease in the store picks who polls; notices go to the notifier. */
function createPoller(base: Base, graph: RemoteAssistanceGateway, notifier: BotNotifier): WatchPoller {
  const { config, store, clock, log } = base;
  return new WatchPoller({
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
    // `watch @all`: each customer tenant read with that tenant's app-only token; a failed read is told once.
    customers: config.customers,
  });
}

/**
 * The sweeper: abandoned `running` records settled from the partner's state, read with the bot's own
 * application permission (no user is present: the gateway's app-only path, as the watch's), their cards
 * replaced; one sweeping instance per database.
 */
function createSweeper(
  config: Config,
  operations: Store['operations'],
  store: Store,
  graph: RemoteAssistanceGateway,
  updates: CardUpdates,
  clock: Clock,
  log: Logger,
  fleetExpired: (fleetId: string) => Promise<void>,
): Sweeper {
  return new Sweeper({
    store: operations,
    instrumentation: otelInstrumentation,
    partners: createAppPartnerReader(graph),
    updates,
    leadership: store.leadership('sweeper'),
    clock,
    log,
    fleetExpired,
    thresholdMs: abandonedAfterMs(callBounds(config)),
    intervalMs: config.operations.sweepIntervalSeconds * 1000,
  });
}
