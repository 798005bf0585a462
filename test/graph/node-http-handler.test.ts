/**
 * The Graph transport and what it sends again. RFC 9110 section 9.2.2: a client may repeat an idempotent
 * request automatically after a failure; a POST is not idempotent, and the transport cannot know whether
 * the server acted on it.
 * - The keep-alive race: a server closes an idle kept-alive connection just as the next GET goes out on it.
 *   The request was never read; it is sent again on another connection.
 * - A POST is never sent again: it takes a connection of its own (so the race cannot hit it), and when the
 *   answer is lost after the connection was up, it fails with NoAnswerError ("may have reached the server").
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import type { Context } from '@microsoft/microsoft-graph-client';
import { isNoAnswer, NoAnswerError, NodeHttpHandler } from '../../src/graph/node-http-handler';

describe('NodeHttpHandler', () => {
  let server: http.Server;
  let url: string;
  let seen: string[];
  /** How the server treats a request: answer, close the connection without an answer, or say nothing. */
  let decide: (socketRequests: number, method: string) => 'answer' | 'close' | 'hang';
  const handlers: NodeHttpHandler[] = [];
  const handler = (timeoutMs = 5000) => {
    const h = new NodeHttpHandler({ timeoutMs, maxSockets: 1 });
    handlers.push(h);
    return h;
  };

  beforeEach(async () => {
    seen = [];
    decide = () => 'answer';
    const perSocket = new WeakMap<Socket, number>();
    server = http.createServer((req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      seen.push(`${req.method} ${req.url} #${n}`);
      const what = decide(n, req.method ?? '');
      if (what === 'hang') return;
      // The request has been read in full here: a server that closes now may well have acted on it.
      if (what === 'close') {
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
    for (const h of handlers.splice(0)) h.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const send = async (h: NodeHttpHandler, path: string, method = 'GET', base = url) => {
    const context = {
      request: `${base}${path}`,
      options: { method, headers: {}, ...(method === 'POST' ? { body: '{}' } : {}) },
    } as unknown as Context;
    await h.execute(context);
    return context.response as Response;
  };

  it('sends a GET again when its kept-alive connection was closed under it', async () => {
    const h = handler();
    expect((await send(h, '/first')).status).toBe(200);
    decide = (n) => (n === 2 ? 'close' : 'answer'); // the second request on a connection finds it closing
    const res = await send(h, '/second');
    expect(res.status).toBe(200);
    expect(seen).toEqual(['GET /first #1', 'GET /second #2', 'GET /second #1']);
  });

  it('never sends a POST twice: the server read it and closed the connection; the caller learns the answer was lost', async () => {
    const h = handler();
    decide = (_n, method) => (method === 'POST' ? 'close' : 'answer');
    const e = await send(h, '/disconnect', 'POST').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NoAnswerError);
    expect(e).toMatchObject({ code: 'ECONNRESET' });
    expect(isNoAnswer(e)).toBe(true);
    expect(seen).toEqual(['POST /disconnect #1']);
  });

  it('a POST goes out on a connection of its own, never on a kept-alive one the server may be closing', async () => {
    const h = handler();
    expect((await send(h, '/first')).status).toBe(200);
    expect((await send(h, '/second')).status).toBe(200);
    // Were it put on the kept-alive connection, it would be request #3 there and be closed unanswered.
    decide = (n) => (n >= 3 ? 'close' : 'answer');
    expect((await send(h, '/disconnect', 'POST')).status).toBe(200);
    expect(seen).toEqual(['GET /first #1', 'GET /second #2', 'POST /disconnect #1']);
  });

  it('a POST whose answer does not come in time: NoAnswerError (ETIMEDOUT), sent once', async () => {
    const h = handler(300);
    decide = () => 'hang';
    const e = await send(h, '/disconnect', 'POST').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NoAnswerError);
    expect(e).toMatchObject({ code: 'ETIMEDOUT' });
    expect(seen).toEqual(['POST /disconnect #1']);
  });

  it('a request that never left (connection refused) is a plain network error, not a lost answer', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const e = await send(handler(), '/disconnect', 'POST', `http://127.0.0.1:${port}`).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isNoAnswer(e)).toBe(false);
  });

  it('does not send a GET again when a new connection fails', async () => {
    const h = handler();
    decide = () => 'close';
    const e = await send(h, '/only').catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'ECONNRESET' });
    expect(seen).toEqual(['GET /only #1']);
  });

  it('gives up after a few closed connections in a row', async () => {
    const h = handler();
    expect((await send(h, '/first')).status).toBe(200);
    decide = () => 'close';
    await expect(send(h, '/again')).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(seen.length).toBeLessThanOrEqual(4);
  });
});
