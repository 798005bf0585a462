/**
 * Simulated GET /tenantRelationships/delegatedAdminCustomers[/{id}] and delegatedAdminRelationships[/{id}
 * [/accessAssignments]] (beta and v1.0), answered from the partner tenant's GDAP relationships (customer-world.ts),
 * held to the pages' examples (test/contracts/fixtures/graph-gdap.json):
 * https://learn.microsoft.com/graph/api/tenantrelationship-list-delegatedadmincustomers ,
 * https://learn.microsoft.com/graph/api/tenantrelationship-list-delegatedadminrelationships ,
 * https://learn.microsoft.com/graph/api/delegatedadminrelationship-list-accessassignments .
 * Delegated DelegatedAdminRelationship.Read.All or .ReadWrite.All; application permissions are not supported (403).
 * A customer is listed while it has at least one active relationship ("deleted when no more active relationships
 * exist"). A token of a customer tenant sees none (the customer is no partner). $top (1..300) pages with a nextLink.
 */
import { createHash } from 'node:crypto';
import { isActive } from './customer-world';
import type { SimRelationship } from './customers';
import { sendJson } from './http';
import type { Claims } from './jwt';
import { graphError, hasScope, isAppOnly, methodNotAllowed, ODATA_JSON, type GraphRequest } from './graph-common';

export const DELEGATED_ADMIN_SCOPES = [
  'DelegatedAdminRelationship.Read.All',
  'DelegatedAdminRelationship.ReadWrite.All',
];
const MAX_TOP = 300;

/** A weak etag of the object's JSON, as Graph sends `@odata.etag` on each item. */
function etag(value: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify(value)).digest('base64').slice(0, 24);
  return `W/"${hash}"`;
}

function roles(ids: readonly string[]): { unifiedRoles: { roleDefinitionId: string }[] } {
  return { unifiedRoles: ids.map((roleDefinitionId) => ({ roleDefinitionId })) };
}

/** The status Graph reports: a relationship past its end is no longer active (the system deprovisions it). */
function statusOf(r: SimRelationship): string {
  return r.status === 'active' && !isActive(r) ? 'expired' : r.status;
}

function customerDisplayName(g: GraphRequest, tenantId: string): string {
  return g.env.state.customers.find(tenantId)?.customer.displayName ?? tenantId;
}

function toRelationship(g: GraphRequest, r: SimRelationship): Record<string, unknown> {
  const body = {
    id: r.id,
    displayName: r.displayName,
    duration: r.duration,
    customer: { tenantId: r.customerTenantId, displayName: customerDisplayName(g, r.customerTenantId) },
    accessDetails: roles(r.roleDefinitionIds),
    status: statusOf(r),
    autoExtendDuration: r.autoExtendDuration,
    createdDateTime: r.createdDateTime,
    lastModifiedDateTime: r.activatedDateTime ?? r.createdDateTime,
    activatedDateTime: r.activatedDateTime,
    endDateTime: r.endDateTime,
  };
  return { '@odata.type': '#microsoft.graph.delegatedAdminRelationship', '@odata.etag': etag(body), ...body };
}

function toAccessAssignments(r: SimRelationship): Record<string, unknown>[] {
  return r.accessAssignments.map((a) => {
    const body = {
      id: a.id,
      status: 'active',
      createdDateTime: r.activatedDateTime ?? r.createdDateTime,
      lastModifiedDateTime: r.activatedDateTime ?? r.createdDateTime,
      accessContainer: { accessContainerId: a.securityGroupId, accessContainerType: 'securityGroup' },
      accessDetails: roles(a.roleDefinitionIds),
    };
    return { '@odata.type': '#microsoft.graph.delegatedAdminAccessAssignment', '@odata.etag': etag(body), ...body };
  });
}

function customers(g: GraphRequest): Record<string, unknown>[] {
  const tenants = [
    ...new Set(g.env.state.customers.relationships.filter((r) => isActive(r)).map((r) => r.customerTenantId)),
  ];
  return tenants.map((tenantId) => {
    const body = { id: tenantId, tenantId, displayName: customerDisplayName(g, tenantId) };
    return { '@odata.type': '#microsoft.graph.delegatedAdminCustomer', '@odata.etag': etag(body), ...body };
  });
}

/** One page of `all` ($top, $skiptoken = the offset), or Graph's 400 for a bad $top or $skiptoken. */
function sendCollection(g: GraphRequest, context: string, all: Record<string, unknown>[]): void {
  const params = g.ctx.url.searchParams;
  const top = params.get('$top');
  const skip = params.get('$skiptoken');
  const size = top === null ? 100 : Number(top);
  const offset = skip === null ? 0 : Number(Buffer.from(skip, 'base64url').toString('utf8'));
  if (!Number.isInteger(size) || size < 1 || size > MAX_TOP)
    return graphError(g, 400, 'BadRequest', `Invalid $top value '${top}': between 1 and ${MAX_TOP}.`);
  if (!Number.isInteger(offset) || offset < 0) return graphError(g, 400, 'BadRequest', 'The $skiptoken is not valid.');
  const body: Record<string, unknown> = { '@odata.context': context, value: all.slice(offset, offset + size) };
  if (offset + size < all.length) {
    const next = new URL(`${g.env.httpsBase}${g.ctx.url.pathname}`);
    next.searchParams.set('$top', String(size));
    next.searchParams.set('$skiptoken', Buffer.from(String(offset + size)).toString('base64url'));
    body['@odata.nextLink'] = next.toString();
  }
  sendJson(g.ctx.res, 200, body, g.headers, ODATA_JSON);
}

function notFound(g: GraphRequest, what: string, id: string): void {
  graphError(g, 404, 'ResourceNotFound', `The requested ${what} '${id}' was not found.`);
}

/** Handles /tenantRelationships/...; `rest` is what follows `tenantRelationships`. */
export function tenantRelationships(g: GraphRequest, claims: Claims, rest: string[]): void {
  const [collection, id, sub, ...more] = rest;
  if (
    !['delegatedAdminCustomers', 'delegatedAdminRelationships'].includes(collection ?? '') ||
    more.length ||
    (sub && collection !== 'delegatedAdminRelationships') ||
    (sub && sub !== 'accessAssignments')
  ) {
    graphError(
      g,
      400,
      'BadRequest',
      `Resource not found for the segment '${rest[rest.length - 1] ?? 'tenantRelationships'}'.`,
    );
    return;
  }
  if (g.ctx.method !== 'GET') return methodNotAllowed(g);
  if (isAppOnly(claims) || !hasScope(claims, DELEGATED_ADMIN_SCOPES)) {
    graphError(
      g,
      403,
      'Forbidden',
      `Application is not authorized to perform this operation. Application must have one of the following scopes: ${DELEGATED_ADMIN_SCOPES.join(', ')}`,
    );
    return;
  }
  const context = `${g.env.httpsBase}/${g.version}/tenantRelationships/$metadata#${sub ?? collection}`;
  if (collection === 'delegatedAdminCustomers') {
    const all = g.customer ? [] : customers(g);
    if (!id) return sendCollection(g, context, all);
    const found = all.find((c) => String(c.id).toLowerCase() === id.toLowerCase());
    return found
      ? sendJson(g.ctx.res, 200, { '@odata.context': `${context}/$entity`, ...found }, g.headers, ODATA_JSON)
      : notFound(g, 'delegatedAdminCustomer', id);
  }
  const relationships = g.customer ? [] : g.env.state.customers.relationships;
  if (!id)
    return sendCollection(
      g,
      context,
      relationships.map((r) => toRelationship(g, r)),
    );
  const found = relationships.find((r) => r.id.toLowerCase() === id.toLowerCase());
  if (!found) return notFound(g, 'delegatedAdminRelationship', id);
  if (sub) return sendCollection(g, context, toAccessAssignments(found));
  sendJson(
    g.ctx.res,
    200,
    { '@odata.context': `${context}/$entity`, ...toRelationship(g, found) },
    g.headers,
    ODATA_JSON,
  );
}
