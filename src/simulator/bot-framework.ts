/**
 * The simulated Bot Framework channel issuer: what the Bot Connector uses to sign the activities it sends a
 * bot, and what the bot checks them against.
 *
 * Contract (Bot Framework REST API, "Authentication", section "Authenticate requests from the Bot Connector
 * service to your bot": MicrosoftDocs/bot-docs articles/rest-api/bot-framework-rest-connector-authentication.md):
 * - an OpenID metadata document ({issuer, jwks_uri, id_token_signing_alg_values_supported: [RS256], ...}); the
 *   real one is https://login.botframework.com/v1/.well-known/openidconfiguration;
 * - a JWKS whose keys carry an extra `endorsements` array: the channel ids the key may sign for;
 * - activity tokens: RS256, header kid/x5t, claims iss https://api.botframework.com, aud = the bot's app id,
 *   nbf/exp, and `serviceurl` = the activity's serviceUrl.
 *
 * It has its own signing key (not Entra's). The metadata is served on both of the simulator's servers; the
 * bot should use the plain-HTTP one (`openIdMetadataUrl`), because botframework-connector fetches it with
 * node-fetch and the process' default trust store, which does not hold the simulator's CA.
 */
import jwt from 'jsonwebtoken';
import type { SimEnv } from './env';
import { sendJson, type RequestContext } from './http';
import { createSigningKeys, type SigningKeys } from './jwt';
import type { ActivityTokenOptions, BotFrameworkIssuerOptions } from './types';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
export const DEFAULT_OPENID_METADATA_PATH = '/botframework/v1/.well-known/openidconfiguration';

export interface BotFrameworkIssuer {
  readonly issuer: string;
  readonly metadataPath: string;
  readonly jwksPath: string;
  readonly keys: SigningKeys;
  readonly endorsements: string[];
}

export async function createBotFrameworkIssuer(options: BotFrameworkIssuerOptions = {}): Promise<BotFrameworkIssuer> {
  const metadataPath = options.openIdMetadataPath ?? DEFAULT_OPENID_METADATA_PATH;
  if (!metadataPath.startsWith('/') || metadataPath.includes('?'))
    throw new Error('botFramework.openIdMetadataPath must be a path starting with "/"');
  return {
    issuer: options.issuer ?? BOT_FRAMEWORK_ISSUER,
    metadataPath,
    // The real keys live next to the metadata document (/v1/.well-known/keys).
    jwksPath: `${metadataPath.slice(0, metadataPath.lastIndexOf('/'))}/keys`,
    keys: await createSigningKeys(),
    endorsements: options.endorsements ?? ['msteams'],
  };
}

/** Serves the issuer's OpenID metadata and JWKS; false for other paths. */
export function handleBotFramework(ctx: RequestContext, env: SimEnv): boolean {
  const bf = env.botFramework;
  const path = ctx.url.pathname;
  if (path !== bf.metadataPath && path !== bf.jwksPath) return false;
  ctx.service = 'botFramework';
  if (ctx.method !== 'GET') {
    sendJson(ctx.res, 405, { error: { code: 'MethodNotAllowed', message: 'Only GET is supported.' } });
    return true;
  }
  if (path === bf.metadataPath) {
    // jwks_uri on the same server (scheme) the document was asked from.
    const base = 'encrypted' in ctx.req.socket && ctx.req.socket.encrypted ? env.httpsBase : env.httpBase;
    sendJson(ctx.res, 200, {
      issuer: bf.issuer,
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: `${base}${bf.jwksPath}`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    });
    return true;
  }
  const keys = bf.keys.jwks.keys.map((k) => ({ ...k, x5t: bf.keys.kid, endorsements: [...bf.endorsements] }));
  sendJson(ctx.res, 200, { keys });
  return true;
}

/** An activity token as the Bot Connector signs it (see the module comment). */
export function issueActivityToken(env: SimEnv, o: ActivityTokenOptions): string {
  const bf = env.botFramework;
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = o.expiresInSeconds ?? 3600;
  const exp = now + expiresIn;
  const nbf = expiresIn > 0 ? now - 300 : exp - 3600;
  const payload: Record<string, unknown> = {
    serviceurl: o.serviceUrl,
    nbf: o.notBeforeSeconds !== undefined ? now + o.notBeforeSeconds : nbf,
    exp,
    iss: o.issuer ?? bf.issuer,
    aud: o.audience ?? env.botId,
  };
  if (o.serviceUrl === undefined) delete payload.serviceurl;
  return jwt.sign(payload, bf.keys.privateKey, {
    algorithm: 'RS256',
    header: { alg: 'RS256', typ: 'JWT', kid: bf.keys.kid, x5t: bf.keys.kid },
  });
}
