/**
 * Small HTTP helpers shared by the simulator's services: the per-request context, body reading and
 * JSON answers. Every request ends in the call log (status 0 when the connection was dropped).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimService } from './types';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  method: string;
  /** Which service answers it; set by the router. */
  service: SimService;
  /** Filled by the service for the call log. */
  oid?: string;
  /** The customer tenant a Graph request acts in (the token's tid); undefined for the home tenant. */
  tenantId?: string;
  clientRequestId?: string;
  requestId?: string;
  dropped?: boolean;
}

const MAX_BODY_BYTES = 256 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req));
}

/** Parses a JSON body; undefined when empty, HttpError 400 when not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Body is not valid JSON');
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json; charset=utf-8',
): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...headers, 'Content-Type': contentType, 'Content-Length': String(payload.length) });
  res.end(payload);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Length': '0' });
  res.end();
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  const payload = Buffer.from(html);
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(payload.length) });
  res.end(payload);
}

/** Closes the connection without an answer (what an unreachable or crashed server looks like). */
export function drop(ctx: RequestContext): void {
  ctx.dropped = true;
  ctx.req.socket.destroy();
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
