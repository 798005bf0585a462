/**
 * The client-credentials grant (no user): what the bot asks for its own tokens. botframework-connector asks
 * `https://api.botframework.com/.default` (from the bot's tenant, or `botframework.com` for a multi-tenant
 * bot) to call the Bot Connector and the token service; an app-only Graph call asks
 * `https://graph.microsoft.com/.default` and gets the admin-consented application permissions as `roles`.
 * Entra accepts only `{resource}/.default` here (AADSTS1002012) and only resources it knows (AADSTS500011).
 * Source: Microsoft identity platform, "OAuth 2.0 client credentials flow" (v2-oauth2-client-creds-grant-flow).
 * In a customer tenant (customer-world.ts) the app needs its service principal there (else AADSTS7000229,
 * invalid_client, 401: the wire text, docs/msp.md, e) and gets the application permissions
 * consented THERE as `roles`.
 */
import { randomUUID } from 'node:crypto';
import { issueAppToken, type SimEnv } from './env';
import { entraError } from './entra-error';
import { sendJson, type RequestContext } from './http';

export const BOT_FRAMEWORK_TENANT = 'botframework.com';
/** The tenant id behind login.microsoftonline.com/botframework.com. */
export const BOT_FRAMEWORK_TENANT_ID = 'd6d49420-f39b-4df7-a1dc-d59a935871db';
export const BOT_FRAMEWORK_RESOURCE = 'https://api.botframework.com';
const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const RESOURCES: Record<string, string> = {
  [BOT_FRAMEWORK_RESOURCE]: BOT_FRAMEWORK_RESOURCE,
  [GRAPH_RESOURCE]: GRAPH_RESOURCE,
  '00000003-0000-0000-c000-000000000000': GRAPH_RESOURCE,
};

export function clientCredentialsGrant(
  ctx: RequestContext,
  env: SimEnv,
  form: URLSearchParams,
  tenant: string,
  clientId: string,
): void {
  const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
  if (scopes.length !== 1 || !scopes[0].endsWith('/.default')) {
    entraError(
      ctx,
      env,
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scopes.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
    return;
  }
  const requested = scopes[0].slice(0, -'/.default'.length);
  const resource = RESOURCES[requested.replace(/\/$/, '')];
  if (!resource) {
    entraError(
      ctx,
      env,
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${requested} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
    );
    return;
  }
  const customer = env.state.customers.find(tenant)?.customer;
  if (customer && !customer.consent) {
    entraError(
      ctx,
      env,
      401,
      'invalid_client',
      7000229,
      `The client application ${clientId} is missing service principal in the tenant ${customer.tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
    );
    return;
  }
  const tenantId = customer
    ? customer.tenantId
    : tenant.toLowerCase() === BOT_FRAMEWORK_TENANT
      ? BOT_FRAMEWORK_TENANT_ID
      : tenant;
  const permissions = customer?.consent ? customer.consent.applicationPermissions : env.applicationPermissions;
  const roles = resource === GRAPH_RESOURCE ? permissions : undefined;
  const lifetime = env.accessTokenLifetimeSeconds - 1;
  sendJson(
    ctx.res,
    200,
    {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: issueAppToken(env, { clientId, tenantId, resource, roles }),
    },
    { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', 'x-ms-request-id': randomUUID() },
  );
}
