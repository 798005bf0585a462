/**
 * What the simulated Graph's handlers share: the per-request context and Graph's error JSON
 * (concepts/errors.md: {"error":{"code","message","innerError":{date, request-id, client-request-id}}}).
 */
import type { Partner } from '../core/model';
import type { CustomerState } from './customer-world';
import type { SimEnv } from './env';
import { sendJson, type RequestContext } from './http';
import type { Claims } from './jwt';

export const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export interface GraphRequest {
  ctx: RequestContext;
  env: SimEnv;
  version: string;
  headers: Record<string, string>;
  /** The customer tenant the token is for (its `tid`); undefined for the home (partner) tenant. */
  customer?: CustomerState;
}

/** The partners of the tenant the request acts in. */
export function partnersOf(g: GraphRequest): Map<string, Partner> {
  return g.customer?.partners ?? g.env.state.partners;
}

export function graphError(
  g: GraphRequest,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
  innerExtra: Record<string, string> = {},
): void {
  const body = {
    error: {
      code,
      message,
      innerError: {
        ...innerExtra,
        date: new Date().toISOString().slice(0, 19),
        'request-id': g.headers['request-id'],
        'client-request-id': g.headers['client-request-id'],
      },
    },
  };
  sendJson(g.ctx.res, status, body, { ...g.headers, ...extra }, 'application/json');
}

/** The token's delegated scopes (scp), lower-cased. */
export function scopesOf(claims: Claims): Set<string> {
  return new Set(
    String(claims.scp ?? '')
      .toLowerCase()
      .split(' ')
      .filter(Boolean),
  );
}

/** True when the token holds at least one of `allowed`. */
export function hasScope(claims: Claims, allowed: readonly string[]): boolean {
  const granted = scopesOf(claims);
  return allowed.some((s) => granted.has(s.toLowerCase()));
}

/** An app-only token (client credentials): no user, the app's permissions in `roles` (Entra's idtyp = app). */
export function isAppOnly(claims: Claims): boolean {
  return claims.idtyp === 'app' || (claims.scp === undefined && claims.roles !== undefined);
}

/** True when the app-only token holds at least one of `allowed` as an application permission (`roles`). */
export function hasRole(claims: Claims, allowed: readonly string[]): boolean {
  const roles = new Set((Array.isArray(claims.roles) ? claims.roles : []).map((r) => String(r).toLowerCase()));
  return allowed.some((r) => roles.has(r.toLowerCase()));
}

/** True when the token holds every scope of at least one of `sets`. */
export function hasScopeSet(claims: Claims, sets: readonly (readonly string[])[]): boolean {
  const granted = scopesOf(claims);
  return sets.some((set) => set.every((s) => granted.has(s.toLowerCase())));
}

export function methodNotAllowed(g: GraphRequest): void {
  graphError(g, 405, 'Request_BadRequest', `The HTTP method '${g.ctx.method}' is not allowed for this resource.`);
}
