/**
 * The remote-assistance and directory gateways on @microsoft/microsoft-graph-client (one call path: graph-call.ts).
 *
 * - ONE Client per gateway (create one gateway per process). The chain is AuthenticationHandler ->
 *   TelemetryHandler -> NodeHttpHandler (see node-http-handler.ts for why not fetch).
 * - Per-request auth: the caller's token is obtained first (so auth errors stay AppError auth.*), then handed
 *   to the AuthenticationHandler through AuthenticationHandlerOptions for that request only. The caller is a
 *   signed-in user (on-behalf-of token, `tokens`) or, for reads, the bot itself in a tenant (app-only token,
 *   `appTokens`): one client, one retry and error path, two token sources.
 * - Trap: the AuthenticationHandler adds the Authorization header only for Graph hosts or hosts in
 *   `customHosts`, and only for https URLs; otherwise the request silently goes out unauthenticated. The
 *   base URL's host is always put in customHosts, and an http base URL is refused.
 * - Every call carries a fresh client-request-id (kept across its retries); responses are read RAW so that
 *   request-id and Retry-After headers are available (the SDK drops them for 204s and errors).
 * - 429/503 are retried honouring Retry-After (fractional seconds or an HTTP-date, rounded up) while it is
 *   within `maxRetryAfterSeconds` and attempts remain; otherwise AppError 'graph.throttled' with
 *   retryAfterSeconds, without waiting.
 * - An action (`act`: POST .../{id}/{action}, an operation kind's Graph action) changes the tenant, so it is
 *   repeated only when Graph said it did not take it: 429 (throttled), or 503 WITH Retry-After (errors.md: "You may repeat the request after
 *   a delay"). Its answer lost after sending (NoAnswerError from the transport: reset, timeout), a 502 or 504
 *   from a gateway (errors.md: the proxy "did not receive a timely response from the upstream server"; 504
 *   "may occur together with 503"), or a 503 without Retry-After: 'graph.outcomeUnknown', never sent again.
 *   The same failures of a read are 'graph.network' / 'graph.unavailable' / 'graph.throttled' as before.
 * - A list follows `@odata.nextLink` for at most `maxPages` pages, and only on the base URL's origin (the
 *   user's token goes nowhere else). More pages, or a next page elsewhere, is 'graph.incompleteList': a
 *   partial list would make a name look unknown.
 */
import { AppError } from '../core/errors';
import type { Partner } from '../core/model';
import {
  SCOPES_GROUP_CHECK,
  SCOPE_REMOTE_ASSISTANCE,
  type AppGraphTokenProvider,
  type DirectoryGateway,
  type GraphCaller,
  type GraphTokenProvider,
  type IntuneRbacGateway,
  type RemoteAssistanceGateway,
} from '../core/ports';
import { SCOPE_DELEGATED_ADMIN_READ, type PartnerRelationships } from '../core/partner-relationships';
import { listRelationships } from './gdap';
import { graphCall, graphClient, type CallResult, type GraphCall } from './graph-call';
import { NodeHttpHandler } from './node-http-handler';
import { partnerIdSegment } from './partner-id';
import { partnerFromGraph } from './partner-json';
import { rolePermissionsFromGraph } from './role-permission-json';

export interface GraphGatewayOptions {
  tokens: GraphTokenProvider;
  /** The bot's own Graph tokens per tenant, for reads made without a user (the watch). */
  appTokens?: AppGraphTokenProvider;
  /** Default https://graph.microsoft.com (no version). Must be https. */
  baseUrl?: string;
  /** Default 'beta' (the remote-assistance endpoints are beta). */
  version?: string;
  /** Scopes for the partner calls. Default [SCOPE_REMOTE_ASSISTANCE]. */
  scopes?: string[];
  /** Scopes for checkMemberGroups. Default SCOPES_GROUP_CHECK. */
  groupScopes?: string[];
  /**
   * Scopes for the GDAP relationships (`customers`). Default DelegatedAdminRelationship.Read.All alone: asked only
   * when that list is read, so a partner tenant that has not consented it loses the list, never the other calls.
   */
  relationshipScopes?: string[];
  /** PEM of an extra CA to trust (the simulator's). */
  ca?: string;
  retry?: {
    /** Retries of a throttled call. Default 3. */
    maxRetries?: number;
    /** A Retry-After longer than this is not waited for. Default 10. */
    maxRetryAfterSeconds?: number;
  };
  /** Pages of a list that are followed (`@odata.nextLink`). Default 20. */
  maxPages?: number;
  /** Per HTTP request. Default 30 s. */
  timeoutMs?: number;
  /** Connections kept per host. Default 64. */
  maxSockets?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface GraphGateway
  extends RemoteAssistanceGateway, DirectoryGateway, IntuneRbacGateway, PartnerRelationships {
  /** Closes kept-alive connections. */
  close(): void;
}

const PARTNERS = '/deviceManagement/remoteAssistancePartners';
/**
 * The user's effective Intune permissions over all scope tags. Only the overload WITH `scope` returns
 * rolePermission[] (the beta metadata's other overload, without parameters, returns Collection(Edm.String)).
 * Microsoft documents no value for `scope`; '*' is what a tool verified against a live tenant sends (see
 * test/contracts/fixtures/graph-intune-rbac.json).
 */
const EFFECTIVE_PERMISSIONS = "/deviceManagement/getEffectivePermissions(scope='*')";

async function json(result: CallResult): Promise<Record<string, unknown>> {
  try {
    return (await result.response.json()) as Record<string, unknown>;
  } catch (e) {
    throw new AppError('graph.unexpected', 'Graph answered with a body that is not JSON', { ...result.info, cause: e });
  }
}

/**
 * Every page of the partner list, following `@odata.nextLink` on the base URL's origin only (the token travels
 * nowhere else) for at most `maxPages` pages: a partial list would make a name look unknown.
 */
async function listPartners(
  call: GraphCall,
  caller: GraphCaller,
  scopes: string[],
  baseUrl: string,
  maxPages: number,
): Promise<Partner[]> {
  const partners: Partner[] = [];
  let path: string = PARTNERS;
  for (let page = 1; ; page++) {
    const result = await call(caller, 'GET', path, scopes);
    const body = await json(result);
    const value = Array.isArray(body.value) ? body.value : [];
    partners.push(...value.map(partnerFromGraph));
    const next = body['@odata.nextLink'];
    if (typeof next !== 'string' || !next) return partners;
    if (page >= maxPages) {
      throw new AppError(
        'graph.incompleteList',
        `Graph still had more partners after ${maxPages} pages (${partners.length} read)`,
        result.info,
      );
    }
    let nextUrl: URL;
    try {
      nextUrl = new URL(next, baseUrl);
    } catch {
      throw new AppError('graph.incompleteList', 'Graph gave a next page link that is not a URL', result.info);
    }
    // The token must not travel anywhere but the Graph origin the bot was configured with.
    if (nextUrl.origin !== baseUrl) {
      throw new AppError(
        'graph.incompleteList',
        `Graph gave a next page on another origin (${nextUrl.origin}); not followed`,
        result.info,
      );
    }
    path = nextUrl.href;
  }
}

/** checkMemberGroups takes at most 20 ids per call. */
async function memberOf(call: GraphCall, caller: GraphCaller, scopes: string[], groupIds: string[]): Promise<string[]> {
  const unique = [...new Set(groupIds.filter((id) => typeof id === 'string' && id.length > 0))];
  const member: string[] = [];
  for (let i = 0; i < unique.length; i += 20) {
    const body = await json(
      await call(caller, 'POST', '/me/checkMemberGroups', scopes, { groupIds: unique.slice(i, i + 20) }),
    );
    if (Array.isArray(body.value)) member.push(...body.value.filter((id): id is string => typeof id === 'string'));
  }
  return member;
}

export function createGraphGateway(options: GraphGatewayOptions): GraphGateway {
  const base = new URL(options.baseUrl ?? 'https://graph.microsoft.com');
  if (base.protocol !== 'https:') {
    throw new Error('The Graph base URL must be https: the Graph client sends no Authorization header to other URLs');
  }
  const version = options.version ?? 'beta';
  const scopes = options.scopes ?? [SCOPE_REMOTE_ASSISTANCE];
  const groupScopes = options.groupScopes ?? [...SCOPES_GROUP_CHECK];
  const relationshipScopes = options.relationshipScopes ?? [SCOPE_DELEGATED_ADMIN_READ];
  const maxPages = Math.max(1, options.maxPages ?? 20);
  const transport = new NodeHttpHandler({
    ca: options.ca,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxSockets: options.maxSockets ?? 64,
  });
  const call = graphCall({
    client: graphClient(base, version, transport),
    version,
    tokens: options.tokens,
    appTokens: options.appTokens,
    maxRetries: options.retry?.maxRetries ?? 3,
    maxRetryAfterSeconds: options.retry?.maxRetryAfterSeconds ?? 10,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
  });

  return {
    list: (caller) => listPartners(call, caller, scopes, base.origin, maxPages),
    async get(caller, partnerId) {
      const path = `${PARTNERS}/${partnerIdSegment(partnerId)}`;
      return partnerFromGraph(await json(await call(caller, 'GET', path, scopes)));
    },
    async act(session, partnerId, action) {
      const path = `${PARTNERS}/${partnerIdSegment(partnerId)}/${action}`;
      const result = await call(session, 'POST', path, scopes, undefined, true);
      await result.response.arrayBuffer().catch(() => undefined);
      return result.info;
    },
    memberOf: (session, groupIds) => memberOf(call, session, groupScopes, groupIds),
    relationships: (session) => listRelationships(call, session, relationshipScopes, base.origin, maxPages),
    async effectivePermissions(session) {
      const result = await call(session, 'GET', EFFECTIVE_PERMISSIONS, scopes);
      const body = await json(result);
      // A partial list could hide the permission that allows a button: not read as complete.
      if (body['@odata.nextLink'])
        throw new AppError('graph.incompleteList', 'getEffectivePermissions answered in pages', result.info);
      return rolePermissionsFromGraph(body);
    },
    close: () => transport.close(),
  };
}
