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
 *
 * What is sent again, and what never is (RFC 9110 section 9.2.2: a client may repeat an idempotent request
 * automatically; a non-idempotent one only if it knows the server did not act on it):
 * - A GET or HEAD that meets a reset on a reused kept-alive connection before any answer is sent once more,
 *   on another connection (the server closed an idle connection just as the request went out on it).
 * - Anything else (a POST: disconnect, beginOnboarding) is never sent again here. It goes out on a connection
 *   of its own, so the idle-close race cannot hit it; a reset, a timeout or a lost answer after the
 *   connection was up is reported as a `NoAnswerError` ("may have reached the server"), which the gateway
 *   turns into an unknown outcome for the core to settle by reading the partner.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
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
/** Methods this handler may send again after a reset (idempotent, RFC 9110 section 9.2.2); the client sends GET and POST. */
const IDEMPOTENT = new Set(['GET', 'HEAD']);

/** The `name` of a NoAnswerError; the Graph client copies an error's name into its GraphError's `code`. */
export const NO_ANSWER = 'GraphNoAnswer';

/**
 * The connection was up (the request may have been read and acted on), and then no complete answer came: a
 * reset, a timeout, a connection closed mid-answer. `code` is the system error's (ECONNRESET, ETIMEDOUT...).
 */
export class NoAnswerError extends Error {
  override readonly name = NO_ANSWER;
  constructor(
    readonly code: string | undefined,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** True for an error (ours, or the GraphError the client made of it) that says the request may have arrived. */
export function isNoAnswer(e: unknown): boolean {
  if (e instanceof NoAnswerError) return true;
  const o = e as { name?: unknown; code?: unknown } | null;
  return typeof o === 'object' && o !== null && (o.name === NO_ANSWER || o.code === NO_ANSWER);
}

/** The request died on a reused connection before any answer: the server had closed it. */
class StaleConnectionError extends Error {
  constructor(
    readonly reset: Error,
    readonly noAnswer: NoAnswerError,
  ) {
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
  /** For requests that must not meet a kept-alive connection the server is closing: one connection each. */
  private readonly freshHttpsAgent: https.Agent;
  private readonly freshHttpAgent: http.Agent;

  constructor(private readonly options: NodeHttpHandlerOptions) {
    const common = {
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxFreeSockets: Math.min(options.maxSockets, 32),
      scheduling: 'lifo' as const,
    };
    const ca = options.ca ? { ca: options.ca } : {};
    this.httpsAgent = new https.Agent({ ...common, ...ca });
    this.httpAgent = new http.Agent(common);
    this.freshHttpsAgent = new https.Agent({ keepAlive: false, maxSockets: options.maxSockets, ...ca });
    this.freshHttpAgent = new http.Agent({ keepAlive: false, maxSockets: options.maxSockets });
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
    const idempotent = IDEMPOTENT.has(method);
    for (let attempt = 0; ; attempt++) {
      try {
        context.response = await this.send(
          url,
          method,
          headers,
          body ?? undefined,
          init.signal ?? undefined,
          idempotent,
        );
        return;
      } catch (e) {
        // A kept-alive connection the server closed for idleness just as this request went out on it: the
        // server never read the request (it closes idle connections only), so send it again, on another
        // connection (Node's documented remedy for this race). The benchmark met it with the simulator's
        // 5 s keep-alive timeout after a pause in traffic: "socket hang up" on a few commands. Only a GET or
        // HEAD gets here (a POST never takes a kept-alive connection), and the retry is bounded.
        if (!(e instanceof StaleConnectionError)) throw e;
        if (attempt >= MAX_STALE_RETRIES) throw e.noAnswer;
      }
    }
  }

  private send(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | Buffer | undefined,
    signal: AbortSignal | undefined,
    idempotent: boolean,
  ): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
      if (payload) headers['Content-Length'] = String(payload.length);
      const agent = idempotent
        ? secure
          ? this.httpsAgent
          : this.httpAgent
        : secure
          ? this.freshHttpsAgent
          : this.freshHttpAgent;
      let answered = false;
      /** The connection was up when the request went out: from then on, the server may have read it. */
      let connected = false;
      const req = (secure ? https : http).request(target, { method, headers, agent }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (e: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          reject(new NoAnswerError(e.code, `the answer from ${target.host} broke off: ${e.message}`, e));
        });
        res.on('end', () => {
          clearTimeout(timer);
          const responseHeaders = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
            responseHeaders.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
          const status = res.statusCode ?? 500;
          const responseBody = NULL_BODY_STATUSES.has(status) || method === 'HEAD' ? null : Buffer.concat(chunks);
          try {
            resolve(
              new Response(responseBody, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }),
            );
          } catch (e) {
            reject(e);
          }
        });
      });
      req.on('socket', (socket: Socket) => {
        if (req.reusedSocket || !socket.connecting) connected = true;
        else socket.once(secure ? 'secureConnect' : 'connect', () => (connected = true));
      });
      const timer = setTimeout(() => {
        req.destroy(
          Object.assign(new Error(`Graph request timed out after ${this.options.timeoutMs} ms`), { code: 'ETIMEDOUT' }),
        );
      }, this.options.timeoutMs);
      req.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (!connected) return reject(e); // never left this machine: a plain network failure
        const noAnswer = new NoAnswerError(e.code, `no answer from ${target.host}: ${e.message}`, e);
        reject(
          idempotent && req.reusedSocket && e.code === 'ECONNRESET' && !answered
            ? new StaleConnectionError(e, noAnswer)
            : noAnswer,
        );
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
    this.freshHttpsAgent.destroy();
    this.freshHttpAgent.destroy();
  }
}
