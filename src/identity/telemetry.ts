/**
 * Entra's side of the telemetry contract: a CLIENT span for each token request that really goes to Entra (not
 * for a token served from the cache): `entra.obo` for the on-behalf-of exchange, `entra.app_token` for the
 * bot's own client-credentials token; `entra.tenant_id` and `entra.outcome` (issued, or the error's kind).
 * Never the assertion, the token, the secret or the certificate.
 */
import { SpanKind } from '@opentelemetry/api';
import { inSpan } from '../instruments';

export function tokenRequest<T>(
  name: 'entra.obo' | 'entra.app_token',
  tenantId: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  return inSpan(name, { kind: SpanKind.CLIENT }, async (span) => {
    if (span.isRecording() && tenantId) span.setAttribute('entra.tenant_id', tenantId);
    try {
      const result = await work();
      span.setAttribute('entra.outcome', 'issued');
      return result;
    } catch (e) {
      const kind = (e as { kind?: unknown } | null)?.kind;
      span.setAttribute('entra.outcome', typeof kind === 'string' ? kind : 'error');
      throw e;
    }
  });
}
