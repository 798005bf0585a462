/**
 * Simulated Bot Framework token service, on the paths botframework-connector's TokenApiClient calls
 * (UserTokenClientImpl): GetToken, exchange, GetSignInResource, SignOut, GetTokenStatus, GetAadTokens. The
 * token it holds for a user is an SSO-style assertion for the bot's own API (what OnBehalfOfCredential needs).
 * Plus /_sim/signin: the page the sign-in link opens, which shows the 6-digit code (channel sign-in).
 * Before answering it checks the bot's credentials and the connection name (token-service-checks.ts).
 * Contract: test/contracts/bot-framework-token-api.json.
 */
import { randomUUID } from 'node:crypto';
import { botAudiences, issueUserAssertion, type SimEnv } from './env';
import { escapeHtml, readJson, sendEmpty, sendHtml, sendJson, type RequestContext } from './http';
import {
  botCredentialProblem,
  isKnownConnection,
  sendUnauthorized,
  sendUnknownConnection,
} from './token-service-checks';
import type { SimUser } from './types';

const RENEW_BEFORE_MS = 5 * 60 * 1000;

function tokenResponse(env: SimEnv, user: SimUser, channelId: string, connectionName: string): Record<string, string> {
  let stored = env.state.userTokens.get(user.channelUserId);
  if (!stored || stored.expiresAt - Date.now() < RENEW_BEFORE_MS) {
    stored = { token: issueUserAssertion(env, user), expiresAt: Date.now() + 3600_000 };
    env.state.userTokens.set(user.channelUserId, stored);
  }
  return { channelId, connectionName, token: stored.token, expiration: new Date(stored.expiresAt).toISOString() };
}

function serviceError(ctx: RequestContext, status: number, code: string, message: string): void {
  sendJson(ctx.res, status, { error: { code, message } });
}

/** What every token-service operation is asked with: the query's user, channel and connection. */
interface TokenCall {
  ctx: RequestContext;
  env: SimEnv;
  q: URLSearchParams;
  path: string;
  user: ReturnType<SimEnv['state']['userByChannelId']>;
  channelId: string;
  connectionName: string | null;
}

type TokenRoute = (call: TokenCall) => Promise<boolean> | boolean;

function getToken({ ctx, env, q, user, channelId, connectionName }: TokenCall): boolean {
  if (!user || !isKnownConnection(env, connectionName)) return notFound(ctx);
  const code = q.get('code');
  if (code) {
    if (env.state.signInCodes.get(user.channelUserId) !== code) return notFound(ctx);
    env.state.signInCodes.delete(user.channelUserId);
    user.signedIn = true;
  }
  if (!user.signedIn) return notFound(ctx);
  sendJson(ctx.res, 200, tokenResponse(env, user, channelId, env.tokenService.connectionName));
  return true;
}

async function exchange({ ctx, env, user, channelId, connectionName }: TokenCall): Promise<boolean> {
  const body = (await readJson(ctx.req).catch(() => undefined)) as { token?: unknown } | undefined;
  if (!isKnownConnection(env, connectionName)) return sendUnknownConnection(ctx, connectionName);
  if (!user) return notFound(ctx);
  const sso = typeof body?.token === 'string' ? body.token : '';
  const verified = sso ? env.verifier.verify(sso, botAudiences(env)) : undefined;
  if (!verified?.ok || String(verified.claims.oid).toLowerCase() !== user.aadObjectId.toLowerCase()) {
    serviceError(
      ctx,
      400,
      'InvalidToken',
      'The token could not be exchanged: it is not a valid SSO token for this user and connection.',
    );
    return true;
  }
  user.signedIn = true;
  sendJson(ctx.res, 200, tokenResponse(env, user, channelId, env.tokenService.connectionName));
  return true;
}

function signInResource({ ctx, env, q, path }: TokenCall): boolean {
  const state = parseState(q.get('state'));
  if (!isKnownConnection(env, state.connectionName)) return sendUnknownConnection(ctx, state.connectionName);
  const id = randomUUID();
  env.state.signInStates.set(id, state);
  const signInLink = `${env.httpBase}/_sim/signin?id=${id}`;
  if (path.endsWith('GetSignInUrl')) {
    sendJson(ctx.res, 200, signInLink);
    return true;
  }
  sendJson(ctx.res, 200, {
    signInLink,
    // Only when the state names the bot (msAppId): without it the service leaves the SSO resource out
    // (microsoft/teams.net core/docs/sso/OAuthFlow-Design.md, "The state must include MsAppId").
    ...(state.msAppId
      ? {
          tokenExchangeResource: {
            id: randomUUID(),
            uri: `api://botid-${env.botId}`,
            providerId: 'd05eaacf-1593-4603-9c6c-d4d8fffa46cb',
          },
        }
      : {}),
    tokenPostResource: { sasUrl: `${env.httpBase}/_sim/tokenpost?id=${id}` },
  });
  return true;
}

function signOut({ ctx, env, user, connectionName }: TokenCall): boolean {
  // connectionName is optional here: without it the user is signed out of every connection.
  if (connectionName !== null && !isKnownConnection(env, connectionName))
    return sendUnknownConnection(ctx, connectionName);
  if (user) {
    user.signedIn = false;
    env.state.userTokens.delete(user.channelUserId);
  }
  sendJson(ctx.res, 200, {});
  return true;
}

function tokenStatus({ ctx, env, q, user, channelId }: TokenCall): boolean {
  // One entry per connection setting of the bot; `include` narrows them down (comma-separated names).
  const include = q
    .get('include')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!user || (include?.length && !include.some((name) => isKnownConnection(env, name)))) {
    sendJson(ctx.res, 200, []);
    return true;
  }
  sendJson(ctx.res, 200, [
    {
      channelId,
      connectionName: env.tokenService.connectionName,
      hasToken: Boolean(user.signedIn),
      serviceProviderDisplayName: 'Azure Active Directory v2',
    },
  ]);
  return true;
}

async function aadTokens({ ctx, env, user, channelId, connectionName }: TokenCall): Promise<boolean> {
  const body = (await readJson(ctx.req).catch(() => undefined)) as { resourceUrls?: unknown } | undefined;
  if (!isKnownConnection(env, connectionName)) return sendUnknownConnection(ctx, connectionName);
  if (!user?.signedIn) {
    sendJson(ctx.res, 200, {});
    return true;
  }
  const urls = Array.isArray(body?.resourceUrls) ? (body?.resourceUrls as unknown[]).map(String) : [];
  const result: Record<string, Record<string, string>> = {};
  for (const url of urls) {
    const token = issueUserAssertion(env, user, { audience: url });
    result[url] = {
      channelId,
      connectionName: env.tokenService.connectionName,
      token,
      expiration: new Date(Date.now() + 3600_000).toISOString(),
    };
  }
  sendJson(ctx.res, 200, result);
  return true;
}

/** The token service's operations, by method and path. */
const ROUTES: Readonly<Record<string, TokenRoute>> = {
  'GET /api/usertoken/GetToken': getToken,
  'POST /api/usertoken/exchange': exchange,
  'GET /api/botsignin/GetSignInResource': signInResource,
  'GET /api/botsignin/GetSignInUrl': signInResource,
  'DELETE /api/usertoken/SignOut': signOut,
  'GET /api/usertoken/GetTokenStatus': tokenStatus,
  'POST /api/usertoken/GetAadTokens': aadTokens,
};

/** Handles /api/usertoken/*, /api/botsignin/* and /_sim/signin; false for other paths. */
export async function handleTokenService(ctx: RequestContext, env: SimEnv): Promise<boolean> {
  const path = ctx.url.pathname;
  if (!path.startsWith('/api/usertoken/') && !path.startsWith('/api/botsignin/') && path !== '/_sim/signin')
    return false;
  ctx.service = 'tokenService';
  const route = `${ctx.method} ${path}`;
  // The page behind the sign-in link is opened by the user's browser, not called by the bot.
  if (route === 'GET /_sim/signin') return signInPage(ctx, env);
  if (botCredentialProblem(ctx, env)) return sendUnauthorized(ctx);
  const q = ctx.url.searchParams;
  const userId = q.get('userId') ?? '';
  const user = env.state.userByChannelId(userId);
  ctx.oid = user?.aadObjectId;
  const handler = Object.hasOwn(ROUTES, route) ? ROUTES[route] : undefined;
  if (!handler) {
    serviceError(ctx, 404, 'NotFound', `No such token service operation: ${route}`);
    return true;
  }
  return handler({
    ctx,
    env,
    q,
    path,
    user,
    channelId: q.get('channelId') ?? 'msteams',
    connectionName: q.get('connectionName'),
  });
}

function notFound(ctx: RequestContext): true {
  // The real service answers 404 without a token; botbuilder reads it as "no token".
  sendEmpty(ctx.res, 404);
  return true;
}

function parseState(raw: string | null): { channelUserId?: string; connectionName?: string; msAppId?: string } {
  if (!raw) return {};
  try {
    // botframework-connector writes camelCase keys (connectionName, conversation, relatesTo, msAppId);
    // other SDKs write PascalCase.
    const state = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Record<
      string,
      { user?: { id?: string } } | string | undefined
    >;
    const conversation = (state.conversation ?? state.Conversation) as { user?: { id?: string } } | undefined;
    const connectionName = state.connectionName ?? state.ConnectionName;
    const msAppId = state.msAppId ?? state.MsAppId;
    return {
      channelUserId: conversation?.user?.id,
      connectionName: typeof connectionName === 'string' ? connectionName : undefined,
      msAppId: typeof msAppId === 'string' && msAppId ? msAppId : undefined,
    };
  } catch {
    return {};
  }
}

/** The page behind the sign-in link: "signs the user in" and shows the code to type into Teams. */
function signInPage(ctx: RequestContext, env: SimEnv): true {
  const state = env.state.signInStates.get(ctx.url.searchParams.get('id') ?? '');
  const user = state?.channelUserId ? env.state.userByChannelId(state.channelUserId) : undefined;
  if (!user) {
    sendHtml(
      ctx.res,
      404,
      '<!doctype html><title>Sign-in</title><p>This sign-in link is unknown or for an unknown user.</p>',
    );
    return true;
  }
  ctx.oid = user.aadObjectId;
  const code = env.state.newSignInCode(user.channelUserId);
  sendHtml(
    ctx.res,
    200,
    `<!doctype html><title>Sign-in (simulator)</title><h1>Signed in as ${escapeHtml(user.name)}</h1>` +
      `<p>Type this code in the conversation to finish signing in:</p><p id="code" style="font-size:2em">${code}</p>`,
  );
  return true;
}
