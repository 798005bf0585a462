/**
 * The telemetry of what runs without a user (the watch's polls and notices, the sweeper) and of the counts a
 * turn leaves (Graph's throttles and retries, denials), over the real harness with an in-memory SDK.
 */
import type { ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { waitFor } from '../support/bot-process';
import { startHarness, type Harness } from '../support/harness';
import { actionsOf, cardOf, cardText } from '../support/teams';
import { idOf, parentOf, registerTestTelemetry, total, traceOf, type TestTelemetry } from '../support/telemetry';

let telemetry: TestTelemetry;
beforeAll(() => {
  telemetry = registerTestTelemetry();
});
afterAll(() => telemetry?.shutdown());

const inTrace = (root: ReadableSpan) => telemetry.spans().filter((s) => traceOf(s) === traceOf(root));
const turnOf = (activityId: string) =>
  telemetry.spans().find((s) => s.name === 'teams.activity' && s.attributes['teams.activity.id'] === activityId);

async function say(
  h: Harness,
  text: string,
  where: 'channel' | 'personal',
  who: 'Alex Wilber' | 'Mallory Outsider' = 'Alex Wilber',
) {
  const before = h.connector.messages().length;
  const activity = h.teams.message(h.user(who), text, { where });
  expect((await h.post(activity)).status).toBe(200);
  const reply = await waitFor(`the answer to "${text}"`, () => h.connector.messages()[before]);
  return {
    text: cardText(cardOf(reply.activity)),
    turn: await waitFor('the turn span', () => turnOf(String(activity.id))),
  };
}

describe('the watch and the sweeper: traces of their own', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { WATCH_INTERVAL_SECONDS: '1' } });
  });
  afterAll(() => h?.close());

  it('each poll is a root span with its Graph read inside; polls and notices are counted; sweeps are roots too', async () => {
    expect((await say(h, 'watch', 'channel')).text).toContain('Watching the partners here');
    h.sim.changePartner({ partner: 'TeamViewer', onboardingStatus: 'notOnboarded' });
    const notice = () =>
      h.connector.messages().find((m) => !m.activityId && cardText(cardOf(m.activity)).includes('changed state'));
    await waitFor('the notice', notice, 15_000);

    const poll = await waitFor('a poll with a Graph read', () =>
      telemetry
        .spans()
        .find(
          (s) =>
            s.name === 'watch.poll' && inTrace(s).some((c) => c.name === 'graph.request' && parentOf(c) === idOf(s)),
        ),
    );
    expect(parentOf(poll)).toBeUndefined();
    const read = inTrace(poll).find((c) => c.name === 'graph.request')!;
    expect(read.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.template': '/deviceManagement/remoteAssistancePartners',
      'http.response.status_code': 200,
    });
    expect(inTrace(poll).some((c) => c.name === 'store.statement')).toBe(true);
    // The app-only token was asked for by the first poll or by `watch`'s first look: in one of those traces.
    expect(
      telemetry.spans().some((s) => s.name === 'entra.app_token' && s.attributes['entra.outcome'] === 'issued'),
    ).toBe(true);

    const sweep = await waitFor('a sweep', () => telemetry.spans().find((s) => s.name === 'sweeper.sweep'));
    expect(parentOf(sweep)).toBeUndefined();

    await waitFor(
      'the notice counted',
      async () => total(await telemetry.metrics(), 'watch.notices', { result: 'sent' }) === 1,
    );
    const points = await telemetry.metrics();
    expect(total(points, 'watch.polls', { result: 'ok' })).toBeGreaterThan(0);
    expect(total(points, 'watch.polls', { result: 'read_failed' })).toBe(0);
  }, 30_000);
});

describe('Graph throttles and denials', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.close());

  it('a throttled read is two Graph spans in the turn (the retry numbered) and counted as a throttle and a retry', async () => {
    h.sim.faults.graphNext(1, {
      status: 429,
      retryAfterSeconds: 1,
      method: 'GET',
      pathIncludes: '/remoteAssistancePartners',
    });
    const { text, turn } = await say(h, 'status TeamViewer', 'personal');
    expect(text).toContain('TeamViewer');
    const reads = inTrace(turn)
      .filter(
        (s) =>
          s.name === 'graph.request' &&
          s.attributes['http.request.method'] === 'GET' &&
          String(s.attributes['url.template']).startsWith('/deviceManagement/remoteAssistancePartners'),
      )
      .sort((a, b) => Number(a.attributes['graph.retry_count']) - Number(b.attributes['graph.retry_count']));
    expect(
      reads
        .slice(0, 2)
        .map((s) => [
          s.attributes['graph.retry_count'],
          s.attributes['http.response.status_code'],
          s.attributes['graph.throttled'],
        ]),
    ).toEqual([
      [0, 429, true],
      [1, 200, false],
    ]);
    expect(reads[0].attributes['graph.client_request_id']).toBe(reads[1].attributes['graph.client_request_id']);
    for (const r of reads) expect(parentOf(r)).toBe(idOf(turn));
    const points = await telemetry.metrics();
    const template = String(reads[0].attributes['url.template']);
    expect(total(points, 'graph.throttles', { template })).toBe(1);
    expect(total(points, 'graph.retries', { template })).toBe(1);
    expect(total(points, 'graph.responses', { template, status_class: '4xx', status: 429 })).toBe(1);
  }, 30_000);

  it('somebody from another organization is refused: the turn says denied, the denial is counted by its reason', async () => {
    const { turn } = await say(h, 'disconnect TeamViewer', 'personal', 'Mallory Outsider');
    expect(turn.attributes).toMatchObject({ 'bot.command': 'disconnect', 'bot.outcome': 'denied' });
    const points = await telemetry.metrics();
    expect(total(points, 'bot.denials', { reason: 'wrongTenant' })).toBe(1);
    expect(total(points, 'bot.commands', { command: 'disconnect', outcome: 'denied' })).toBe(1);
  }, 30_000);

  it("a fleet card's click (issue 19) is a turn with its verb, counted like any other click", async () => {
    const asked = h.teams.message(h.user('Alex Wilber'), 'disconnect TeamViewer @all', { where: 'personal' });
    const before = h.connector.messages().length;
    expect((await h.post(asked)).status).toBe(200);
    const posted = await waitFor('the fleet card', () => h.connector.messages()[before]);
    const confirm = actionsOf(cardOf(posted.activity)).find((a) => a.verb === 'fleet.confirm')!;
    const click = h.teams.action(h.user('Alex Wilber'), confirm.verb, confirm.data, posted.id!, { where: 'personal' });
    expect((await h.post(click)).status).toBe(200);
    const turn = await waitFor('the click turn span', () => turnOf(String(click.id)));
    expect(turn.attributes).toMatchObject({ 'bot.command': 'fleet.confirm', 'bot.outcome': 'fleet' });
    const points = await telemetry.metrics();
    expect(total(points, 'bot.commands', { command: 'fleet.confirm', outcome: 'fleet' })).toBe(1);
  }, 30_000);
});
