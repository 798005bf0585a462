/**
 * The last middleware of the Graph client's chain: sends the request with node:https instead of the global
 * fetch.
 *
 * Why: the client's own HTTPMessageHandler calls the global fetch (undici in Node 20). To trust a private CA
 * (the simulator's) and to tune connection reuse, fetch needs an undici Dispatcher in `fetchOptions`, but
 * Node 20 does not expose the `undici` module and the package is not a dependency here; an https.Agent is
 * ignored by fetch. Reaching into Node's internal global dispatcher would work but is not a public API.
 * The client's public Middleware interface lets the chain end in our own handler, so this one uses node:https
 * with ONE keep-alive Agent per gateway (optional `ca`, bounded sockets, a per-request timeout) and hands the
 * client a standard `Response`.
 */
import http from 'node:http';
import https from 'node:https';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

export interface NodeHttpHandlerOptions {
  /** PEM of an extra CA to trust. Replaces the default trust store for this agent. */
  ca?: string;
  /** Per request: from sending to the last byte of the answer. */
  timeoutMs: number;
  maxSockets: number;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** Each retry takes another kept-alive connection (or a new one); several may have been closed at once. */
const MAX_STALE_RETRIES = 2;

/** The request died on a reused connection before any answer: the server had closed it. */
class StaleConnectionError extends Error {
  constructor(readonly reset: Error) {
    super(reset.message);
  }
}

function headerRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers) {
    headers.forEach((value, name) => {
      out[name] = value;
    });
  } else if (Array.isArray(headers)) {
    for (const [name, value] of headers as [string, string][]) out[name] = value;
  } else {
    for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
      if (value !== undefined && value !== null) out[name] = String(value);
    }
  }
  return out;
}

export class NodeHttpHandler implements Middleware {
  private readonly httpsAgent: https.Agent;
  private readonly httpAgent: http.Agent;

  constructor(private readonly options: NodeHttpHandlerOptions) {
    const common = { keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: Math.min(options.maxSockets, 32), scheduling: 'lifo' as const };
    this.httpsAgent = new https.Agent({ ...common, ...(options.ca ? { ca: options.ca } : {}) });
    this.httpAgent = new http.Agent(common);
  }

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const init = context.options ?? {};
    const body = init.body;
    if (body !== undefined && body !== null && typeof body !== 'string' && !Buffer.isBuffer(body)) {
      throw new Error('NodeHttpHandler sends string or Buffer bodies only');
    }
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = headerRecord(init.headers);
    for (let attempt = 0; ; attempt++) {
      try {
        context.response = await this.send(url, method, headers, body ?? undefined, init.signal ?? undefined);
        return;
      } catch (e) {
        // A kept-alive connection the server closed for idleness just as this request went out on it: the
        // server never read the request (it closes idle connections only), so send it again, on another
        // connection (Node's documented remedy for this race). The benchmark met it with the simulator's
        // 5 s keep-alive timeout after a pause in traffic: "socket hang up" on a few commands.
        if (!(e instanceof StaleConnectionError)) throw e;
        if (attempt >= MAX_STALE_RETRIES) throw e.reset;
      }
    }
  }

  private send(url: string, method: string, headers: Record<string, string>, body: string | Buffer | undefined, signal: AbortSignal | undefined): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
      if (payload) headers['Content-Length'] = String(payload.length);
      let answered = false;
      const req = (secure ? https : http).request(target, { method, headers, agent: secure ? this.httpsAgent : this.httpAgent }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          clearTimeout(timer);
          const responseHeaders = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
          const status = res.statusCode ?? 500;
          const responseBody = NULL_BODY_STATUSES.has(status) || method === 'HEAD' ? null : Buffer.concat(chunks);
          try {
            resolve(new Response(responseBody, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
          } catch (e) {
            reject(e);
          }
        });
      });
      const timer = setTimeout(() => {
        req.destroy(Object.assign(new Error(`Graph request timed out after ${this.options.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      }, this.options.timeoutMs);
      req.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(req.reusedSocket && e.code === 'ECONNRESET' && !answered ? new StaleConnectionError(e) : e);
      });
      if (signal) {
        if (signal.aborted) req.destroy(new Error('Graph request aborted'));
        else signal.addEventListener('abort', () => req.destroy(new Error('Graph request aborted')), { once: true });
      }
      req.end(payload);
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }
}
