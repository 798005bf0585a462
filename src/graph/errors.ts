/**
 * Graph's error answers -> AppError kinds (Retry-After is read by core/retry-after.ts, re-exported here).
 *
 * Graph's error JSON (concepts/errors.md): {"error":{"code","message","innerError":{...}}}; innerError may
 * hold a more specific `code` and further innerErrors; the request-id is also a response header.
 *
 * Intune refuses a signed-in user who lacks an Intune role with HTTP 401, not 403: error.code "UnknownError"
 * and, inside error.message, a JSON string whose ErrorCode is "Forbidden" (reported in
 * microsoftgraph/microsoft-graph-explorer-v4#706, microsoftgraph/msgraph-sdk-powershell#1257,
 * AzureAD/microsoft-authentication-library-for-js#7007). Such a 401 is a missing Intune permission
 * (graph.forbidden), not a refused token: signing in again would not help.
 */
import { AppError, type ErrorKind } from '../core/errors';

export interface GraphErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
  clientRequestId?: string;
  /** The codes below error.code: innerError codes (any depth) and an Intune ErrorCode inside the message. */
  innerCodes?: string[];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function innerOf(o: Record<string, unknown>): Record<string, unknown> | undefined {
  const inner = o.innerError ?? o.innererror ?? o.InnerError;
  return inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : undefined;
}

/** Intune puts its own error JSON into error.message: {"ErrorCode":"Forbidden","Message":"..."}. */
function intuneErrorCode(message: string | undefined): string | undefined {
  if (!message || !message.trimStart().startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(message) as Record<string, unknown>;
    return str(parsed?.ErrorCode);
  } catch {
    return undefined;
  }
}

export function parseGraphErrorBody(text: string): GraphErrorBody {
  try {
    const parsed = JSON.parse(text) as { error?: Record<string, unknown> };
    const error = parsed?.error;
    if (!error || typeof error !== 'object') return {};
    const first = innerOf(error) ?? {};
    const innerCodes: string[] = [];
    for (let inner = innerOf(error), depth = 0; inner && depth < 8; inner = innerOf(inner), depth++) {
      const code = str(inner.code);
      if (code) innerCodes.push(code);
    }
    const message = str(error.message);
    const intune = intuneErrorCode(message);
    if (intune) innerCodes.push(intune);
    return {
      code: str(error.code),
      message,
      // Graph answers say request-id; the example on concepts/errors.md spells it requestId.
      requestId: str(first['request-id']) ?? str(first.requestId),
      clientRequestId: str(first['client-request-id']),
      ...(innerCodes.length ? { innerCodes } : {}),
    };
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

/** A 401 that says Forbidden (in error.code, an innerError code, or Intune's ErrorCode) is an Intune denial. */
export function kindFor(status: number, body: GraphErrorBody): ErrorKind {
  if (status === 401 && [body.code, ...(body.innerCodes ?? [])].some((c) => c?.toLowerCase() === 'forbidden'))
    return 'graph.forbidden';
  return kindForStatus(status);
}

/** Lives in core (bot/ reads the Bot Connector's Retry-After with it too); exported here as before. */
export { parseRetryAfter } from '../core/retry-after';

export interface ResponseFacts {
  status: number;
  headerRequestId?: string;
  headerClientRequestId?: string;
  sentClientRequestId: string;
  retryAfterSeconds?: number;
}

export function graphAppError(facts: ResponseFacts, body: GraphErrorBody): AppError {
  const kind = kindFor(facts.status, body);
  const message = (body.message ?? '').slice(0, 300);
  return new AppError(
    kind,
    `Graph answered ${facts.status}${body.code ? ` ${body.code}` : ''}${message ? `: ${message}` : ''}`,
    {
      status: facts.status,
      code: body.code,
      requestId: body.requestId ?? facts.headerRequestId,
      clientRequestId: body.clientRequestId ?? facts.headerClientRequestId ?? facts.sentClientRequestId,
      retryAfterSeconds: kind === 'graph.throttled' ? facts.retryAfterSeconds : undefined,
    },
  );
}
