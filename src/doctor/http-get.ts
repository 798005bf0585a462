/**
 * One plain GET over node:http(s), trusting the configured extra CA (the simulator's in tests, like the
 * bot's own clients), with a timeout. For the doctor's unauthenticated probes (Entra's OpenID document,
 * Graph's 401), where no SDK is needed and the raw status and body are what is checked.
 */
import http from 'node:http';
import https from 'node:https';

export interface GetAnswer {
  status: number;
  contentType: string;
  /** At most 64 KiB of the body, as text. */
  body: string;
}

const MAX_BODY = 64 * 1024;

export function httpGet(url: string, options: { ca?: string; timeoutMs: number }): Promise<GetAnswer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const client = u.protocol === 'https:' ? https : http;
    const req = client.get(
      u,
      {
        ...(options.ca && u.protocol === 'https:' ? { ca: options.ca } : {}),
        headers: { accept: 'application/json' },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_BODY) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs, () =>
      req.destroy(
        Object.assign(new Error(`no answer within ${Math.round(options.timeoutMs / 1000)} s`), { code: 'ETIMEDOUT' }),
      ),
    );
    req.on('error', reject);
  });
}

/** The JSON body, or undefined when it is not JSON. */
export function jsonOf(answer: GetAnswer): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(answer.body) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** "ECONNREFUSED", "ENOTFOUND", a TLS error code, ... or the message: what a network failure was. */
export function networkReason(e: unknown): string {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const message = typeof err?.message === 'string' ? err.message : String(e);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
