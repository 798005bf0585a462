/**
 * A simulated Intune tenant on loopback for tests, local mode and benchmarks: Entra (OIDC discovery, JWKS,
 * the on-behalf-of token endpoint), Microsoft Graph (remote-assistance partners, /me/checkMemberGroups), the
 * Bot Framework token service and the Bot Framework channel issuer (bot-framework.ts: OpenID metadata, JWKS,
 * signed activity tokens). The real clients (OnBehalfOfCredential, the Graph client, botbuilder's
 * UserTokenClient and JwtTokenExtractor) run against it unmodified.
 *
 * One HTTPS server (self-signed certificate made at start, `ca`) serves everything by path; a second, plain
 * HTTP server serves the same routes for the token service (`tokenServiceUrl`) and the channel issuer's
 * metadata, because botbuilder's token client and its OpenID metadata fetch have no simple way to trust a
 * private CA. Control: GET /_sim/state, POST /_sim/reset, POST /_sim/faults, GET /_sim/telemetry.
 * Telemetry ingestion (telemetry-routes.ts): Application Insights' POST /v2.1/track and the OTLP/HTTP receiver's
 * POST /v1/traces and /v1/metrics, on both servers; what arrives is in `telemetry`.
 */
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  createBotFrameworkIssuer,
  handleBotFramework,
  issueActivityToken,
  type BotFrameworkIssuer,
} from './bot-framework';
import { handleControl, partnersFor } from './control';
import { handleEntra } from './entra';
import { issueFederatedAssertion, issueUserAssertion, type SimEnv } from './env';
import { handleGraph } from './graph';
import { changePartner } from './partner-changes';
import { HttpError, sendJson, type RequestContext } from './http';
import { createSigningKeys, registerCertificate, TokenVerifier, type SigningKeys } from './jwt';
import {
  DEFAULT_APPLICATION_PERMISSIONS,
  DEFAULT_BOT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_CONSENTED_SCOPES,
  DEFAULT_TENANT_ID,
  defaultPartners,
  defaultUsers,
} from './seed';
import { CustomerWorld } from './customer-world';
import { defaultCustomers, defaultRelationships } from './seed-customers';
import { SimState } from './state';
import { createTlsIdentity } from './tls';
import { handleTelemetry } from './telemetry-routes';
import { TelemetrySink } from './telemetry-sink';
import { handleTokenService } from './token-service';
import { verifyAppToken } from './token-service-checks';
import type { SimUser, Simulator, SimulatorFaults, SimulatorOptions } from './types';

export * from './types';
export * from './seed';
export * from './seed-customers';
export * from './customers';
export type { CustomerChange, CustomerSnapshot, SimThrottle } from './customer-world';
export type { PartnerChange } from './partner-changes';
export type { AttributeValue, SimMetricPoint, SimSpan, SimTelemetry } from './telemetry-sink';
export { buildTrees, flatten, renderTrees, type SpanTree } from './telemetry-trees';

async function route(req: IncomingMessage, res: ServerResponse, env: SimEnv): Promise<void> {
  const ctx: RequestContext = {
    req,
    res,
    url: new URL(req.url ?? '/', 'http://simulator.invalid'),
    method: (req.method ?? 'GET').toUpperCase(),
    service: 'control',
  };
  res.once('close', () => {
    if (ctx.service === 'control') return;
    env.state.record({
      at: new Date().toISOString(),
      service: ctx.service,
      method: ctx.method,
      path: ctx.url.pathname,
      status: ctx.dropped || !res.writableFinished ? 0 : res.statusCode,
      oid: ctx.oid,
      ...(ctx.tenantId ? { tenantId: ctx.tenantId } : {}),
      clientRequestId: ctx.clientRequestId,
      requestId: ctx.requestId,
    });
  });
  try {
    const handled =
      (await handleTelemetry(ctx, env)) ||
      (await handleGraph(ctx, env)) ||
      (await handleEntra(ctx, env)) ||
      (await handleTokenService(ctx, env)) ||
      handleBotFramework(ctx, env) ||
      (await handleControl(ctx, env));
    if (!handled)
      sendJson(res, 404, {
        error: { code: 'NotFound', message: `Nothing simulated at ${ctx.method} ${ctx.url.pathname}` },
      });
  } catch (e) {
    if (ctx.dropped || res.headersSent) {
      res.destroy();
      return;
    }
    const status = e instanceof HttpError ? e.status : 500;
    sendJson(res, status, {
      error: {
        code: status === 500 ? 'SimulatorError' : 'BadRequest',
        message: e instanceof Error ? e.message : String(e),
      },
    });
  }
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function userNamed(state: SimState, id: string): SimUser {
  const found = state.userByOid(id) ?? state.userByChannelId(id);
  if (!found) throw new Error(`No simulated user with object id or channel id '${id}'`);
  return found;
}

/** The state and configuration the services share; base URLs are set once the servers listen. */
function createEnv(options: SimulatorOptions, keys: SigningKeys, botFramework: BotFrameworkIssuer): SimEnv {
  const customers = options.customers ?? defaultCustomers();
  const world = new CustomerWorld(
    customers,
    options.relationships ?? (options.customers ? [] : defaultRelationships(customers)),
  );
  const state = new SimState(
    options.users ?? defaultUsers(),
    options.partners ?? defaultPartners(),
    options.graphLatencyMs ?? 0,
    options.callLogLimit ?? 2000,
    options.graphPageSize ?? 100,
    world,
  );
  return {
    state,
    keys,
    verifier: new TokenVerifier(keys),
    botId: options.botId ?? DEFAULT_BOT_ID,
    clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
    certificate: options.certificatePem ? registerCertificate(options.certificatePem) : undefined,
    tenantId: options.tenantId ?? DEFAULT_TENANT_ID,
    consentedScopes: options.consentedScopes ?? DEFAULT_CONSENTED_SCOPES,
    applicationPermissions: options.applicationPermissions ?? DEFAULT_APPLICATION_PERMISSIONS,
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
    botFramework,
    tokenService: {
      connectionName: options.oauthConnectionName ?? 'graph',
      auth: options.tokenServiceAuth ?? 'whenPresent',
    },
    httpsBase: '',
    httpBase: '',
    telemetry: new TelemetrySink(),
  };
}

function faultsOf(state: SimState): SimulatorFaults {
  return {
    graphNext: (count, fault) => state.addGraphFault(count, fault),
    latency: (ms) => {
      state.graphLatencyMs = Math.max(0, ms);
    },
    holdNextDisconnect: () => state.holdNextDisconnect(),
    holdNextBeginOnboarding: () => state.holdNextDisconnect('beginOnboarding'),
    nextLinkOrigin: (origin) => {
      state.nextLinkOrigin = origin;
    },
    user: (oid, flags) => state.setUserFlags(oid, flags),
    clear: () => state.clearFaults(),
  };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const callLogLimit = options.callLogLimit ?? 2000;
  const [tls, keys, botFramework] = await Promise.all([
    createTlsIdentity(),
    createSigningKeys(),
    createBotFrameworkIssuer(options.botFramework),
  ]);
  const env = createEnv(options, keys, botFramework);
  const state = env.state;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void route(req, res, env);
  };
  const httpsServer = https.createServer({ key: tls.key, cert: tls.cert }, handler);
  const httpServer = http.createServer(handler);
  const httpsPort = await listen(httpsServer, host, options.port ?? 0);
  let httpPort: number;
  try {
    httpPort = await listen(httpServer, host, options.tokenServicePort ?? 0);
  } catch (e) {
    await closeServer(httpsServer);
    throw e;
  }
  env.httpsBase = `https://${urlHost}:${httpsPort}`;
  env.httpBase = `http://${urlHost}:${httpPort}`;

  const findUser = (user: SimUser | string): SimUser => (typeof user === 'string' ? userNamed(state, user) : user);
  let closed: Promise<void> | undefined;

  return {
    authorityHost: env.httpsBase,
    graphBaseUrl: env.httpsBase,
    tokenServiceUrl: env.httpBase,
    ca: tls.cert,
    botId: env.botId,
    clientSecret: env.clientSecret,
    tenantId: env.tenantId,
    oauthConnectionName: env.tokenService.connectionName,
    get users() {
      return state.users;
    },
    partners: () => state.partnerList(),
    get calls() {
      return state.recentCalls(callLogLimit);
    },
    get counters() {
      return { ...state.counters, oboByUser: { ...state.counters.oboByUser } };
    },
    faults: faultsOf(state),
    issueUserAssertion: (user, assertionOptions) => issueUserAssertion(env, findUser(user), assertionOptions),
    issueClientAssertion: (o) => issueFederatedAssertion(env, o?.expiresInSeconds),
    verifyAppToken: (token, resource) => verifyAppToken(env, token, resource),
    botFramework: {
      openIdMetadataUrl: `${env.httpBase}${botFramework.metadataPath}`,
      issuer: botFramework.issuer,
      keyId: botFramework.keys.kid,
      issueActivityToken: (o) => issueActivityToken(env, o),
    },
    issueSignInCode: (channelUserId) => state.newSignInCode(findUser(channelUserId).channelUserId),
    isSignedIn: (channelUserId) => Boolean(state.userByChannelId(channelUserId)?.signedIn),
    completeOnboarding: (partnerId) => state.completeOnboarding(partnerId),
    changePartner: (change) => changePartner(partnersFor(env, change), change),
    customers: () => state.customers.list().map((c) => state.customers.snapshot(c)),
    changeCustomer: (change) => state.customers.change(change),
    setApplicationPermissions: (permissions) => {
      env.applicationPermissions = [...permissions];
    },
    telemetry: env.telemetry,
    reset: () => state.reset(),
    close: () => {
      closed ??= (async () => {
        state.clearFaults();
        await Promise.all([closeServer(httpsServer), closeServer(httpServer)]);
      })();
      return closed;
    },
  };
}
