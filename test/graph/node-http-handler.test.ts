/**
 * The Graph transport and the keep-alive race: a server closes an idle kept-alive connection just as the
 * next request goes out on it. The request was never read; it is sent again on another connection.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Context } from '@microsoft/microsoft-graph-client';
import { NodeHttpHandler } from '../../src/graph/node-http-handler';

describe('NodeHttpHandler', () => {
  let server: http.Server;
  let url: string;
  let seen: string[];
  /** How the server treats a request: answer, or close the connection without an answer. */
  let decide: (socketRequests: number) => 'answer' | 'close';

  beforeEach(async () => {
    seen = [];
    decide = () => 'answer';
    const perSocket = new WeakMap<Socket, number>();
    server = http.createServer((req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      seen.push(`${req.method} ${req.url} #${n}`);
      if (decide(n) === 'close') {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': `r${seen.length}` });
      res.end(JSON.stringify({ n: seen.length }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const send = async (handler: NodeHttpHandler, path: string, method = 'GET') => {
    const context = { request: `${url}${path}`, options: { method, headers: {} } } as unknown as Context;
    await handler.execute(context);
    return context.response as Response;
  };

  it('sends a request again when its kept-alive connection was closed under it', async () => {
    const handler = new NodeHttpHandler({ timeoutMs: 5000, maxSockets: 1 });
    try {
      expect((await send(handler, '/first')).status).toBe(200);
      decide = (n) => (n === 2 ? 'close' : 'answer'); // the second request on a connection finds it closing
      const res = await send(handler, '/second', 'POST');
      expect(res.status).toBe(200);
      expect(seen).toEqual(['GET /first #1', 'POST /second #2', 'POST /second #1']);
    } finally {
      handler.close();
    }
  });

  it('does not send again when a new connection fails', async () => {
    const handler = new NodeHttpHandler({ timeoutMs: 5000, maxSockets: 1 });
    try {
      decide = () => 'close';
      await expect(send(handler, '/only')).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(seen).toEqual(['GET /only #1']);
    } finally {
      handler.close();
    }
  });

  it('gives up after a few closed connections in a row', async () => {
    const handler = new NodeHttpHandler({ timeoutMs: 5000, maxSockets: 1 });
    try {
      expect((await send(handler, '/first')).status).toBe(200);
      decide = () => 'close';
      await expect(send(handler, '/again')).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(seen.length).toBeLessThanOrEqual(4);
    } finally {
      handler.close();
    }
  });
});
