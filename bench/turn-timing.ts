/**
 * Inside the bot process (bench wrapper only): how long each inbound activity took from the request's
 * arrival to the last byte of the answer, and how much of it the bot spent waiting for the services it
 * calls (Graph, Entra, the Bot Framework token service, the Bot Connector). `own` = total - waits: the
 * time the bot adds, free of the load generator's queueing. Node's http diagnostics channels and an
 * AsyncLocalStorage carry the attribution; the bot's code is not touched.
 *
 * The calls of one turn are sequential (token -> Graph -> reply), so their waits add up.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

export type Peer = 'graph' | 'entra' | 'tokenService' | 'connector' | 'other';

interface Turn {
  start: number;
  waits: Record<Peer, number>;
}

export interface TimingFigures {
  turns: number;
  /** Milliseconds. */
  total: { p50: number; p99: number; max: number; mean: number };
  own: { p50: number; p99: number; max: number; mean: number };
  /** Mean wait per turn on each peer, and outbound requests per turn. */
  waitMean: Record<Peer, number>;
  callsPerTurn: Record<Peer, number>;
}

const PEERS: Peer[] = ['graph', 'entra', 'tokenService', 'connector', 'other'];

export function turnTiming(classify: (host: string, path: string) => Peer) {
  const als = new AsyncLocalStorage<Turn>();
  const turns = new WeakMap<IncomingMessage, Turn>();
  const outbound = new WeakMap<ClientRequest, { turn: Turn; peer: Peer; start: number }>();
  let total: RecordableHistogram = createHistogram();
  let own: RecordableHistogram = createHistogram();
  let count = 0;
  let waits = Object.fromEntries(PEERS.map((p) => [p, 0])) as Record<Peer, number>;
  let calls = Object.fromEntries(PEERS.map((p) => [p, 0])) as Record<Peer, number>;

  const onServerStart = (message: unknown) => {
    const { request } = message as { request: IncomingMessage };
    const turn: Turn = {
      start: performance.now(),
      waits: Object.fromEntries(PEERS.map((p) => [p, 0])) as Record<Peer, number>,
    };
    turns.set(request, turn);
    als.enterWith(turn); // the request handlers run in this synchronous continuation, and everything they start
  };
  const onServerFinish = (message: unknown) => {
    const { request } = message as { request: IncomingMessage; response: ServerResponse };
    const turn = turns.get(request);
    if (!turn) return;
    const elapsed = performance.now() - turn.start;
    const waited = PEERS.reduce((s, p) => s + turn.waits[p], 0);
    total.record(Math.max(1, Math.round(elapsed * 1000)));
    own.record(Math.max(1, Math.round((elapsed - waited) * 1000)));
    count++;
    for (const p of PEERS) waits[p] += turn.waits[p];
  };
  const onClientStart = (message: unknown) => {
    const { request } = message as { request: ClientRequest };
    const turn = als.getStore();
    if (!turn) return;
    const peer = classify(String(request.getHeader('host') ?? request.host ?? ''), request.path);
    calls[peer]++;
    outbound.set(request, { turn, peer, start: performance.now() });
  };
  const done = (request: ClientRequest) => {
    const o = outbound.get(request);
    if (!o) return;
    outbound.delete(request);
    o.turn.waits[o.peer] += performance.now() - o.start;
  };
  // 'response.finish' is published when the answer's headers arrive: the wait ends with its last byte.
  const onClientFinish = (message: unknown) => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const finish = () => done(request);
    response.once('end', finish);
    response.once('close', finish);
  };
  const onClientError = (message: unknown) => done((message as { request: ClientRequest }).request);
  const subscriptions: [string, (message: unknown) => void][] = [
    ['http.server.request.start', onServerStart],
    ['http.server.response.finish', onServerFinish],
    ['http.client.request.start', onClientStart],
    ['http.client.response.finish', onClientFinish],
    ['http.client.request.error', onClientError],
  ];
  let enabled = false;

  const ms = (h: RecordableHistogram) => ({
    p50: h.percentile(50) / 1000,
    p99: h.percentile(99) / 1000,
    max: h.max / 1000,
    mean: h.mean / 1000,
  });
  return {
    /**
     * AsyncLocalStorage turns on promise hooks, which cost the bot a few per cent of CPU: the runner
     * enables the timing only for the windows that report it.
     */
    enable(on: boolean): void {
      if (on === enabled) return;
      enabled = on;
      for (const [name, handler] of subscriptions)
        (on ? diagnostics.subscribe : diagnostics.unsubscribe)(name, handler);
      if (!on) als.disable();
    },
    figures(reset = false): TimingFigures {
      const n = Math.max(1, count);
      const out: TimingFigures = {
        turns: count,
        total: count ? ms(total) : { p50: 0, p99: 0, max: 0, mean: 0 },
        own: count ? ms(own) : { p50: 0, p99: 0, max: 0, mean: 0 },
        waitMean: Object.fromEntries(PEERS.map((p) => [p, waits[p] / n])) as Record<Peer, number>,
        callsPerTurn: Object.fromEntries(PEERS.map((p) => [p, calls[p] / n])) as Record<Peer, number>,
      };
      if (reset) {
        total = createHistogram();
        own = createHistogram();
        count = 0;
        waits = Object.fromEntries(PEERS.map((p) => [p, 0])) as Record<Peer, number>;
        calls = Object.fromEntries(PEERS.map((p) => [p, 0])) as Record<Peer, number>;
      }
      return out;
    },
  };
}

/** Which service a request goes to, by host:port (and path, for the simulator's one HTTPS port). */
export function peerClassifier(o: { sim: string[]; connector: string }): (host: string, path: string) => Peer {
  const hostOf = (url: string) => new URL(url).host;
  const [simHttps, simHttp] = o.sim.map(hostOf);
  const connector = hostOf(o.connector);
  return (host, path) => {
    if (host === connector) return 'connector';
    if (host === simHttp) return 'tokenService';
    if (host === simHttps)
      return /^\/(beta|v1\.0)\//.test(path) ? 'graph' : path.startsWith('/api/') ? 'tokenService' : 'entra';
    return 'other';
  };
}
