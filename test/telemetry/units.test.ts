/**
 * The small pieces of the telemetry: Graph's path templates, the outcome an operation is counted under, the
 * outgoing queue's depth and waits, and the operation store counting what it writes.
 */
import { OutboundQueue } from '../../src/bot/outbound-queue';
import { templateOf } from '../../src/graph/telemetry';
import { countedOperations, outcomeOf } from '../../src/instrumentation';
import { OUTCOME_NOT_KNOWN } from '../../src/core/model';
import { openStore, type Store } from '../../src/store';
import { record } from '../store/helpers';
import { registerTestTelemetry, total, type TestTelemetry } from '../support/telemetry';

let telemetry: TestTelemetry;
beforeAll(() => {
  telemetry = registerTestTelemetry();
});
afterAll(() => telemetry.shutdown());

test('Graph paths become templates: no id, version, origin, query or function arguments', () => {
  expect(templateOf('/deviceManagement/remoteAssistancePartners/abc-123/disconnect')).toBe(
    '/deviceManagement/remoteAssistancePartners/{id}/disconnect',
  );
  expect(templateOf('/deviceManagement/remoteAssistancePartners/abc-123')).toBe(
    '/deviceManagement/remoteAssistancePartners/{id}',
  );
  expect(templateOf('https://graph.example/beta/deviceManagement/remoteAssistancePartners?$skiptoken=secret')).toBe(
    '/deviceManagement/remoteAssistancePartners',
  );
  expect(templateOf("/deviceManagement/getEffectivePermissions(scope='*')")).toBe(
    '/deviceManagement/getEffectivePermissions',
  );
  expect(templateOf('/me/checkMemberGroups')).toBe('/me/checkMemberGroups');
});

test('an operation is counted by its outcome; "outcome not known" is unknown; open records and denials are not decisions', () => {
  expect(outcomeOf(record({ state: 'succeeded' }))).toBe('succeeded');
  expect(outcomeOf(record({ state: 'failed', errorKind: 'graph.forbidden' }))).toBe('failed');
  expect(outcomeOf(record({ state: 'failed', errorKind: OUTCOME_NOT_KNOWN }))).toBe('unknown');
  expect(outcomeOf(record({ state: 'expired' }))).toBe('expired');
  expect(outcomeOf(record({ state: 'running' }))).toBeUndefined();
  expect(outcomeOf(record({ state: 'denied' }))).toBeUndefined();
});

test('the outgoing queue tells its depth and how long each message waited before its first try', async () => {
  const waits: number[] = [];
  let now = 0;
  const queue = new OutboundQueue({
    classify: () => ({}),
    now: () => now,
    sleep: async (ms) => void (now += ms),
    onWait: (ms) => waits.push(ms),
    conversationLimits: [{ max: 1, perMs: 1000 }],
    marginMs: 0,
  });
  const to = { conversationId: 'c', tenantId: 't' };
  let release!: () => void;
  const first = queue.send(to, () => new Promise<void>((resolve) => (release = resolve)));
  const second = queue.send(to, async () => undefined);
  expect(queue.depth).toBe(2);
  await new Promise((resolve) => setImmediate(resolve));
  release();
  await Promise.all([first, second]);
  expect(queue.depth).toBe(0);
  expect(waits).toEqual([0, 1000]);
});

describe('the counted operation store', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ sqliteFile: ':memory:' });
  });
  afterAll(() => store.close());

  it('counts a denial by its reason and a decision by kind, outcome and settled_by; the rest of the store is as it was', async () => {
    const counted = countedOperations(store.operations);
    await counted.insert(record({ id: 'd-1', state: 'denied', errorKind: 'authz.readOnly' }));
    await counted.insert(record({ id: 'o-1', state: 'running' }));
    await counted.transition('o-1', ['running'], 'succeeded', { settledBy: 'read' });
    expect(await counted.transition('o-1', ['running'], 'failed', {})).toBeUndefined(); // not decided twice
    expect(await counted.get('o-1')).toMatchObject({ state: 'succeeded' });
    const points = await telemetry.metrics();
    expect(total(points, 'bot.denials', { reason: 'readOnly' })).toBe(1);
    expect(total(points, 'bot.operations', { kind: 'disconnect', outcome: 'succeeded', settled_by: 'read' })).toBe(1);
    expect(total(points, 'bot.operations')).toBe(1);
  });
});
