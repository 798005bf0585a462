/**
 * A stand-in for the Bot Connector service: it records what the bot posts (new messages, replies) and
 * puts (card updates), and answers like the real one ({ id }).
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
}

export interface RecordingConnector {
  url: string;
  calls: RecordedCall[];
  /** Messages (not typing indicators) posted, in order. */
  messages(): RecordedCall[];
  updates(): RecordedCall[];
  clear(): void;
  close(): Promise<void>;
}

export async function startRecordingConnector(): Promise<RecordingConnector> {
  const calls: RecordedCall[] = [];
  let next = 1;
  const server = http.createServer((req, res) => {
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
      if (!m || (req.method !== 'POST' && req.method !== 'PUT')) {
        calls.push({ method: req.method ?? '', path, conversationId: '', activity });
        res.statusCode = 404;
        res.setHeader('content-type', 'application/json');
        res.end('{"error":{"code":"NotFound"}}');
        return;
      }
      const id = req.method === 'PUT' ? m[2] : `activity-${next++}`;
      calls.push({ method: req.method, path, conversationId: m[1], activityId: m[2], activity, id });
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
    messages: () => calls.filter((c) => c.method === 'POST' && c.activity.type === 'message'),
    updates: () => calls.filter((c) => c.method === 'PUT'),
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
