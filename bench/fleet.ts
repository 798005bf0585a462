/**
 * The fleet kill switch at scale (issue 19, msp-design.md "Tests and bench"): a simulator seeded with N reachable
 * customers (fleetWorld), the bot told of them (CUSTOMERS, the technicians' group acting in each), Graph latency
 * 150 ms. Alex, a technician, first types `status TeamViewer @all` (the fleet read: one card, a row per customer),
 * then `disconnect TeamViewer @all` and clicks Disconnect on the one card. Measured: the status card's answer and its
 * Graph calls per customer; the fleet card's answer, the click's answer, the card update whose rows are all final,
 * Graph calls per customer; OBO requests per customer across the status AND the disconnect (the simulator's call log:
 * a Graph call names its tenant, an OBO request its authority's tenant).
 *
 * Invariants (a failure exits 1): the status card reads every customer with exactly one partner list each, exactly
 * one POST disconnect per customer, at most one OBO request per technician per customer across both, every row done.
 * Targets (a miss is reported): the status card within 3 s, the click answered within 3 s, the last row within 5 s.
 */
import path from 'node:path';
import { defaultPartners, defaultUsers, fleetWorld, MSP_TECHNICIANS_GROUP_ID } from '../src/simulator';
import { postActivity } from '../test/support/post-activity';
import { startRecordingConnector } from '../test/support/recording-connector';
import { actionsOf, cardOf, cardText, TeamsClient } from '../test/support/teams';
import type { BotStartArgs } from './bot-child';
import { Child } from './ipc';
import type { Check } from './report';
import type { FleetCalls, SimInfo } from './sim-child';

/** `status TeamViewer @all`, before the disconnect. */
export interface FleetStatusFigures {
  /** Message sent to the status card posted (every customer read). */
  cardMs: number;
  /** Customers whose row shows the partner's state (read in that customer). */
  rowsRead: number;
  graphPerCustomer: { min: number; max: number };
  /** GET .../remoteAssistancePartners per customer (expected: exactly 1). */
  listsPerCustomer: { min: number; max: number };
}

export interface FleetFigures {
  customers: number;
  graphLatencyMs: number;
  status: FleetStatusFigures;
  /** Message sent to the card posted (every customer read). */
  cardMs: number;
  /** Confirm click sent to its answer. */
  clickAnswerMs: number;
  /** Confirm click sent to the card update whose rows are all final. */
  lastRowMs: number;
  rowsDone: number;
  /** Card updates (PUT) of the fleet card until every row was final. */
  cardUpdates: number;
  graphPerCustomer: { min: number; max: number; mean: number };
  disconnectsPerCustomer: { min: number; max: number };
  /** Across the status read and the disconnect (the OBO cache is per user and tenant). */
  oboPerTechnicianPerCustomer: { min: number; max: number };
}

interface Measured {
  post: (activity: object) => Promise<{ status: number }>;
  teams: TeamsClient;
  user: { id: string; aadObjectId: string; tenantId: string; name: string };
  connector: Awaited<ReturnType<typeof startRecordingConnector>>;
  sim: Child;
  tenants: Set<string>;
}

const NOT_OPERATOR = '00000000-0000-0000-0000-00000000ffff';
const range = (xs: number[]) => ({ min: Math.min(...xs), max: Math.max(...xs) });
const fleetCalls = (sim: Child, from: number) => sim.call<FleetCalls & { cursor: number }>('fleetCalls', from);

/** `status TeamViewer @all`: the card's time, its rows read, Graph calls per customer (from `cursor` on). */
async function measureStatus(m: Measured, cursor: number): Promise<FleetStatusFigures> {
  const posted = m.connector.messages().length;
  const t0 = performance.now();
  const said = await m.post(m.teams.message(m.user, 'status TeamViewer @all'));
  if (said.status !== 200) throw new Error(`fleet: the status message was answered ${said.status}`);
  const message = await until('the fleet status card', () => m.connector.messages()[posted], 30_000);
  const cardMs = performance.now() - t0;
  const text = cardText(cardOf(message.activity));
  if (!/in \d+ customers/.test(text)) throw new Error(`fleet: not the fleet status card:\n${text}`);
  const rowsRead = text.split('\n').filter((l) => / · last connection /.test(l)).length;
  const calls = await fleetCalls(m.sim, cursor);
  const perTenant = [...m.tenants].map((t) => calls.graphByTenant[t] ?? { calls: 0, disconnects: 0, lists: 0 });
  return {
    cardMs: Math.round(cardMs),
    rowsRead,
    graphPerCustomer: range(perTenant.map((t) => t.calls)),
    listsPerCustomer: range(perTenant.map((t) => t.lists)),
  };
}

/** Polls `check` every 5 ms until it returns something, or fails after `ms`. */
async function until<T>(what: string, check: () => T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`fleet: timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

type DisconnectFigures = Omit<FleetFigures, 'customers' | 'graphLatencyMs' | 'status' | 'oboPerTechnicianPerCustomer'>;

/** `disconnect TeamViewer @all`, then Disconnect on its card: until every row is final (Graph calls from `cursor`). */
async function measureDisconnect(m: Measured, cursor: number): Promise<DisconnectFigures> {
  const { connector, teams, user } = m;
  const posted = connector.messages().length;
  const t0 = performance.now();
  const said = await m.post(teams.message(user, 'disconnect TeamViewer @all'));
  if (said.status !== 200) throw new Error(`fleet: the message was answered ${said.status}`);
  const message = await until('the fleet card', () => connector.messages()[posted], 30_000);
  const cardMs = performance.now() - t0;
  const card = cardOf(message.activity);
  const confirm = actionsOf(card).find((a) => a.title === 'Disconnect');
  if (!confirm) throw new Error(`fleet: no Disconnect button on the card:\n${cardText(card)}`);

  const clickedAt = Date.now();
  const t1 = performance.now();
  const res = await m.post(teams.action(user, confirm.verb, confirm.data, message.id!));
  const clickAnswerMs = performance.now() - t1;
  if (res.status !== 200) throw new Error(`fleet: the click was answered ${res.status}`);
  const final = await until(
    'the card update with every row final',
    () =>
      connector
        .updates()
        .filter((u) => u.activityId === message.id && /: finished$/m.test(cardText(cardOf(u.activity))))
        .at(0),
    60_000,
  );
  const lastRowMs = final.at - clickedAt;
  const rowsDone = cardText(cardOf(final.activity))
    .split('\n')
    .filter((l) => l === 'Done').length;

  const cardUpdates = connector.updates().filter((u) => u.activityId === message.id && u.at <= final.at).length;
  const calls = await fleetCalls(m.sim, cursor);
  const perTenant = [...m.tenants].map((t) => calls.graphByTenant[t] ?? { calls: 0, disconnects: 0, lists: 0 });
  const graph = perTenant.map((t) => t.calls);
  return {
    cardMs: Math.round(cardMs),
    clickAnswerMs: Math.round(clickAnswerMs),
    lastRowMs,
    rowsDone,
    cardUpdates,
    graphPerCustomer: { ...range(graph), mean: graph.reduce((a, b) => a + b, 0) / graph.length },
    disconnectsPerCustomer: range(perTenant.map((t) => t.disconnects)),
  };
}

export async function measureFleet(
  o: { customers: number; graphLatencyMs: number; logLevel: string; artifacts: string },
  log: (line: string) => void,
): Promise<FleetFigures> {
  const world = fleetWorld(o.customers);
  const customers = world.customers.map((c) => ({
    name: c.name,
    tenantId: c.tenantId,
    displayName: c.displayName,
    technicians: [MSP_TECHNICIANS_GROUP_ID],
  }));
  const tenants = new Set(customers.map((c) => c.tenantId));
  const connector = await startRecordingConnector();
  const sim = Child.start('fleet simulator', path.join(__dirname, 'sim-child.js'));
  const bot = Child.start('fleet bot', path.join(__dirname, 'bot-child.js'), ['--no-deprecation']);
  try {
    const users = defaultUsers();
    const simInfo = await sim.call<SimInfo>('start', {
      users,
      partners: defaultPartners(),
      graphLatencyMs: 0,
      operatorOid: NOT_OPERATOR,
      fleetCustomers: o.customers,
    });
    const botArgs: BotStartArgs = {
      sim: simInfo,
      env: { CUSTOMERS: JSON.stringify({ customers }), LOG_LEVEL: o.logLevel },
      logFile: path.join(o.artifacts, 'fleet-bot.log'),
      connectorUrl: connector.url,
    };
    const url = `${(await bot.call<{ url: string }>('start', botArgs)).url}/api/messages`;
    const teams = new TeamsClient({ serviceUrl: connector.url, botId: simInfo.botId });
    const alex = users.find((u) => u.name === 'Alex Wilber')!;
    const user = { id: alex.channelUserId, aadObjectId: alex.aadObjectId, tenantId: alex.tenantId, name: alex.name };
    const m: Measured = { post: (a) => postActivity(url, a), teams, user, connector, sim, tenants };
    // Warm-up at latency 0 (compilation, connections, Alex's home token): not measured.
    await postActivity(url, teams.message(user, 'status TeamViewer'));
    await sim.call('latency', o.graphLatencyMs);
    const { cursor: beforeStatus } = await fleetCalls(sim, 0);
    const status = await measureStatus(m, beforeStatus);
    const { cursor } = await fleetCalls(sim, 0);

    const d = await measureDisconnect(m, cursor);
    // OBO requests from the status on: the disconnect that follows may ask none of its own.
    const both = await fleetCalls(sim, beforeStatus);
    const obo = [...tenants].map((t) => both.oboByUserTenant[`${alex.aadObjectId} ${t}`] ?? 0);
    const figures: FleetFigures = {
      customers: o.customers,
      graphLatencyMs: o.graphLatencyMs,
      status,
      ...d,
      oboPerTechnicianPerCustomer: range(obo),
    };
    log(fleetText(figures));
    return figures;
  } finally {
    await Promise.all([bot.stop(), sim.stop()]);
    await connector.close();
  }
}

export function fleetText(f: FleetFigures): string {
  const g = f.graphPerCustomer;
  const s = f.status;
  return (
    `  fleet status in ${f.customers} customers @ Graph ${f.graphLatencyMs} ms: card after ${s.cardMs} ms ` +
    `(${s.rowsRead} rows read); Graph calls per customer ${s.graphPerCustomer.min}-${s.graphPerCustomer.max}, ` +
    `partner lists per customer ${s.listsPerCustomer.min}-${s.listsPerCustomer.max}\n` +
    `  fleet disconnect in ${f.customers} customers @ Graph ${f.graphLatencyMs} ms: card after ${f.cardMs} ms; ` +
    `click answered in ${f.clickAnswerMs} ms; every row final ${f.lastRowMs} ms after the click ` +
    `(${f.rowsDone} done, ${f.cardUpdates} card updates); ` +
    `Graph calls per customer ${g.min}-${g.max} (mean ${g.mean.toFixed(1)}), ` +
    `POST disconnect per customer ${f.disconnectsPerCustomer.min}-${f.disconnectsPerCustomer.max}, ` +
    `OBO per technician per customer (status and disconnect) ` +
    `${f.oboPerTechnicianPerCustomer.min}-${f.oboPerTechnicianPerCustomer.max}`
  );
}

export function fleetChecks(f: FleetFigures): { invariants: Check[]; targets: Check[] } {
  const d = f.disconnectsPerCustomer;
  const obo = f.oboPerTechnicianPerCustomer;
  const s = f.status;
  return {
    invariants: [
      {
        name: `fleet status: every customer read (${f.customers})`,
        ok: s.rowsRead === f.customers,
        detail: `${s.rowsRead} of ${f.customers}`,
      },
      {
        name: 'fleet status: one partner list per customer, no other Graph call',
        ok: s.listsPerCustomer.min === 1 && s.listsPerCustomer.max === 1 && s.graphPerCustomer.max === 1,
        detail: `lists ${s.listsPerCustomer.min}-${s.listsPerCustomer.max}, calls ${s.graphPerCustomer.min}-${s.graphPerCustomer.max}`,
      },
      {
        name: `fleet: one POST disconnect per customer (${f.customers})`,
        ok: d.min === 1 && d.max === 1,
        detail: `min ${d.min}, max ${d.max}`,
      },
      {
        name: 'fleet: at most one OBO per technician per customer (status and disconnect)',
        ok: obo.max <= 1,
        detail: `max ${obo.max}`,
      },
      { name: 'fleet: every row done', ok: f.rowsDone === f.customers, detail: `${f.rowsDone} of ${f.customers}` },
    ],
    targets: [
      { name: 'fleet status: card within 3 s', ok: s.cardMs <= 3000, detail: `${s.cardMs} ms` },
      { name: 'fleet: click answered within 3 s', ok: f.clickAnswerMs <= 3000, detail: `${f.clickAnswerMs} ms` },
      { name: 'fleet: last row within 5 s of the click', ok: f.lastRowMs <= 5000, detail: `${f.lastRowMs} ms` },
    ],
  };
}
