/**
 * Graph's error answers -> AppError kinds, and Retry-After parsing.
 * Graph's error JSON: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}};
 * the request-id is also a response header.
 */
import { AppError, type ErrorKind } from '../core/errors';

export interface GraphErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
  clientRequestId?: string;
}

export function parseGraphErrorBody(text: string): GraphErrorBody {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } };
    const error = parsed?.error;
    if (!error || typeof error !== 'object') return {};
    const inner = error.innerError ?? {};
    const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
    return { code: str(error.code), message: str(error.message), requestId: str(inner['request-id']), clientRequestId: str(inner['client-request-id']) };
  } catch {
    return {};
  }
}

export function kindForStatus(status: number): ErrorKind {
  switch (status) {
    case 400:
      return 'graph.badRequest';
    case 401:
      return 'graph.unauthorized';
    case 403:
      return 'graph.forbidden';
    case 404:
      return 'graph.notFound';
    case 409:
      return 'graph.conflict';
    case 429:
    case 503:
      return 'graph.throttled';
    default:
      return status >= 500 && status <= 599 ? 'graph.unavailable' : 'graph.unexpected';
  }
}

/** Retry-After as seconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

export interface ResponseFacts {
  status: number;
  headerRequestId?: string;
  headerClientRequestId?: string;
  sentClientRequestId: string;
  retryAfterSeconds?: number;
}

export function graphAppError(facts: ResponseFacts, body: GraphErrorBody): AppError {
  const kind = kindForStatus(facts.status);
  const message = (body.message ?? '').slice(0, 300);
  return new AppError(kind, `Graph answered ${facts.status}${body.code ? ` ${body.code}` : ''}${message ? `: ${message}` : ''}`, {
    status: facts.status,
    code: body.code,
    requestId: body.requestId ?? facts.headerRequestId,
    clientRequestId: body.clientRequestId ?? facts.headerClientRequestId ?? facts.sentClientRequestId,
    retryAfterSeconds: kind === 'graph.throttled' ? facts.retryAfterSeconds : undefined,
  });
}
