/**
 * A stand-in for the Bot Connector service: it records what the bot posts (new messages, replies) and
 * puts (card updates), and answers like the real one ({ id }).
 *
 * Given a verifier, it checks the bot's credentials as the real connector does (Bot Framework REST API,
 * "Authentication": every request from the bot carries `Authorization: Bearer <token>` from Entra for
 * https://api.botframework.com, and the token must belong to the bot that sent it): a request without a valid
 * token for `appId` gets 401 and is recorded as refused. The token itself is never recorded.
 *
 * Given a rate limit, it enforces one as Teams does per bot per conversation (msteams-docs, bots/how-to/
 * rate-limit.md: beyond the limit the API answers "HTTP 429 Too Many Requests"): a message to a conversation
 * that already received `max` messages within the last `perMs` gets 429 with a Retry-After header, and is
 * recorded as throttled (not among messages()).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: 'POST' | 'PUT' | string;
  path: string;
  conversationId: string;
  /** For a reply, the activity replied to; for an update, the activity updated. */
  activityId?: string;
  activity: Record<string, any>;
  /** The id the connector answered with: the id Teams gives the posted message (and its card). */
  id?: string;
  /** Only with a verifier: whether the request carried a valid token of the bot (and if not, why). */
  auth?: { ok: true; appId: string } | { ok: false; reason: string };
  /** When it arrived (ms since the epoch). */
  at: number;
  /** Answered 429 by the rate limit. */
  throttled?: boolean;
}

/** Checks a bearer token, e.g. `(t) => sim.verifyAppToken(t, 'https://api.botframework.com')`. */
export type TokenVerifier = (token: string) => { ok: true; appId: string } | { ok: false; reason: string };

export interface RecordingConnectorOptions {
  /** Check every request's bearer token; refused requests get 401. */
  verifier?: TokenVerifier;
  /** With a verifier: the app id the token must be for (the bot's). */
  appId?: string;
  /**
   * Answer 429 (with Retry-After) to a message beyond `max` per `perMs` in one conversation. `methods`: the requests
   * counted and refused (POST by default; PUT too for card updates); `conversations`: only these (all by default).
   */
  rateLimit?: { max: number; perMs?: number; retryAfterSeconds?: number; methods?: string[]; conversations?: string[] };
}

export interface RecordingConnector {
  url: string;
  calls: RecordedCall[];
  /** Messages (not typing indicators) posted, in order. */
  messages(): RecordedCall[];
  updates(): RecordedCall[];
  /** Requests answered 401 for want of a valid token (only with a verifier). */
  refused(): RecordedCall[];
  /** Requests answered 429 by the rate limit. */
  throttled(): RecordedCall[];
  /** Sets (or, with undefined, lifts) the rate limit from now on. */
  limit(rateLimit: RecordingConnectorOptions['rateLimit']): void;
  clear(): void;
  close(): Promise<void>;
}

function checkAuth(header: string | undefined, o: RecordingConnectorOptions): RecordedCall['auth'] {
  if (!o.verifier) return undefined;
  const m = /^Bearer (\S+)$/.exec(header ?? '');
  if (!m) return { ok: false, reason: header ? 'not a bearer token' : 'no Authorization header' };
  const verified = o.verifier(m[1]);
  if (!verified.ok) return verified;
  if (o.appId && verified.appId !== o.appId) return { ok: false, reason: `token of another app (${verified.appId})` };
  return { ok: true, appId: verified.appId };
}

export async function startRecordingConnector(given: RecordingConnectorOptions = {}): Promise<RecordingConnector> {
  const options = { ...given };
  const calls: RecordedCall[] = [];
  let next = 1;
  const server = http.createServer((req, res) => {
    const auth = checkAuth(req.headers.authorization, options);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = decodeURIComponent((req.url ?? '').split('?')[0]);
      const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      let activity: Record<string, any> = {};
      try {
        activity = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        res.statusCode = 400;
        res.end();
        return;
      }
      const at = Date.now();
      if (auth && !auth.ok) {
        calls.push({
          method: req.method ?? '',
          path,
          conversationId: m?.[1] ?? '',
          activityId: m?.[2],
          activity,
          auth,
          at,
        });
        res.statusCode = 401;
        res.setHeader('content-type', 'application/json');
        res.end('{"message":"Authorization has been denied for this request."}');
        return;
      }
      if (!m || (req.method !== 'POST' && req.method !== 'PUT')) {
        calls.push({ method: req.method ?? '', path, conversationId: '', activity, auth, at });
        res.statusCode = 404;
        res.setHeader('content-type', 'application/json');
        res.end('{"error":{"code":"NotFound"}}');
        return;
      }
      const limit = options.rateLimit;
      const limited = (method: string) => (limit?.methods ?? ['POST']).includes(method);
      if (limit && limited(req.method) && (!limit.conversations || limit.conversations.includes(m[1]))) {
        const perMs = limit.perMs ?? 1000;
        const recent = calls.filter(
          (c) =>
            c.conversationId === m[1] && limited(c.method) && !c.throttled && c.auth?.ok !== false && c.at > at - perMs,
        ).length;
        if (recent >= limit.max) {
          calls.push({
            method: req.method,
            path,
            conversationId: m[1],
            activityId: m[2],
            activity,
            auth,
            at,
            throttled: true,
          });
          res.statusCode = 429;
          res.setHeader('content-type', 'application/json');
          res.setHeader('retry-after', String(limit.retryAfterSeconds ?? 1));
          res.end('{"error":{"code":"TooManyRequests","message":"Too many requests to this conversation."}}');
          return;
        }
      }
      const id = req.method === 'PUT' ? m[2] : `activity-${next++}`;
      calls.push({ method: req.method, path, conversationId: m[1], activityId: m[2], activity, id, auth, at });
      res.statusCode = 200;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    messages: () =>
      calls.filter((c) => c.method === 'POST' && c.activity.type === 'message' && c.auth?.ok !== false && !c.throttled),
    updates: () => calls.filter((c) => c.method === 'PUT' && c.auth?.ok !== false),
    refused: () => calls.filter((c) => c.auth?.ok === false),
    throttled: () => calls.filter((c) => c.throttled === true),
    limit: (rateLimit) => {
      options.rateLimit = rateLimit;
    },
    clear: () => {
      calls.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
