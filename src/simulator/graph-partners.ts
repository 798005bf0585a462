/**
 * Simulated /deviceManagement/remoteAssistancePartners (beta and v1.0), held to Microsoft's description
 * (test/contracts/fixtures): every property of remoteAssistancePartner is sent; the two DateTimeOffsets are
 * non-nullable, so "never" / "none" is the .NET minimum 0001-01-01T00:00:00Z; the list pages with
 * @odata.nextLink ($top sets the page size, $skiptoken is opaque); disconnect and beginOnboarding take no
 * parameter and answer 204 without a body; a user whose Intune role lacks Remote assistance connectors Read (to
 * view) or Update (to disconnect or reconnect), or who has no role, is refused as Intune does it (401,
 * UnknownError with ErrorCode Forbidden inside the message; intune-roles.ts). An action the metadata does not bind
 * to a partner is Graph's 400 BadRequest "Resource not found for the segment '<name>'.", whatever its name.
 *
 * Permissions as the API pages list them (test/contracts/fixtures/graph-remote-assistance-api.json): a
 * delegated token needs one of the scopes (`scp`); an app-only token (client credentials, no user: the watch's
 * poller, the sweeper) one of the application permissions (`roles`): list and get
 * DeviceManagementServiceConfig.Read.All or .ReadWrite.All or DeviceManagementConfiguration.Read.All, the
 * actions DeviceManagementServiceConfig.ReadWrite.All. Otherwise 403.
 */
import type { Partner } from '../core/model';
import { drop, readBody, sendEmpty, sendJson } from './http';
import type { Claims } from './jwt';
import {
  graphError,
  hasRole,
  hasScope,
  isAppOnly,
  methodNotAllowed,
  ODATA_JSON,
  partnersOf,
  type GraphRequest,
} from './graph-common';
import { intuneDenial, REMOTE_ASSISTANCE_READ, REMOTE_ASSISTANCE_UPDATE, userMayIn } from './intune-roles';
import { ONBOARDING_WINDOW_MS } from './partner-changes';
import type { HeldAction } from './state';

const READ_SCOPES = ['DeviceManagementServiceConfig.Read.All', 'DeviceManagementServiceConfig.ReadWrite.All'];
const WRITE_SCOPES = ['DeviceManagementServiceConfig.ReadWrite.All'];
export const READ_APP_ROLES = [
  'DeviceManagementServiceConfig.Read.All',
  'DeviceManagementServiceConfig.ReadWrite.All',
  'DeviceManagementConfiguration.Read.All',
];
export const WRITE_APP_ROLES = ['DeviceManagementServiceConfig.ReadWrite.All'];
/** What Intune sends for a DateTimeOffset that has no value (the .NET DateTimeOffset.MinValue). */
export const NO_DATE_TIME = '0001-01-01T00:00:00Z';

/**
 * What each action bound to a partner does: exactly the actions of the metadata (test/contracts checks it). A name
 * that is not a key here is refused as Graph refuses it, never taken for another action.
 */
const ACTION_EFFECTS: { readonly [A in HeldAction]: (partner: Partner) => void } = {
  disconnect(partner) {
    partner.onboardingStatus = 'notOnboarded';
    partner.onboardingRequestExpiryDateTime = null;
  },
  // Microsoft documents neither what beginOnboarding does nor its effect on a partner already `onboarding`
  // (its beta page says "Not yet documented"; the resource page: onboardingRequestExpiryDateTime is "When the
  // OnboardingStatus is Onboarding, This is the date time when the onboarding request expires"). The simulator
  // takes the plausible reading: every call starts a new onboarding request, so a partner already onboarding
  // gets a later expiry (a new window from now), and an onboarded one goes back to onboarding. The bot's
  // evidence that a reconnect took effect (core/kinds/reconnect.ts) rests on that later expiry.
  beginOnboarding(partner) {
    partner.onboardingStatus = 'onboarding';
    partner.onboardingRequestExpiryDateTime = new Date(Date.now() + ONBOARDING_WINDOW_MS).toISOString();
  },
};
export const PARTNER_ACTIONS = Object.keys(ACTION_EFFECTS) as readonly HeldAction[];

/** The action a segment names (its own key only: `toString` is no action). */
function actionNamed(segment: string): HeldAction | undefined {
  return Object.hasOwn(ACTION_EFFECTS, segment) ? (segment as HeldAction) : undefined;
}

export function toGraphPartner(p: Partner): Record<string, unknown> {
  return {
    '@odata.type': '#microsoft.graph.remoteAssistancePartner',
    id: p.id,
    displayName: p.displayName,
    onboardingUrl: p.onboardingUrl ?? null,
    onboardingStatus: p.onboardingStatus,
    lastConnectionDateTime: p.lastConnectionDateTime ?? NO_DATE_TIME,
    onboardingRequestExpiryDateTime: p.onboardingRequestExpiryDateTime ?? NO_DATE_TIME,
  };
}

interface PageToken {
  offset: number;
  size: number;
}

function readPageToken(text: string): PageToken | undefined {
  try {
    const t = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as PageToken;
    return Number.isInteger(t.offset) && t.offset >= 0 && Number.isInteger(t.size) && t.size > 0 ? t : undefined;
  } catch {
    return undefined;
  }
}

/** GET the collection, one page: $top (page size) and $skiptoken (from a nextLink) are honoured. */
function listPage(g: GraphRequest, base: string): void {
  const { ctx, env } = g;
  const params = ctx.url.searchParams;
  const skip = params.get('$skiptoken');
  const top = params.get('$top');
  let page: PageToken = { offset: 0, size: env.state.pageSize };
  if (top !== null) {
    if (!/^\d+$/.test(top) || Number(top) < 1) {
      graphError(g, 400, 'BadRequest', `Invalid $top value '${top}'. The value must be a positive integer.`);
      return;
    }
    page.size = Number(top);
  }
  if (skip !== null) {
    const token = readPageToken(skip);
    if (!token) {
      graphError(g, 400, 'BadRequest', 'The $skiptoken is not valid.');
      return;
    }
    page = { offset: token.offset, size: top !== null ? page.size : token.size };
  }
  const all = [...partnersOf(g).values()];
  const value = all.slice(page.offset, page.offset + page.size).map(toGraphPartner);
  const body: Record<string, unknown> = { '@odata.context': base, value };
  const nextOffset = page.offset + page.size;
  if (nextOffset < all.length) {
    const token = Buffer.from(JSON.stringify({ offset: nextOffset, size: page.size })).toString('base64url');
    const origin = env.state.nextLinkOrigin ?? env.httpsBase;
    body['@odata.nextLink'] = `${origin}/${g.version}/deviceManagement/remoteAssistancePartners?$skiptoken=${token}`;
  }
  sendJson(ctx.res, 200, body, g.headers, ODATA_JSON);
}

/** The action's body: none, or an empty object. The metadata declares no parameter besides the binding one. */
async function actionBodyProblem(g: GraphRequest, action: string): Promise<string | undefined> {
  const text = (await readBody(g.ctx.req)).trim();
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'The request payload is not valid JSON.';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return 'The request payload must be a JSON object.';
  const names = Object.keys(parsed);
  return names.length
    ? `The parameter '${names[0]}' in the request payload is not a valid parameter for the operation '${action}'.`
    : undefined;
}

export async function partners(g: GraphRequest, claims: Claims, rest: string[]): Promise<void> {
  const { ctx, env } = g;
  const write = ctx.method !== 'GET';
  const app = isAppOnly(claims);
  const needed = app ? (write ? WRITE_APP_ROLES : READ_APP_ROLES) : write ? WRITE_SCOPES : READ_SCOPES;
  if (!(app ? hasRole(claims, needed) : hasScope(claims, needed))) {
    graphError(
      g,
      403,
      'Forbidden',
      `Application is not authorized to perform this operation. Application must have one of the following scopes: ${needed.join(', ')}`,
    );
    return;
  }
  const user = env.state.userByOid(ctx.oid);
  // Intune's own check of the user's role: viewing needs Remote assistance connectors Read, a change Update.
  if (user && !userMayIn(g, user, write ? REMOTE_ASSISTANCE_UPDATE : REMOTE_ASSISTANCE_READ)) return intuneDenial(g);
  const base = `${env.httpsBase}/${g.version}/$metadata#deviceManagement/remoteAssistancePartners`;
  if (rest.length === 0) {
    if (ctx.method !== 'GET') return methodNotAllowed(g);
    return listPage(g, base);
  }
  const partner = partnersOf(g).get(rest[0].toLowerCase());
  const action = rest.length === 2 ? actionNamed(rest[1]) : undefined;
  if (rest.length > 2 || (rest.length === 2 && !action)) {
    graphError(g, 400, 'BadRequest', `Resource not found for the segment '${rest[rest.length - 1]}'.`);
    return;
  }
  if (!partner) {
    graphError(
      g,
      404,
      'ResourceNotFound',
      `{"_version": 3, "Message": "Resource not found: remoteAssistancePartner '${rest[0]}' - Operation ID (for customer support): ${g.headers['request-id']}"}`,
    );
    return;
  }
  if (rest.length === 1) {
    if (ctx.method !== 'GET') return methodNotAllowed(g);
    sendJson(ctx.res, 200, { '@odata.context': `${base}/$entity`, ...toGraphPartner(partner) }, g.headers, ODATA_JSON);
    return;
  }
  if (ctx.method !== 'POST' || !action) return methodNotAllowed(g);
  const problem = await actionBodyProblem(g, action);
  if (problem) {
    graphError(g, 400, 'BadRequest', problem);
    return;
  }
  const held = env.state.takeHeldDisconnect(action);
  const outcome = held ? await held.arrive() : 'complete';
  if (outcome === 'drop') {
    drop(ctx);
    return;
  }
  ACTION_EFFECTS[action](partner);
  if (outcome === 'completeThenDrop') {
    drop(ctx);
    return;
  }
  sendEmpty(ctx.res, 204, g.headers);
}
