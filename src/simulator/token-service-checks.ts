/**
 * What the Bot Framework token service checks before it answers: the bot's own credentials and the OAuth
 * connection name.
 *
 * Credentials: every Token API call carries `Authorization: Bearer <token>` that Entra issued to the bot for
 * `https://api.botframework.com` (botframework-connector signs TokenApiClient requests with the bot's
 * AppCredentials; the Token API swagger's `bearer_auth`, microsoft/botbuilder-js libraries/swagger/TokenAPI.json).
 * A missing or wrong token gets 401 with ASP.NET's body `{"message":"Authorization has been denied for this
 * request."}`, as the Bot Framework services answer (microsoft/botframework-sdk#6000, #6071). With inbound
 * auth off botbuilder sends no Authorization header at all (docs: stack-notes), so the simulator can be told
 * to let an absent header through ('whenPresent'); a present but invalid token is always refused.
 *
 * Connection: the Azure Bot resource knows its OAuth connection settings by name. For an unknown name the
 * service answers GetToken with 404, i.e. "no token" (botbuilder-js' own connector test "should return null on
 * invalid connection string", libraries/botframework-connector/tests/connector.test.js), and the calls that need
 * the setting with 400 "Could not find Connection Setting with name '…'" (the message users report from the
 * real service: microsoft/botbuilder-js#4773, integrations/microsoft-teams#322; BadRequest from
 * GetSignInResource: microsoft/BotBuilder-Samples#2634).
 */
import { BOT_FRAMEWORK_RESOURCE } from './entra-client-credentials';
import type { SimEnv } from './env';
import { sendJson, type RequestContext } from './http';

export type TokenServiceAuth = 'required' | 'whenPresent';

export type AppTokenCheck = { ok: true; appId: string; tenantId: string } | { ok: false; reason: string };

/** An app-only token the simulated Entra issued by client credentials, for `resource`. */
export function verifyAppToken(env: SimEnv, token: string, resource: string): AppTokenCheck {
  const verified = env.verifier.verify(token, [resource]);
  if (!verified.ok) return { ok: false, reason: verified.reason };
  const appId = typeof verified.claims.appid === 'string' ? verified.claims.appid : undefined;
  if (verified.claims.idtyp !== 'app' || !appId) return { ok: false, reason: 'not an app-only token' };
  return { ok: true, appId, tenantId: String(verified.claims.tid) };
}

/** Why the caller is refused, or undefined when it may go on. Never echoes the token. */
export function botCredentialProblem(ctx: RequestContext, env: SimEnv): string | undefined {
  const header = ctx.req.headers.authorization;
  if (header === undefined) return env.tokenService.auth === 'required' ? 'no Authorization header' : undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return 'the Authorization header is not a Bearer token';
  const checked = verifyAppToken(env, match[1], BOT_FRAMEWORK_RESOURCE);
  if (!checked.ok) return `the bearer token is not a Bot Framework token from Entra (${checked.reason})`;
  if (checked.appId.toLowerCase() !== env.botId.toLowerCase()) return 'the bearer token belongs to another app';
  return undefined;
}

export function sendUnauthorized(ctx: RequestContext): true {
  sendJson(
    ctx.res,
    401,
    { message: 'Authorization has been denied for this request.' },
    { 'WWW-Authenticate': 'Bearer' },
  );
  return true;
}

export function isKnownConnection(env: SimEnv, name: string | undefined | null): boolean {
  return typeof name === 'string' && name.toLowerCase() === env.tokenService.connectionName.toLowerCase();
}

export function sendUnknownConnection(ctx: RequestContext, name: string | undefined | null): true {
  sendJson(ctx.res, 400, {
    error: { code: 'BadArgument', message: `Could not find Connection Setting with name '${name ?? ''}'` },
  });
  return true;
}
