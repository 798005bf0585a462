/**
 * Simulated Microsoft Graph: routing, token checks and faults; the remote-assistance partner endpoints (beta and
 * v1.0) are in graph-partners.ts, getEffectivePermissions in graph-intune-rbac.ts; /me and /me/checkMemberGroups
 * are here. Tokens are checked as Graph does
 * (401 InvalidAuthenticationToken, 403 for a missing scope or permission set); errors carry Graph's JSON,
 * request-id and the echoed client-request-id.
 */
import { randomUUID } from 'node:crypto';
import { GRAPH_AUDIENCES, type SimEnv } from './env';
import { readJson, sendJson, sleep, type RequestContext } from './http';
import type { Claims } from './jwt';
import { graphError, hasScopeSet, isAppOnly, methodNotAllowed, ODATA_JSON, type GraphRequest } from './graph-common';
import { effectivePermissions, isEffectivePermissionsSegment } from './graph-intune-rbac';
import { partners } from './graph-partners';
import { tenantRelationships } from './graph-tenant-relationships';

/**
 * Delegated permission sets that let POST /me/checkMemberGroups answer (api-reference/v1.0/api/
 * directoryobject-checkmembergroups.md, "Group memberships for a user"): a user permission AND a group
 * permission, or Directory.Read.All. Anything less is 403 Authorization_RequestDenied.
 */
export const CHECK_MEMBER_GROUPS_SCOPE_SETS: readonly (readonly string[])[] = [
  ['User.ReadBasic.All', 'GroupMember.Read.All'],
  ['User.Read.All', 'GroupMember.Read.All'],
  ['User.ReadBasic.All', 'Group.Read.All'],
  ['User.Read.All', 'Group.Read.All'],
  ['Directory.Read.All'],
];

const DEFAULT_CODES: Record<number, [string, string]> = {
  400: ['BadRequest', 'The request is malformed or incorrect.'],
  401: ['InvalidAuthenticationToken', 'Access token validation failure.'],
  403: ['Forbidden', 'Forbidden'],
  404: ['ResourceNotFound', 'The requested resource was not found.'],
  409: ['Conflict', 'The request conflicts with the current state of the resource.'],
  429: ['TooManyRequests', 'Too many requests. Please retry after the time given in the Retry-After header.'],
  500: ['InternalServerError', 'An internal server error occurred.'],
  502: ['BadGateway', 'Bad gateway.'],
  503: [
    'ServiceUnavailable',
    'The service is temporarily unavailable. Please retry after the time given in the Retry-After header.',
  ],
  504: ['GatewayTimeout', 'The gateway timed out.'],
};

function authenticate(g: GraphRequest): Claims | undefined {
  const header = g.ctx.req.headers.authorization;
  const unauthorized = (message: string): undefined => {
    graphError(g, 401, 'InvalidAuthenticationToken', message, {
      'WWW-Authenticate': `Bearer realm="", authorization_uri="${g.env.httpsBase}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
    });
    return undefined;
  };
  if (!header || !/^Bearer\s+\S/i.test(header)) return unauthorized('Access token is empty.');
  const token = header.replace(/^Bearer\s+/i, '').trim();
  if (token.split('.').length !== 3) return unauthorized('IDX14100: JWT is not well formed, there are no dots (.).');
  const result = g.env.verifier.verify(token, GRAPH_AUDIENCES);
  if (result.ok) return result.claims;
  const messages = {
    malformed: 'IDX14100: JWT is not well formed.',
    signature: 'Access token validation failure. Invalid signature.',
    expired: 'Lifetime validation failed, the token is expired.',
    notYetValid: 'Lifetime validation failed, the token is not yet valid.',
    audience: 'Access token validation failure. Invalid audience.',
  } as const;
  return unauthorized(messages[result.reason]);
}

/** The fault queued for this request, answered; false when there is none. */
function answeredFault(g: GraphRequest): boolean {
  const fault = g.env.state.takeGraphFault(g.ctx.method, g.ctx.url.pathname);
  if (!fault) return false;
  const [code, message] = DEFAULT_CODES[fault.status] ?? ['UnknownError', 'An error occurred.'];
  const retryAfter =
    fault.retryAfter ?? (fault.retryAfterSeconds !== undefined ? String(fault.retryAfterSeconds) : undefined);
  const extra: Record<string, string> = retryAfter !== undefined ? { 'Retry-After': retryAfter } : {};
  // Graph's throttling sample (concepts/throttling.md) repeats the status in innerError.code and .status.
  const inner: Record<string, string> =
    fault.status === 429 ? { code: '429', message: 'Please retry after', status: '429' } : {};
  graphError(g, fault.status, fault.code ?? code, fault.message ?? message, extra, inner);
  return true;
}

/** A throttled customer tenant answers 429 with Retry-After, as Graph does (concepts/throttling.md). */
function answeredThrottle(g: GraphRequest): boolean {
  const retryAfter = g.customer ? g.env.state.customers.takeThrottle(g.customer) : undefined;
  if (retryAfter === undefined) return false;
  const [code, message] = DEFAULT_CODES[429];
  graphError(
    g,
    429,
    code,
    message,
    { 'Retry-After': String(retryAfter) },
    { code: '429', message: 'Please retry after', status: '429' },
  );
  return true;
}

function graphRequest(ctx: RequestContext, env: SimEnv, version: string): GraphRequest {
  const requestId = randomUUID();
  const sentClientRequestId = ctx.req.headers['client-request-id']?.toString();
  ctx.requestId = requestId;
  ctx.clientRequestId = sentClientRequestId;
  return {
    ctx,
    env,
    version,
    headers: {
      'request-id': requestId,
      'client-request-id': sentClientRequestId ?? requestId,
      'x-ms-ags-diagnostic':
        '{"ServerInfo":{"DataCenter":"Local","Slice":"E","Ring":"5","ScaleUnit":"000","RoleInstance":"INTUNE-SIM"}}',
      'Cache-Control': 'no-cache',
    },
  };
}

async function dispatch(g: GraphRequest, claims: Claims, segments: string[]): Promise<void> {
  if (segments[0] === 'deviceManagement' && segments[1] === 'remoteAssistancePartners') {
    await partners(g, claims, segments.slice(2));
  } else if (segments[0] === 'deviceManagement' && isEffectivePermissionsSegment(segments[1])) {
    effectivePermissions(g, claims, segments.slice(1));
  } else if (segments[0] === 'tenantRelationships') {
    tenantRelationships(g, claims, segments.slice(1));
  } else if (segments[0] === 'me') {
    await me(g, claims, segments.slice(1));
  } else {
    const unknown = segments[0] === 'deviceManagement' ? segments[1] : segments[0];
    graphError(g, 400, 'BadRequest', `Resource not found for the segment '${unknown ?? ''}'.`);
  }
}

/** Handles /beta/... and /v1.0/...; false when the path is not Graph's. */
export async function handleGraph(ctx: RequestContext, env: SimEnv): Promise<boolean> {
  const match = /^\/(beta|v1\.0)(\/.*)?$/.exec(ctx.url.pathname);
  if (!match) return false;
  ctx.service = 'graph';
  env.state.counters.graph += 1;
  const g = graphRequest(ctx, env, match[1]);
  if (env.state.graphLatencyMs > 0) await sleep(env.state.graphLatencyMs);
  const claims = authenticate(g);
  if (!claims) return true;
  ctx.oid = typeof claims.oid === 'string' ? claims.oid : undefined;
  // The tenant the token is for: a customer's (acts on that customer's Intune), or the home tenant.
  const tid = typeof claims.tid === 'string' ? claims.tid : undefined;
  g.customer = tid && tid.toLowerCase() !== env.tenantId.toLowerCase() ? env.state.customers.find(tid) : undefined;
  ctx.tenantId = g.customer?.customer.tenantId;
  if (answeredThrottle(g) || answeredFault(g)) return true;

  let segments: string[];
  try {
    segments = (match[2] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    graphError(g, 400, 'BadRequest', 'The request URI is not valid.');
    return true;
  }
  await dispatch(g, claims, segments);
  return true;
}

async function me(g: GraphRequest, claims: Claims, rest: string[]): Promise<void> {
  const { ctx, env } = g;
  // Graph's answer to /me with an app-only token (no signed-in user to be "me").
  if (isAppOnly(claims))
    return graphError(g, 400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
  const user = env.state.userByOid(ctx.oid);
  if (rest.length === 0 && ctx.method === 'GET') {
    sendJson(
      ctx.res,
      200,
      {
        '@odata.context': `${env.httpsBase}/${g.version}/$metadata#users/$entity`,
        id: ctx.oid,
        displayName: user?.name ?? claims.name ?? null,
        userPrincipalName: user?.userPrincipalName ?? claims.upn ?? null,
      },
      g.headers,
      ODATA_JSON,
    );
    return;
  }
  if (rest.length !== 1 || rest[0] !== 'checkMemberGroups') {
    graphError(g, 400, 'BadRequest', `Resource not found for the segment '${rest[rest.length - 1] ?? 'me'}'.`);
    return;
  }
  if (ctx.method !== 'POST') return methodNotAllowed(g);
  if (!hasScopeSet(claims, CHECK_MEMBER_GROUPS_SCOPE_SETS)) {
    graphError(g, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    return;
  }
  const body = (await readJson(ctx.req).catch(() => undefined)) as { groupIds?: unknown } | undefined;
  const ids = body?.groupIds;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string') || ids.length > 20) {
    graphError(
      g,
      400,
      'Request_BadRequest',
      "Invalid value specified for property 'groupIds': expected 1 to 20 group ids.",
    );
    return;
  }
  // A partner user's groups are the partner tenant's: in a customer tenant they are member of none.
  const member = new Set((g.customer ? [] : (user?.groups ?? [])).map((id) => id.toLowerCase()));
  sendJson(
    ctx.res,
    200,
    {
      '@odata.context': `${env.httpsBase}/${g.version}/$metadata#Collection(Edm.String)`,
      value: (ids as string[]).filter((id) => member.has(id.toLowerCase())),
    },
    g.headers,
    ODATA_JSON,
  );
}
