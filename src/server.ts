/**
 * restify: POST /api/messages (handed to the bot's request handler; HEAD and GET there are probes), GET /healthz,
 * GET /readyz.
 * Bodies are size-limited, malformed JSON gets 400, and no caller ever sees a stack trace. Knows nothing
 * of botbuilder or teams-ai (the lint rules say so).
 */
import restify from 'restify';
import { describeError } from './core/errors';
import type { Logger } from './core/logger';

/** What answers POST /api/messages once the body is a JSON object with a type (bot/request-handler.ts). */
export type MessagesHandler = (req: restify.Request, res: restify.Response) => Promise<void>;

export interface ServerOptions {
  onMessages: MessagesHandler;
  log: Logger;
  maxBodyBytes: number;
  /** Resolves true when the dependencies (the store) answer. */
  ready: () => Promise<boolean>;
  /** The version and commit of this build, for /healthz (the same as in the start line). */
  about: { version: string; commit: string };
}

export function createServer(o: ServerOptions): restify.Server {
  const server = restify.createServer({ name: 'intune-remote-assistance-bot', handleUncaughtExceptions: false });
  server.use(
    restify.plugins.bodyParser({ maxBodySize: o.maxBodyBytes, mapParams: false, mapFiles: false, rejectUnknown: true }),
  );

  server.post('/api/messages', async (req, res) => {
    const body = req.body as unknown;
    if (
      !body ||
      typeof body !== 'object' ||
      Array.isArray(body) ||
      typeof (body as { type?: unknown }).type !== 'string'
    ) {
      res.send(400, { error: 'BadRequest', message: 'The body must be a JSON Bot Framework activity with a type.' });
      return;
    }
    await o.onMessages(req, res);
  });

  // The Agents Playground asks whether the bot is up with HEAD /api/messages: a probe, not a fault (debug, not warn).
  server.head('/api/messages', async (req, res) => {
    o.log.debug('endpoint probed', { method: req.method, path: req.path(), status: 200 });
    res.send(200);
  });
  server.get('/api/messages', async (req, res) => {
    o.log.debug('endpoint probed', { method: req.method, path: req.path(), status: 405 });
    res.header('Allow', 'POST, HEAD');
    res.send(405, { code: 'MethodNotAllowed', message: 'POST Bot Framework activities to /api/messages.' });
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok', version: o.about.version, commit: o.about.commit });
  });

  server.get('/readyz', async (_req, res) => {
    let ok = false;
    try {
      ok = await o.ready();
    } catch (e) {
      o.log.warn('readiness check failed', { error: describeError(e) });
    }
    res.send(ok ? 200 : 503, { status: ok ? 'ready' : 'not ready' });
  });

  // restify's own errors (413, 400 from the body parser, 404, 405) answer {code, message} only.
  server.on('restifyError', (req, _res, err, cb) => {
    o.log.warn('request refused', {
      method: req.method,
      path: req.path(),
      status: (err as { statusCode?: number }).statusCode,
      code: (err as { code?: string }).code,
    });
    return cb();
  });
  return server;
}

/** Listens and resolves with the bound port (port 0 = a free port). */
export function listen(server: restify.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      const addr = server.address() as { port: number };
      resolve(addr.port);
    });
  });
}
