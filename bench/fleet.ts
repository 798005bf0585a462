/**
 * The fleet kill switch at scale (issue 19, msp-design.md "Tests and bench"): a simulator seeded with N reachable
 * customers (fleetWorld), the bot told of them (CUSTOMERS, the technicians' group acting in each), Graph latency
 * 150 ms. Alex, a technician, types `disconnect TeamViewer @all` and clicks Disconnect on the one card. Measured:
 * the card's answer, the click's answer, the card update whose rows are all final, Graph calls and OBO requests per
 * customer (the simulator's call log: a Graph call names its tenant, an OBO request its authority's tenant).
 * `status TeamViewer @all` is not supported (it answers "one customer at a time"): only the disconnect is measured.
 *
 * Invariants (a failure exits 1): exactly one POST disconnect per customer, at most one OBO request per technician
 * per customer, every row done. Targets (a miss is reported): the click answered within 3 s, the last row within 5 s.
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

export interface FleetFigures {
  customers: number;
  graphLatencyMs: number;
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
  oboPerTechnicianPerCustomer: { min: number; max: number };
}

const NOT_OPERATOR = '00000000-0000-0000-0000-00000000ffff';
const range = (xs: number[]) => ({ min: Math.min(...xs), max: Math.max(...xs) });

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
    // Warm-up at latency 0 (compilation, connections, Alex's home token): not measured.
    await postActivity(url, teams.message(user, 'status TeamViewer'));
    await sim.call('latency', o.graphLatencyMs);
    const { cursor } = await sim.call<FleetCalls & { cursor: number }>('fleetCalls', 0);

    const posted = connector.messages().length;
    const t0 = performance.now();
    const said = await postActivity(url, teams.message(user, 'disconnect TeamViewer @all'));
    if (said.status !== 200) throw new Error(`fleet: the message was answered ${said.status}`);
    const message = await until('the fleet card', () => connector.messages()[posted], 30_000);
    const cardMs = performance.now() - t0;
    const card = cardOf(message.activity);
    const confirm = actionsOf(card).find((a) => a.title === 'Disconnect');
    if (!confirm) throw new Error(`fleet: no Disconnect button on the card:\n${cardText(card)}`);

    const clickedAt = Date.now();
    const t1 = performance.now();
    const res = await postActivity(url, teams.action(user, confirm.verb, confirm.data, message.id!));
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
    const calls = await sim.call<FleetCalls & { cursor: number }>('fleetCalls', cursor);
    const perTenant = [...tenants].map((t) => calls.graphByTenant[t] ?? { calls: 0, disconnects: 0 });
    const obo = [...tenants].map((t) => calls.oboByUserTenant[`${alex.aadObjectId} ${t}`] ?? 0);
    const graph = perTenant.map((t) => t.calls);
    const figures: FleetFigures = {
      customers: o.customers,
      graphLatencyMs: o.graphLatencyMs,
      cardMs: Math.round(cardMs),
      clickAnswerMs: Math.round(clickAnswerMs),
      lastRowMs,
      rowsDone,
      cardUpdates,
      graphPerCustomer: { ...range(graph), mean: graph.reduce((a, b) => a + b, 0) / graph.length },
      disconnectsPerCustomer: range(perTenant.map((t) => t.disconnects)),
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
  return (
    `  fleet disconnect in ${f.customers} customers @ Graph ${f.graphLatencyMs} ms: card after ${f.cardMs} ms; ` +
    `click answered in ${f.clickAnswerMs} ms; every row final ${f.lastRowMs} ms after the click ` +
    `(${f.rowsDone} done, ${f.cardUpdates} card updates); ` +
    `Graph calls per customer ${g.min}-${g.max} (mean ${g.mean.toFixed(1)}), ` +
    `POST disconnect per customer ${f.disconnectsPerCustomer.min}-${f.disconnectsPerCustomer.max}, ` +
    `OBO per technician per customer ${f.oboPerTechnicianPerCustomer.min}-${f.oboPerTechnicianPerCustomer.max}`
  );
}

export function fleetChecks(f: FleetFigures): { invariants: Check[]; targets: Check[] } {
  const d = f.disconnectsPerCustomer;
  const obo = f.oboPerTechnicianPerCustomer;
  return {
    invariants: [
      {
        name: `fleet: one POST disconnect per customer (${f.customers})`,
        ok: d.min === 1 && d.max === 1,
        detail: `min ${d.min}, max ${d.max}`,
      },
      { name: 'fleet: at most one OBO per technician per customer', ok: obo.max <= 1, detail: `max ${obo.max}` },
      { name: 'fleet: every row done', ok: f.rowsDone === f.customers, detail: `${f.rowsDone} of ${f.customers}` },
    ],
    targets: [
      { name: 'fleet: click answered within 3 s', ok: f.clickAnswerMs <= 3000, detail: `${f.clickAnswerMs} ms` },
      { name: 'fleet: last row within 5 s of the click', ok: f.lastRowMs <= 5000, detail: `${f.lastRowMs} ms` },
    ],
  };
}
