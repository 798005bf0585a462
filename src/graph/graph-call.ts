/**
 * One logical Graph call: the caller's token, the request, bounded retries of 429/503, and the mapping of what
 * went wrong to an AppError. What an action (a request that changes the tenant) changes in that is explained in
 * gateway.ts' module comment.
 */
import { randomUUID } from 'node:crypto';
import {
  AuthenticationHandler,
  AuthenticationHandlerOptions,
  Client,
  ResponseType,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { AppError } from '../core/errors';
import {
  isAppCaller,
  SCOPE_INTUNE_RBAC_READ,
  SCOPE_REMOTE_ASSISTANCE,
  type AppGraphTokenProvider,
  type GraphCallInfo,
  type GraphCaller,
  type GraphTokenProvider,
} from '../core/ports';
import { graphAppError, parseGraphErrorBody, parseRetryAfter, type GraphErrorBody, type ResponseFacts } from './errors';
import { isNoAnswer, NodeHttpHandler } from './node-http-handler';
import { countRetry, countUnknownOutcome, templateOf, tracedRequest } from './telemetry';

export interface CallResult {
  response: Response;
  info: GraphCallInfo;
}

export interface CallSettings {
  client: Client;
  /** The API version put before a relative path ('beta'). */
  version: string;
  tokens: GraphTokenProvider;
  appTokens?: AppGraphTokenProvider;
  maxRetries: number;
  maxRetryAfterSeconds: number;
  sleep: (ms: number) => Promise<void>;
}

export type GraphCall = (
  caller: GraphCaller,
  method: 'GET' | 'POST',
  path: string,
  callScopes: string[],
  body?: unknown,
  action?: boolean,
) => Promise<CallResult>;

/**
 * The one Client of a gateway, on `transport`. Trap: the AuthenticationHandler adds the Authorization header only
 * for Graph hosts or hosts in `customHosts`, and only for https URLs: the base URL's host is always put there.
 */
export function graphClient(base: URL, version: string, transport: NodeHttpHandler): Client {
  const noDefaultToken = {
    getAccessToken: async (): Promise<string> => {
      throw new Error('No per-request token: every request must carry AuthenticationHandlerOptions');
    },
  };
  return Client.initWithMiddleware({
    middleware: [new AuthenticationHandler(noDefaultToken), new TelemetryHandler(), transport],
    baseUrl: base.origin,
    defaultVersion: version,
    customHosts: new Set([base.hostname]),
  });
}

/**
 * An answer to an action that does not say whether Graph acted: a gateway's 502 or 504, or a 503 without
 * Retry-After (with one, Graph says when to repeat it: it was not taken).
 */
function lostByTheWay(status: number, retryAfterSeconds: number | undefined): boolean {
  return status === 502 || status === 504 || (status === 503 && retryAfterSeconds === undefined);
}

function outcomeUnknown(facts: ResponseFacts, body: GraphErrorBody): AppError {
  const known = graphAppError(facts, body);
  return new AppError('graph.outcomeUnknown', `${known.message} (for a change: it may have been applied)`, {
    status: known.status,
    code: known.code,
    requestId: known.requestId,
    clientRequestId: known.clientRequestId,
  });
}

/**
 * What a call in a customer tenant asks of that tenant's Entra: Intune's scopes only. The group checks and the GDAP
 * lists are read in the partner tenant (atHome), and a scope the customer never consented would make Entra refuse
 * the whole token (AADSTS65001), so it is not asked there.
 */
const CUSTOMER_SCOPES: ReadonlySet<string> = new Set([SCOPE_REMOTE_ASSISTANCE, SCOPE_INTUNE_RBAC_READ]);

/** The caller's token: on-behalf-of the user (in a customer: Intune's scopes only), or the bot's own in the caller's tenant. */
function tokenFor(s: CallSettings, caller: GraphCaller, callScopes: string[]): Promise<string> {
  if (!isAppCaller(caller)) {
    return s.tokens.getToken(caller, caller.target ? callScopes.filter((x) => CUSTOMER_SCOPES.has(x)) : callScopes);
  }
  if (!s.appTokens) throw new AppError('auth.failed', 'No app-only Graph token source configured');
  return s.appTokens.getToken(caller.tenantId);
}

interface Attempt {
  caller: GraphCaller;
  method: 'GET' | 'POST';
  path: string;
  callScopes: string[];
  body: unknown;
  action: boolean;
  clientRequestId: string;
  template: string;
  attempt: number;
}

/** Sends one try. A request that got no answer is an AppError here (lost: outcome unknown for an action). */
async function send(s: CallSettings, a: Attempt): Promise<Response> {
  const token = await tokenFor(s, a.caller, a.callScopes);
  const request = s.client
    .api(a.path)
    .header('client-request-id', a.clientRequestId)
    .middlewareOptions([new AuthenticationHandlerOptions({ getAccessToken: async () => token })])
    .responseType(ResponseType.RAW);
  if (!a.path.startsWith('https://')) request.version(s.version);
  const facts = { method: a.method, template: a.template, clientRequestId: a.clientRequestId, attempt: a.attempt };
  try {
    return await tracedRequest(
      facts,
      async () => (await (a.method === 'GET' ? request.get() : request.post(a.body))) as Response,
    );
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    const clientRequestId = a.clientRequestId;
    if (a.action && isNoAnswer(e)) {
      countUnknownOutcome(a.path);
      const message = `Graph's answer to ${a.method} ${a.path} was lost after it was sent: ${detail}`;
      throw new AppError('graph.outcomeUnknown', message, { clientRequestId, cause: e });
    }
    throw new AppError('graph.network', `Graph could not be reached: ${detail}`, { clientRequestId, cause: e });
  }
}

/** A failed answer: the error to throw, or how long to wait before the next try. */
async function failure(s: CallSettings, a: Attempt, response: Response): Promise<AppError | { waitSeconds: number }> {
  const errorBody = parseGraphErrorBody(await response.text().catch(() => ''));
  const retryAfterHeader = parseRetryAfter(response.headers.get('retry-after'));
  const facts = {
    status: response.status,
    headerRequestId: response.headers.get('request-id') ?? undefined,
    headerClientRequestId: response.headers.get('client-request-id') ?? undefined,
    sentClientRequestId: a.clientRequestId,
  };
  if (a.action && lostByTheWay(response.status, retryAfterHeader)) {
    countUnknownOutcome(a.path);
    return outcomeUnknown(facts, errorBody);
  }
  if (isAppCaller(a.caller) && (response.status === 401 || response.status === 403))
    s.appTokens?.forget(a.caller.tenantId);
  const throttled = response.status === 429 || response.status === 503;
  const retryAfterSeconds = throttled ? (retryAfterHeader ?? 2 ** a.attempt) : undefined;
  if (throttled && a.attempt < s.maxRetries && (retryAfterSeconds ?? 0) <= s.maxRetryAfterSeconds) {
    return { waitSeconds: retryAfterSeconds ?? 0 };
  }
  return graphAppError({ ...facts, retryAfterSeconds }, errorBody);
}

/**
 * The gateway's call: a fresh client-request-id kept across its retries; 429/503 retried honouring Retry-After
 * within the bounds; `action`: the request changes the tenant.
 */
export function graphCall(s: CallSettings): GraphCall {
  return async (caller, method, path, callScopes, body, action = false) => {
    const clientRequestId = randomUUID();
    const template = templateOf(path);
    for (let attempt = 0; ; attempt++) {
      const a: Attempt = { caller, method, path, callScopes, body, action, clientRequestId, template, attempt };
      const response = await send(s, a);
      if (response.ok)
        return { response, info: { requestId: response.headers.get('request-id') ?? undefined, clientRequestId } };
      const next = await failure(s, a, response);
      if (next instanceof AppError) throw next;
      countRetry(template);
      await s.sleep(Math.ceil(next.waitSeconds * 1000));
    }
  };
}
