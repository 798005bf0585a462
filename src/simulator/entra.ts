/**
 * Simulated Entra ID (v2 endpoints): OpenID discovery, JWKS and the token endpoint with the on-behalf-of
 * grant exactly as @azure/identity's OnBehalfOfCredential (MSAL node) sends it, and the client-credentials
 * grant (entra-client-credentials.ts) the bot uses for its own tokens. Errors have Entra's shape.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { botAudiences, issueGraphToken, issuerFor, type SimEnv } from './env';
import { drop, readForm, sendJson, type RequestContext } from './http';
import { checkClientAssertion, decodeUnverified, type Claims } from './jwt';
import { BOT_FRAMEWORK_TENANT, BOT_FRAMEWORK_TENANT_ID, clientCredentialsGrant } from './entra-client-credentials';
import { entraError } from './entra-error';
import { customerOboTarget, type OboTarget } from './entra-customer';
import type { UserFaultFlags } from './types';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);
const GRAPH_PREFIXES = ['https://graph.microsoft.com/', '00000003-0000-0000-c000-000000000000/'];
const ALIASES = new Set(['common', 'organizations', 'consumers']);

function tenantKnown(env: SimEnv, tenant: string): boolean {
  return (
    ALIASES.has(tenant.toLowerCase()) ||
    tenant.toLowerCase() === BOT_FRAMEWORK_TENANT ||
    tenant.toLowerCase() === BOT_FRAMEWORK_TENANT_ID ||
    tenant.toLowerCase() === env.tenantId.toLowerCase() ||
    env.state.knownTenant(tenant)
  );
}

function discoveryDocument(env: SimEnv, tenant: string): Record<string, unknown> {
  const base = `${env.httpsBase}/${tenant}`;
  const issuerTenant = ALIASES.has(tenant.toLowerCase()) ? '{tenantid}' : tenant;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: issuerFor(env, issuerTenant),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${env.httpsBase}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'oid',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/** Handles /{tenant}/... Entra paths; false when the path is not Entra's. */
export async function handleEntra(ctx: RequestContext, env: SimEnv): Promise<boolean> {
  const match =
    /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|\.well-known\/openid-configuration|discovery\/v2\.0\/keys|discovery\/keys|oauth2\/v2\.0\/token)$/.exec(
      ctx.url.pathname,
    );
  if (!match) return false;
  ctx.service = 'entra';
  const tenant = decodeURIComponent(match[1]);
  const what = match[2];
  ctx.clientRequestId = ctx.req.headers['client-request-id']?.toString();
  if (!tenantKnown(env, tenant)) {
    entraError(
      ctx,
      env,
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
    return true;
  }
  if (what.endsWith('openid-configuration')) {
    if (ctx.method !== 'GET') return methodNotAllowed(ctx, env);
    env.state.counters.discovery += 1;
    sendJson(ctx.res, 200, discoveryDocument(env, tenant), { 'Cache-Control': 'max-age=86400, private' });
    return true;
  }
  if (what.includes('keys')) {
    if (ctx.method !== 'GET') return methodNotAllowed(ctx, env);
    sendJson(ctx.res, 200, env.keys.jwks);
    return true;
  }
  if (ctx.method !== 'POST') return methodNotAllowed(ctx, env);
  await tokenEndpoint(ctx, env, tenant);
  return true;
}

function methodNotAllowed(ctx: RequestContext, env: SimEnv): true {
  entraError(ctx, env, 405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
  return true;
}

function secretMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Client authentication (secret, certificate assertion or federated assertion); the client id, or undefined when refused (answered). */
function authenticateClient(
  ctx: RequestContext,
  env: SimEnv,
  form: URLSearchParams,
  tenant: string,
): string | undefined {
  const clientId = form.get('client_id') ?? '';
  if (clientId !== env.botId) {
    entraError(
      ctx,
      env,
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`,
    );
    return undefined;
  }
  const secret = form.get('client_secret');
  const clientAssertion = form.get('client_assertion');
  if (secret !== null) {
    if (!secretMatches(secret, env.clientSecret)) {
      entraError(
        ctx,
        env,
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
      return undefined;
    }
  } else if (clientAssertion !== null) {
    const tokenUrl = `${env.httpsBase}${ctx.url.pathname}`;
    const check =
      form.get('client_assertion_type') === CLIENT_ASSERTION_TYPE
        ? checkClientAssertion(clientAssertion, clientId, tokenUrl, env.certificate, env.verifier)
        : ({ ok: false, reason: 'bad client_assertion_type' } as const);
    if (!check.ok) {
      entraError(
        ctx,
        env,
        401,
        'invalid_client',
        700027,
        `Client assertion failed signature validation (${check.reason}).`,
      );
      return undefined;
    }
  } else {
    entraError(
      ctx,
      env,
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
    return undefined;
  }
  return clientId;
}

async function tokenEndpoint(ctx: RequestContext, env: SimEnv, tenant: string): Promise<void> {
  const form = await readForm(ctx.req);
  ctx.clientRequestId = ctx.clientRequestId ?? form.get('client-request-id') ?? undefined;
  const grantType = form.get('grant_type');
  if (grantType === 'client_credentials') {
    const clientId = authenticateClient(ctx, env, form, tenant);
    if (clientId) clientCredentialsGrant(ctx, env, form, tenant, clientId);
    return;
  }
  if (grantType !== JWT_BEARER || form.get('requested_token_use') !== 'on_behalf_of') {
    entraError(
      ctx,
      env,
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType ?? ''}'. The simulator supports the on-behalf-of and client-credentials grants.`,
    );
    return;
  }
  oboGrant(ctx, env, form, tenant);
}

/** The user's assertion, verified; undefined when refused (answered). */
function verifiedAssertion(
  ctx: RequestContext,
  env: SimEnv,
  assertion: string,
  unverified: Claims | undefined,
): Claims | undefined {
  if (!assertion || !unverified) {
    entraError(ctx, env, 400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
    return undefined;
  }
  const verified = env.verifier.verify(assertion, botAudiences(env));
  if (verified.ok) return verified.claims;
  const reasons = {
    malformed: [400, 'invalid_request', 50027, 'JWT token is invalid or malformed.'],
    signature: [400, 'invalid_grant', 50013, 'Assertion failed signature validation.'],
    expired: [
      400,
      'invalid_grant',
      500133,
      'Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token.',
    ],
    notYetValid: [400, 'invalid_grant', 500133, 'Assertion is not within its valid time range.'],
    audience: [
      400,
      'invalid_grant',
      50013,
      `Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${String(unverified.aud)}'.`,
    ],
  } as const;
  const [status, error, code, text] = reasons[verified.reason];
  entraError(ctx, env, status, error, code, text);
  return undefined;
}

/**
 * Whose token to issue: the assertion's own tenant, or a customer tenant for a user of the partner (home) tenant
 * (entra-customer.ts); undefined when refused (answered).
 */
function oboTarget(
  ctx: RequestContext,
  env: SimEnv,
  tenant: string,
  claims: Claims,
  clientId: string,
): OboTarget | undefined {
  const tid = String(claims.tid).toLowerCase();
  const customer = tid === env.tenantId.toLowerCase() ? env.state.customers.find(tenant) : undefined;
  if (customer) return customerOboTarget(ctx, env, customer, claims, clientId);
  if (!ALIASES.has(tenant.toLowerCase()) && tid !== tenant.toLowerCase()) {
    entraError(
      ctx,
      env,
      400,
      'invalid_grant',
      50013,
      `Assertion is for tenant '${String(claims.tid)}', not '${tenant}'.`,
    );
    return undefined;
  }
  return { tid: String(claims.tid), consented: env.consentedScopes, claims: {} };
}

/** The per-user faults a test set (consent, interaction); false when one answered. */
function userFaultsPass(ctx: RequestContext, env: SimEnv, flags: UserFaultFlags, clientId: string): boolean {
  if (flags.consentRequired) {
    entraError(
      ctx,
      env,
      400,
      'invalid_grant',
      65001,
      `The user or administrator has not consented to use the application with ID '${clientId}'. Send an interactive authorization request for this user and resource.`,
      { suberror: 'consent_required' },
    );
    return false;
  }
  if (flags.interactionRequired) {
    const claimsChallenge = JSON.stringify({ access_token: { capolids: { essential: true, values: [randomUUID()] } } });
    entraError(
      ctx,
      env,
      400,
      'interaction_required',
      50076,
      `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.`,
      { claims: claimsChallenge },
    );
    return false;
  }
  return true;
}

/** Scopes: Graph only; each must be consented (or .default = everything consented). Undefined when refused. */
function grantScopes(
  ctx: RequestContext,
  env: SimEnv,
  form: URLSearchParams,
  consentedScopes: string[],
  clientId: string,
): { granted: string[]; answered: string[] } | undefined {
  const requested = (form.get('scope') ?? '').split(' ').filter((s) => s && !OIDC_SCOPES.has(s.toLowerCase()));
  if (requested.length === 0) {
    entraError(
      ctx,
      env,
      400,
      'invalid_scope',
      70011,
      "The provided value for the input parameter 'scope' is not valid.",
    );
    return undefined;
  }
  const granted: string[] = [];
  const answered: string[] = [];
  for (const scope of requested) {
    const prefix = GRAPH_PREFIXES.find((p) => scope.toLowerCase().startsWith(p.toLowerCase()));
    if (!prefix) {
      entraError(
        ctx,
        env,
        400,
        'invalid_scope',
        70011,
        `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' is not a Microsoft Graph scope.`,
      );
      return undefined;
    }
    const short = scope.slice(prefix.length);
    if (short === '.default') {
      granted.push(...consentedScopes);
      answered.push(...consentedScopes.map((s) => `https://graph.microsoft.com/${s}`));
      continue;
    }
    const consented = consentedScopes.find((s) => s.toLowerCase() === short.toLowerCase());
    if (!consented) {
      entraError(
        ctx,
        env,
        400,
        'invalid_grant',
        65001,
        `The user or administrator has not consented to use the application with ID '${clientId}' for the scope '${short}'. Send an interactive authorization request for this user and resource.`,
        { suberror: 'consent_required' },
      );
      return undefined;
    }
    granted.push(consented);
    answered.push(scope);
  }
  return { granted: [...new Set(granted)], answered: [...new Set(answered)] };
}

function oboGrant(ctx: RequestContext, env: SimEnv, form: URLSearchParams, tenant: string): void {
  const assertion = form.get('assertion') ?? '';
  const unverified = decodeUnverified(assertion);
  const oid = typeof unverified?.oid === 'string' ? unverified.oid : undefined;
  ctx.oid = oid;
  env.state.countObo(oid ?? 'unknown');
  const flags = env.state.flagsFor(oid);
  if (flags.tokenEndpointDown) {
    drop(ctx);
    return;
  }
  const clientId = authenticateClient(ctx, env, form, tenant);
  if (!clientId) return;
  const claims = verifiedAssertion(ctx, env, assertion, unverified);
  if (!claims) return;
  const target = oboTarget(ctx, env, tenant, claims, clientId);
  if (!target || !userFaultsPass(ctx, env, flags, clientId)) return;
  const scopes = grantScopes(ctx, env, form, target.consented, clientId);
  if (!scopes) return;
  const user = env.state.userByOid(String(claims.oid));
  const accessToken = issueGraphToken(
    env,
    {
      oid: String(claims.oid),
      tid: target.tid,
      name: user?.name ?? String(claims.name ?? ''),
      upn: user?.userPrincipalName ?? String(claims.preferred_username ?? ''),
    },
    scopes.granted,
    target.claims,
  );
  const body = oboSuccessBody(env, form, String(claims.oid), target.tid, accessToken, scopes.answered);
  sendJson(ctx.res, 200, body, {
    'Cache-Control': 'no-store, no-cache',
    Pragma: 'no-cache',
    'x-ms-request-id': randomUUID(),
  });
}

/**
 * The OBO success answer (v2-oauth2-on-behalf-of-flow.md, "Middle-tier access token response"): token_type
 * Bearer, scope, expires_in, ext_expires_in, access_token, and a refresh_token only when offline_access was
 * asked for (MSAL always asks; it does not use it for OBO). client_info when MSAL asks with client_info=1.
 */
function oboSuccessBody(
  env: SimEnv,
  form: URLSearchParams,
  oid: string,
  tid: string,
  accessToken: string,
  answered: string[],
): Record<string, unknown> {
  const lifetime = env.accessTokenLifetimeSeconds - 1;
  const requested = (form.get('scope') ?? '').split(' ').map((s) => s.toLowerCase());
  const clientInfo = Buffer.from(JSON.stringify({ uid: oid, utid: tid })).toString('base64url');
  return {
    token_type: 'Bearer',
    scope: answered.join(' '),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: accessToken,
    ...(requested.includes('offline_access')
      ? { refresh_token: `simulated-rt.${randomBytes(24).toString('base64url')}` }
      : {}),
    ...(form.get('client_info') === '1' ? { client_info: clientInfo } : {}),
  };
}
