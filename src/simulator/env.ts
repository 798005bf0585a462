/**
 * What the simulator's services share: state, keys, configuration, base URLs and token issuance.
 */
import { randomUUID } from 'node:crypto';
import type { BotFrameworkIssuer } from './bot-framework';
import { signToken, type RegisteredCertificate, type SigningKeys, type TokenVerifier } from './jwt';
import type { SimState } from './state';
import type { SimUser, UserAssertionOptions } from './types';
import type { TelemetrySink } from './telemetry-sink';

export const GRAPH_AUDIENCES = ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'];

export interface SimEnv {
  state: SimState;
  keys: SigningKeys;
  verifier: TokenVerifier;
  botId: string;
  clientSecret: string;
  certificate?: RegisteredCertificate;
  tenantId: string;
  consentedScopes: string[];
  /** Graph application permissions (app roles) admin-consented for the bot: the `roles` of its app-only tokens. */
  applicationPermissions: string[];
  accessTokenLifetimeSeconds: number;
  /** The Bot Framework channel issuer (its own key, metadata path, endorsements). */
  botFramework: BotFrameworkIssuer;
  /** The Bot Framework token service: the OAuth connection it knows, and whether callers must show the bot's token. */
  tokenService: { connectionName: string; auth: 'required' | 'whenPresent' };
  /** https://host:port of the HTTPS server (set once listening). */
  httpsBase: string;
  /** http://host:port of the token-service server (set once listening). */
  httpBase: string;
  /** What the simulated ingestion endpoints received (telemetry-routes.ts). */
  telemetry: TelemetrySink;
}

export function issuerFor(env: SimEnv, tenant: string): string {
  return `${env.httpsBase}/${tenant}/v2.0`;
}

export function botAudiences(env: SimEnv): string[] {
  return [`api://botid-${env.botId}`, env.botId];
}

/** The SSO token Teams / the token service hands the bot: a token for the bot's own API. */
export function issueUserAssertion(env: SimEnv, user: SimUser, options: UserAssertionOptions = {}): string {
  return signToken(
    env.keys,
    {
      aud: options.audience ?? `api://botid-${env.botId}`,
      iss: issuerFor(env, user.tenantId),
      tid: user.tenantId,
      oid: user.aadObjectId,
      sub: `sub-${user.aadObjectId}`,
      name: user.name,
      preferred_username: user.userPrincipalName,
      scp: 'access_as_user',
      azp: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', // Teams web client's app id, as in real SSO tokens
      ver: '2.0',
    },
    options.expiresInSeconds ?? 3600,
  );
}

/** A Graph access token for `user` with the given short scopes (and `extra` claims, e.g. idp for a partner user). */
export function issueGraphToken(
  env: SimEnv,
  user: { oid: string; tid: string; name?: string; upn?: string },
  scopes: string[],
  extra: Record<string, unknown> = {},
): string {
  return signToken(
    env.keys,
    {
      ...extra,
      aud: 'https://graph.microsoft.com',
      iss: issuerFor(env, user.tid),
      tid: user.tid,
      oid: user.oid,
      sub: `graph-${user.oid}`,
      name: user.name,
      upn: user.upn,
      unique_name: user.upn,
      scp: scopes.join(' '),
      appid: env.botId,
      idtyp: 'user',
      ver: '1.0',
    },
    env.accessTokenLifetimeSeconds,
  );
}

/** A managed identity's token for api://AzureADTokenExchange: usable as a federated client assertion. */
export function issueFederatedAssertion(env: SimEnv, expiresInSeconds = 3600): string {
  return signToken(
    env.keys,
    {
      aud: 'api://AzureADTokenExchange',
      iss: issuerFor(env, env.tenantId),
      sub: `mi-${env.botId}`,
      tid: env.tenantId,
      jti: randomUUID(),
    },
    expiresInSeconds,
  );
}

/**
 * An app-only token (client credentials) for `resource`: the bot's own token for the Bot Framework
 * (aud https://api.botframework.com) or for Graph (application permissions in `roles`). v1.0 claims, as
 * Entra issues for these resources.
 */
export function issueAppToken(
  env: SimEnv,
  o: { clientId: string; tenantId: string; resource: string; roles?: string[] },
): string {
  return signToken(
    env.keys,
    {
      aud: o.resource,
      iss: `https://sts.windows.net/${o.tenantId}/`,
      tid: o.tenantId,
      appid: o.clientId,
      appidacr: '1',
      oid: `sp-${o.clientId}`,
      sub: `sp-${o.clientId}`,
      idtyp: 'app',
      ...(o.roles && o.roles.length > 0 ? { roles: o.roles } : {}),
      ver: '1.0',
    },
    env.accessTokenLifetimeSeconds,
  );
}
