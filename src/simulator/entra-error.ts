/**
 * Entra's error answer: {error, error_description "AADSTSnnnn: ... Trace ID ... Correlation ID ... Timestamp",
 * error_codes, timestamp, trace_id, correlation_id, error_uri}, with suberror / claims when Entra adds them.
 */
import { randomUUID } from 'node:crypto';
import type { SimEnv } from './env';
import { sendJson, type RequestContext } from './http';

interface EntraErrorExtra {
  suberror?: string;
  claims?: string;
}

/**
 * error_description as Entra writes it: "AADSTS<code>: <text>" then the Trace ID, Correlation ID and
 * Timestamp lines, separated by \r\n (reference-error-codes.md, v2-oauth2-on-behalf-of-flow.md).
 */
function errorDescription(
  code: number,
  text: string,
  traceId: string,
  correlationId: string,
  timestamp: string,
): string {
  return `AADSTS${code}: ${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`;
}

export function entraError(
  ctx: RequestContext,
  env: SimEnv,
  status: number,
  error: string,
  code: number,
  text: string,
  extra: EntraErrorExtra = {},
): void {
  const traceId = randomUUID();
  const correlationId = ctx.clientRequestId ?? randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  sendJson(
    ctx.res,
    status,
    {
      error,
      error_description: errorDescription(code, text, traceId, correlationId, timestamp),
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${env.httpsBase}/error?code=${code}`,
      ...(extra.suberror ? { suberror: extra.suberror } : {}),
      ...(extra.claims ? { claims: extra.claims } : {}),
    },
    { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', 'x-ms-request-id': traceId },
  );
}
