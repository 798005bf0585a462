/**
 * The telemetry of a disconnect over the real harness (the bot server, the simulated tenant, the recording
 * connector), with an in-memory OpenTelemetry SDK: the message and the click are one trace each, their token,
 * Entra, Graph, store and connector calls children of the turn; the click's finish after its answer is a trace
 * of its own linked to the click; the metrics are counted; no attribute holds a token, a Bearer header or the
 * message text; every log line of a turn carries its trace id.
 */
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { waitFor } from '../support/bot-process';
import { startHarness, type Harness } from '../support/harness';
import { actionsOf, cardOf, cardText } from '../support/teams';
import { idOf, parentOf, registerTestTelemetry, total, traceOf, type TestTelemetry } from '../support/telemetry';

let telemetry: TestTelemetry;
let h: Harness;

beforeAll(async () => {
  telemetry = registerTestTelemetry();
  // A short answer window, so that a held disconnect makes the click finish in the background.
  h = await startHarness({ env: { CLICK_ANSWER_MS: '300' } });
});
afterAll(async () => {
  await h?.close();
  await telemetry?.shutdown();
});

const turnOf = (activityId: string) =>
  telemetry.spans().find((s) => s.name === 'teams.activity' && s.attributes['teams.activity.id'] === activityId);
const inTrace = (root: ReadableSpan) => telemetry.spans().filter((s) => traceOf(s) === traceOf(root));
const named = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
const logsOf = (activityId: string) =>
  h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.activityId === activityId);

/** Every attribute value of every span (and of its links and events), as text. */
function everyValue(spans: ReadableSpan[]): string[] {
  return spans.flatMap((s) => [
    s.name,
    s.status.message ?? '',
    ...[s.attributes, ...s.links.map((l) => l.attributes ?? {}), ...s.events.map((e) => e.attributes ?? {})].flatMap(
      (a) => Object.values(a).map(String),
    ),
  ]);
}

describe('a disconnect: message, click, background finish with a slow Graph', () => {
  it('gives one trace per activity with the calls in it, a linked trace for the background finish, the metrics and correlated logs', async () => {
    const alex = h.user('Alex Wilber');
    const text = 'disconnect TeamViewer';
    const message = h.teams.message(alex, text, { where: 'personal' });
    const res = await h.post(message);
    expect(res.status).toBe(200);
    const asked = h.connector.messages().at(-1)!;
    const askedCard = cardOf(asked.activity)!;

    // The message: one trace, rooted in its SERVER span, with the command and what it answered.
    const turn = await waitFor('the message turn span', () => turnOf(String(message.id)));
    expect(turn.kind).toBe(SpanKind.SERVER);
    expect(parentOf(turn)).toBeUndefined();
    expect(turn.attributes).toMatchObject({
      'teams.activity.type': 'message',
      'teams.conversation.kind': 'personal',
      'bot.command': 'disconnect',
      'bot.outcome': 'confirm',
      'enduser.id': alex.aadObjectId,
      'http.response.status_code': 200,
    });
    const messageSpans = inTrace(turn);
    for (const name of ['teams.token_service', 'entra.obo', 'graph.request', 'store.statement', 'teams.connector']) {
      const children = named(messageSpans, name);
      expect({ name, count: children.length }).toMatchObject({ name, count: expect.any(Number) });
      expect(children.length).toBeGreaterThan(0);
      for (const child of children) expect({ name, parent: parentOf(child) }).toEqual({ name, parent: idOf(turn) });
    }
    expect(named(messageSpans, 'teams.token_service')[0].attributes['token_service.call']).toBe('GetToken');
    expect(named(messageSpans, 'teams.connector').map((s) => s.attributes['connector.operation'])).toContain('post');
    expect(named(messageSpans, 'store.statement').map((s) => s.attributes['db.operation.name'])).toContain('insert');
    expect(named(messageSpans, 'store.statement')[0].attributes['db.system.name']).toBe('sqlite');

    // The click: Graph holds the disconnect, so the click is answered "in progress" and finishes in the background.
    const held = h.sim.faults.holdNextDisconnect();
    const confirm = actionsOf(askedCard).find((a) => a.verb === 'op.confirm')!;
    const click = h.teams.action(alex, confirm.verb, confirm.data, asked.id!, { where: 'personal' });
    const answer = await h.post(click);
    expect(cardText(answer.body?.value)).toMatch(/in progress/i);
    await held.reached;
    held.release('complete');
    await waitFor(
      'the card replaced with the result',
      () =>
        h.connector
          .updates()
          .find((u) => u.activityId === asked.id && /^Disconnected$/m.test(cardText(cardOf(u.activity)))),
      15_000,
    );

    const clickTurn = await waitFor('the click turn span', () => turnOf(String(click.id)));
    expect(clickTurn.attributes).toMatchObject({
      'teams.activity.type': 'invoke',
      'teams.activity.name': 'adaptiveCard/action',
      'bot.command': 'op.confirm',
    });
    // The Graph action the click started belongs to the click's trace, with Graph's request-id.
    const post = await waitFor('the disconnect span', () =>
      named(inTrace(clickTurn), 'graph.request').find((s) => s.attributes['http.request.method'] === 'POST'),
    );
    expect(post.kind).toBe(SpanKind.CLIENT);
    expect(parentOf(post)).toBe(idOf(clickTurn));
    expect(post.attributes).toMatchObject({
      'url.template': '/deviceManagement/remoteAssistancePartners/{id}/disconnect',
      'http.response.status_code': 204,
      'graph.retry_count': 0,
      'graph.throttled': false,
    });
    expect(post.attributes['graph.request_id']).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(post.attributes['graph.client_request_id']).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));

    // The background finish: a root of its own, linked to the click's span, with its card updates in it.
    const background = await waitFor('the background span', () =>
      telemetry.spans().find((s) => s.name === 'click.background'),
    );
    expect(parentOf(background)).toBeUndefined();
    expect(traceOf(background)).not.toBe(traceOf(clickTurn));
    expect(background.links.map((l) => l.context.spanId)).toEqual([idOf(clickTurn)]);
    const updates = named(inTrace(background), 'teams.connector');
    expect(updates.map((s) => s.attributes['connector.operation'])).toContain('update');

    // Metrics.
    await waitFor('the background finish to end', () => h.logs.some((l) => l.includes('"slow click ended"')));
    const points = await telemetry.metrics();
    expect(total(points, 'bot.commands', { command: 'disconnect', outcome: 'confirm' })).toBe(1);
    expect(total(points, 'bot.commands', { command: 'op.confirm' })).toBe(1);
    expect(total(points, 'bot.operations', { kind: 'disconnect', outcome: 'succeeded', settled_by: 'graph' })).toBe(1);
    expect(total(points, 'bot.click.answer_time', { answered: 'in_progress' })).toBe(1);
    expect(
      total(points, 'graph.responses', {
        template: '/deviceManagement/remoteAssistancePartners/{id}/disconnect',
        status: 204,
      }),
    ).toBe(1);
    expect(total(points, 'outbound.queue.wait')).toBeGreaterThanOrEqual(2);
    expect(points.some((p) => p.name === 'outbound.queue.depth')).toBe(true);

    // Nothing secret or said in any attribute.
    const values = everyValue(telemetry.spans());
    expect(values.length).toBeGreaterThan(50);
    for (const v of values) {
      expect(v).not.toMatch(/eyJ[A-Za-z0-9_-]+\./);
      expect(v).not.toMatch(/bearer/i);
      expect(v).not.toContain(text);
      expect(v).not.toContain('TeamViewer');
    }

    // Logs: the lines of a turn carry its trace id and the activity and conversation ids.
    for (const [activity, span] of [
      [message, turn],
      [click, clickTurn],
    ] as const) {
      const lines = logsOf(String(activity.id));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines)
        expect(line).toMatchObject({ conversationId: String((activity.conversation as { id: string }).id) });
      expect(lines.filter((l) => l.trace_id === traceOf(span)).length).toBeGreaterThan(0);
    }
    const finished = h.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'slow click ended')!;
    expect(finished).toMatchObject({
      trace_id: traceOf(background),
      activityId: String(click.id),
      operationId: confirm.data.operationId,
    });
  }, 30_000);
});
