/**
 * Graph's side of the telemetry contract: one `graph.request` span (CLIENT) per HTTP request the gateway sends
 * (each retry its own, `graph.retry_count` saying which), with the method, the path template (ids replaced,
 * never a query), the status, Graph's `request-id` and the `client-request-id` sent; and the counters of
 * answers, throttles, retries and lost answers. Never a header value besides those two ids, never a body.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { kindSpec, MUTATING_KINDS } from '../core/kinds';
import { count, inSpan } from '../instruments';

const PARTNER_PATH = /^(\/deviceManagement\/remoteAssistancePartners)\/[^/?]+/;

/** The path as a template: no origin or version, the partner id as {id}, no query or function arguments. */
export function templateOf(path: string): string {
  const bare = path.startsWith('https://') ? new URL(path).pathname.replace(/^\/(beta|v1\.0)(?=\/)/, '') : path;
  return bare
    .replace(PARTNER_PATH, '$1/{id}')
    .replace(/\?.*$/, '')
    .replace(/\(.*\)$/, '');
}

export interface GraphRequestFacts {
  method: string;
  template: string;
  clientRequestId: string;
  /** 0 for the first try. */
  attempt: number;
}

const statusClass = (status: number): string => `${Math.floor(status / 100)}xx`;

/** Sends one request in its span and counts its answer. */
export function tracedRequest(facts: GraphRequestFacts, send: () => Promise<Response>): Promise<Response> {
  return inSpan('graph.request', { kind: SpanKind.CLIENT }, async (span) => {
    if (span.isRecording()) {
      span.setAttributes({
        'http.request.method': facts.method,
        'url.template': facts.template,
        'graph.client_request_id': facts.clientRequestId,
        'graph.retry_count': facts.attempt,
      });
    }
    const response = await send();
    const status = response.status;
    const throttled = status === 429 || status === 503;
    count('graphResponses', { template: facts.template, status_class: statusClass(status), status });
    if (throttled) count('graphThrottles', { template: facts.template });
    if (span.isRecording()) {
      span.setAttributes({ 'http.response.status_code': status, 'graph.throttled': throttled });
      const requestId = response.headers.get('request-id');
      if (requestId) span.setAttribute('graph.request_id', requestId);
      if (status >= 400) {
        span.setAttribute('error.type', String(status));
        span.setStatus({ code: SpanStatusCode.ERROR, message: String(status) });
      }
    }
    return response;
  });
}

export function countRetry(template: string): void {
  count('graphRetries', { template });
}

/** An action's answer was lost (reset, time-out, 502/504, 503 without Retry-After): by the operation kind asked. */
export function countUnknownOutcome(path: string): void {
  const kind = MUTATING_KINDS.find((k) => path.endsWith(`/${kindSpec(k).graphAction}`));
  count('graphUnknownOutcomes', { kind: kind ?? 'other' });
}
