/**
 * PartnerRelationships (core/partner-relationships.ts) on the gateway's call path: GET
 * /v1.0/tenantRelationships/delegatedAdminRelationships with the technician's HOME token (atHome: the partner tenant's
 * authority, whatever customer the session acts in), every page by `@odata.nextLink` on the Graph origin only
 * (https://learn.microsoft.com/graph/api/tenantrelationship-list-delegatedadminrelationships: $top up to 300).
 * Errors are the gateway's graph.* kinds (a 403: the user or the app may not read them).
 */
import { atHome } from '../core/customers';
import { AppError } from '../core/errors';
import type { UserSession } from '../core/model';
import type { GdapRelationship } from '../core/partner-relationships';
import type { GraphCall } from './graph-call';

const PATH = '/v1.0/tenantRelationships/delegatedAdminRelationships?$top=300';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function relationshipFromGraph(raw: unknown): GdapRelationship {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const customer = (typeof o.customer === 'object' && o.customer !== null ? o.customer : {}) as Record<string, unknown>;
  return {
    id: str(o.id),
    customerTenantId: str(customer.tenantId).toLowerCase(),
    customerDisplayName: str(customer.displayName),
    status: str(o.status) || 'unknownFutureValue',
    endDateTime: typeof o.endDateTime === 'string' ? o.endDateTime : null,
  };
}

function nextPage(next: unknown, origin: string, info: object): string | undefined {
  if (typeof next !== 'string' || !next) return undefined;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    throw new AppError('graph.incompleteList', 'Graph gave a next page link that is not a URL', info);
  }
  // The user's token goes nowhere but the Graph origin the bot was configured with.
  if (url.origin !== origin)
    throw new AppError('graph.incompleteList', `Graph gave a next page on another origin (${url.origin})`, info);
  return url.href;
}

export async function listRelationships(
  call: GraphCall,
  session: UserSession,
  scopes: string[],
  origin: string,
  maxPages: number,
): Promise<GdapRelationship[]> {
  const home = atHome(session);
  const all: GdapRelationship[] = [];
  let path = `${origin}${PATH}`;
  for (let page = 1; ; page++) {
    const result = await call(home, 'GET', path, scopes);
    let body: Record<string, unknown>;
    try {
      body = (await result.response.json()) as Record<string, unknown>;
    } catch (e) {
      throw new AppError('graph.unexpected', 'Graph answered with a body that is not JSON', {
        ...result.info,
        cause: e,
      });
    }
    if (Array.isArray(body.value)) all.push(...body.value.map(relationshipFromGraph));
    const next = nextPage(body['@odata.nextLink'], origin, result.info);
    if (!next) return all;
    if (page >= maxPages)
      throw new AppError('graph.incompleteList', `more relationships after ${maxPages} pages`, result.info);
    path = next;
  }
}
