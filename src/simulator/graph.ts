/**
 * Simulated Microsoft Graph: the remote-assistance partner endpoints (beta and v1.0), /me and
 * /me/checkMemberGroups. Tokens are checked as Graph does (401 InvalidAuthenticationToken, 403 for a missing
 * scope); errors carry Graph's JSON, request-id and the echoed client-request-id; faults can be injected.
 */
import { randomUUID } from 'node:crypto';
import type { Partner } from '../core/model';
import { GRAPH_AUDIENCES, type SimEnv } from './env';
import { drop, readJson, sendEmpty, sendJson, sleep, type RequestContext } from './http';
import type { Claims } from './jwt';

const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const READ_SCOPES = ['DeviceManagementServiceConfig.Read.All', 'DeviceManagementServiceConfig.ReadWrite.All'];
const WRITE_SCOPES = ['DeviceManagementServiceConfig.ReadWrite.All'];
const GROUP_SCOPES = ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'];
const ONBOARDING_WINDOW_MS = 60 * 60 * 1000;

const DEFAULT_CODES: Record<number, [string, string]> = {
  400: ['BadRequest', 'The request is malformed or incorrect.'],
  401: ['InvalidAuthenticationToken', 'Access token validation failure.'],
  403: ['Forbidden', 'Forbidden'],
  404: ['ResourceNotFound', 'The requested resource was not found.'],
  409: ['Conflict', 'The request conflicts with the current state of the resource.'],
  429: ['TooManyRequests', 'Too many requests. Please retry after the time given in the Retry-After header.'],
  500: ['InternalServerError', 'An internal server error occurred.'],
  502: ['BadGateway', 'Bad gateway.'],
  503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please retry after the time given in the Retry-After header.'],
  504: ['GatewayTimeout', 'The gateway timed out.'],
};

interface GraphRequest {
  ctx: RequestContext;
  env: SimEnv;
  version: string;
  headers: Record<string, string>;
}

function graphError(g: GraphRequest, status: number, code: string, message: string, extra: Record<string, string> = {}): void {
  const body = {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().slice(0, 19),
        'request-id': g.headers['request-id'],
        'client-request-id': g.headers['client-request-id'],
      },
    },
  };
  sendJson(g.ctx.res, status, body, { ...g.headers, ...extra }, 'application/json');
}

function toGraphPartner(p: Partner): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.remoteAssistancePartner',
    id: p.id,
    displayName: p.displayName,
    onboardingUrl: p.onboardingUrl ?? null,
    onboardingStatus: p.onboardingStatus,
    lastConnectionDateTime: p.lastConnectionDateTime ?? null,
    onboardingRequestExpiryDateTime: p.onboardingRequestExpiryDateTime ?? null,
  };
}

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

function hasScope(claims: Claims, allowed: string[]): boolean {
  const granted = String(claims.scp ?? '').toLowerCase().split(' ');
  return allowed.some((s) => granted.includes(s.toLowerCase()));
}

/** Handles /beta/... and /v1.0/...; false when the path is not Graph's. */
export async function handleGraph(ctx: RequestContext, env: SimEnv): Promise<boolean> {
  const match = /^\/(beta|v1\.0)(\/.*)?$/.exec(ctx.url.pathname);
  if (!match) return false;
  ctx.service = 'graph';
  env.state.counters.graph += 1;
  const requestId = randomUUID();
  const sentClientRequestId = ctx.req.headers['client-request-id']?.toString();
  ctx.requestId = requestId;
  ctx.clientRequestId = sentClientRequestId;
  const g: GraphRequest = {
    ctx,
    env,
    version: match[1],
    headers: {
      'request-id': requestId,
      'client-request-id': sentClientRequestId ?? requestId,
      'x-ms-ags-diagnostic': '{"ServerInfo":{"DataCenter":"Local","Slice":"E","Ring":"5","ScaleUnit":"000","RoleInstance":"INTUNE-SIM"}}',
      'Cache-Control': 'no-cache',
    },
  };
  if (env.state.graphLatencyMs > 0) await sleep(env.state.graphLatencyMs);
  const claims = authenticate(g);
  if (!claims) return true;
  ctx.oid = typeof claims.oid === 'string' ? claims.oid : undefined;

  const fault = env.state.takeGraphFault(ctx.method, ctx.url.pathname);
  if (fault) {
    const [code, message] = DEFAULT_CODES[fault.status] ?? ['UnknownError', 'An error occurred.'];
    const extra: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
    graphError(g, fault.status, fault.code ?? code, fault.message ?? message, extra);
    return true;
  }

  let segments: string[];
  try {
    segments = (match[2] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    graphError(g, 400, 'BadRequest', 'The request URI is not valid.');
    return true;
  }
  if (segments[0] === 'deviceManagement' && segments[1] === 'remoteAssistancePartners') {
    await partners(g, claims, segments.slice(2));
  } else if (segments[0] === 'me') {
    await me(g, claims, segments.slice(1));
  } else {
    const unknown = segments[0] === 'deviceManagement' ? segments[1] : segments[0];
    graphError(g, 400, 'BadRequest', `Resource not found for the segment '${unknown ?? ''}'.`);
  }
  return true;
}

async function partners(g: GraphRequest, claims: Claims, rest: string[]): Promise<void> {
  const { ctx, env } = g;
  const write = ctx.method !== 'GET';
  if (!hasScope(claims, write ? WRITE_SCOPES : READ_SCOPES)) {
    graphError(g, 403, 'Forbidden', `Application is not authorized to perform this operation. Application must have one of the following scopes: ${(write ? WRITE_SCOPES : READ_SCOPES).join(', ')}`);
    return;
  }
  const user = env.state.userByOid(ctx.oid);
  if (user && user.intuneAdmin === false) {
    graphError(g, 403, 'Forbidden', '{"_version": 3, "Message": "The user does not have an Intune role that allows this operation. - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000", "CustomApiErrorPhrase": "", "RetryAfter": null, "ErrorSourceService": "", "HttpHeaders": "{}"}');
    return;
  }
  const base = `${env.httpsBase}/${g.version}/$metadata#deviceManagement/remoteAssistancePartners`;
  if (rest.length === 0) {
    if (ctx.method !== 'GET') return methodNotAllowed(g);
    sendJson(ctx.res, 200, { '@odata.context': base, value: env.state.partnerList().map(toGraphPartner) }, g.headers, ODATA_JSON);
    return;
  }
  const partner = env.state.partners.get(rest[0].toLowerCase());
  if (rest.length > 2 || (rest.length === 2 && !['disconnect', 'beginOnboarding'].includes(rest[1]))) {
    graphError(g, 400, 'BadRequest', `Resource not found for the segment '${rest[rest.length - 1]}'.`);
    return;
  }
  if (!partner) {
    graphError(g, 404, 'ResourceNotFound', `{"_version": 3, "Message": "Resource not found: remoteAssistancePartner '${rest[0]}' - Operation ID (for customer support): ${g.headers['request-id']}"}`);
    return;
  }
  if (rest.length === 1) {
    if (ctx.method !== 'GET') return methodNotAllowed(g);
    sendJson(ctx.res, 200, { '@odata.context': `${base}/$entity`, ...toGraphPartner(partner) }, g.headers, ODATA_JSON);
    return;
  }
  if (ctx.method !== 'POST') return methodNotAllowed(g);
  await readJson(ctx.req).catch(() => undefined);
  if (rest[1] === 'disconnect') {
    const held = env.state.takeHeldDisconnect();
    if (held && (await held.arrive()) === 'drop') {
      drop(ctx);
      return;
    }
    partner.onboardingStatus = 'notOnboarded';
    partner.onboardingRequestExpiryDateTime = null;
  } else {
    partner.onboardingStatus = 'onboarding';
    partner.onboardingRequestExpiryDateTime = new Date(Date.now() + ONBOARDING_WINDOW_MS).toISOString();
  }
  sendEmpty(ctx.res, 204, g.headers);
}

async function me(g: GraphRequest, claims: Claims, rest: string[]): Promise<void> {
  const { ctx, env } = g;
  const user = env.state.userByOid(ctx.oid);
  if (rest.length === 0 && ctx.method === 'GET') {
    sendJson(ctx.res, 200, {
      '@odata.context': `${env.httpsBase}/${g.version}/$metadata#users/$entity`,
      id: ctx.oid,
      displayName: user?.name ?? claims.name ?? null,
      userPrincipalName: user?.userPrincipalName ?? claims.upn ?? null,
    }, g.headers, ODATA_JSON);
    return;
  }
  if (rest.length !== 1 || rest[0] !== 'checkMemberGroups') {
    graphError(g, 400, 'BadRequest', `Resource not found for the segment '${rest[rest.length - 1] ?? 'me'}'.`);
    return;
  }
  if (ctx.method !== 'POST') return methodNotAllowed(g);
  if (!hasScope(claims, GROUP_SCOPES)) {
    graphError(g, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    return;
  }
  const body = (await readJson(ctx.req).catch(() => undefined)) as { groupIds?: unknown } | undefined;
  const ids = body?.groupIds;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string') || ids.length > 20) {
    graphError(g, 400, 'Request_BadRequest', 'Invalid value specified for property \'groupIds\': expected 1 to 20 group ids.');
    return;
  }
  const member = new Set((user?.groups ?? []).map((id) => id.toLowerCase()));
  sendJson(ctx.res, 200, {
    '@odata.context': `${env.httpsBase}/${g.version}/$metadata#Collection(Edm.String)`,
    value: (ids as string[]).filter((id) => member.has(id.toLowerCase())),
  }, g.headers, ODATA_JSON);
}

function methodNotAllowed(g: GraphRequest): void {
  graphError(g, 405, 'Request_BadRequest', `The HTTP method '${g.ctx.method}' is not allowed for this resource.`);
}
