/**
 * Raw HTTP(S) requests to a simulator for the contract tests (node:https trusting the simulator's CA),
 * plus helpers to get tokens the way the clients do.
 */
import http from 'node:http';
import https from 'node:https';
import jwt from 'jsonwebtoken';
import type { SimUser, Simulator } from '../../src/simulator';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  form?: Record<string, string>;
}

export function request(sim: Simulator, url: string, req: RawRequest = {}): Promise<RawResponse> {
  const target = new URL(url.startsWith('http') ? url : `${sim.graphBaseUrl}${url}`);
  const headers: Record<string, string> = { ...req.headers };
  let payload: Buffer | undefined;
  if (req.form) {
    payload = Buffer.from(new URLSearchParams(req.form).toString());
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (req.body !== undefined) {
    payload = Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
    headers['Content-Type'] ??= 'application/json';
  }
  if (payload) headers['Content-Length'] = String(payload.length);
  const secure = target.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const r = (secure ? https : http).request(
      target,
      { method: req.method ?? 'GET', headers, ...(secure ? { ca: sim.ca } : {}), agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(payload);
  });
}

export const GRAPH = 'https://graph.microsoft.com/';

export function oboForm(
  sim: Simulator,
  assertion: string,
  scopes: string[],
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    client_id: sim.botId,
    client_secret: sim.clientSecret,
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    requested_token_use: 'on_behalf_of',
    assertion,
    scope: [
      ...scopes.map((s) => (s.startsWith('https://') ? s : GRAPH + s)),
      'openid',
      'profile',
      'offline_access',
    ].join(' '),
    ...extra,
  };
}

export function tokenUrl(sim: Simulator, tenant: string): string {
  return `${sim.authorityHost}/${tenant}/oauth2/v2.0/token`;
}

/** A Graph access token for `user` with the given short scopes, through the OBO endpoint. */
export async function graphToken(sim: Simulator, user: SimUser, scopes: string[]): Promise<string> {
  const res = await request(sim, tokenUrl(sim, user.tenantId), {
    method: 'POST',
    form: oboForm(sim, sim.issueUserAssertion(user), scopes),
  });
  if (res.status !== 200) throw new Error(`OBO failed: ${res.status} ${res.text}`);
  return res.json.access_token as string;
}

export function claimsOf(token: string): Record<string, any> {
  return jwt.decode(token, { json: true }) ?? {};
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
