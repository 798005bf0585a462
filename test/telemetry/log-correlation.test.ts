/**
 * Log lines carry the active span's trace and span ids and the fields bound for the work under way (a turn's
 * activity and conversation), by any logger; without an SDK they carry neither id and cost nothing more.
 */
import { trace } from '@opentelemetry/api';
import { createLogger, withLogFields } from '../../src/logging';
import { registerTestTelemetry, type TestTelemetry } from '../support/telemetry';

function capture() {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: createLogger('debug', (l) => lines.push(JSON.parse(l) as Record<string, unknown>)) };
}

describe('without an SDK', () => {
  it('writes no trace ids, and still the bound fields', async () => {
    const { lines, log } = capture();
    await trace.getTracer('t').startActiveSpan('x', async (span) => {
      await withLogFields({ activityId: 'a1', conversationId: 'c1', unset: undefined }, async () => {
        await Promise.resolve();
        log.info('inside');
      });
      span.end();
    });
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[0]).toMatchObject({ msg: 'inside', activityId: 'a1', conversationId: 'c1' });
    expect(lines[0]).not.toHaveProperty('unset');
  });
});

describe('with an SDK', () => {
  let telemetry: TestTelemetry;
  beforeAll(() => {
    telemetry = registerTestTelemetry();
  });
  afterAll(() => telemetry.shutdown());

  it("writes the active span's ids across awaits, the bound fields, and the line's own fields last", async () => {
    const { lines, log } = capture();
    const ids = await trace.getTracer('t').startActiveSpan('turn', async (span) => {
      await withLogFields({ activityId: 'a2', conversationId: 'c2' }, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        log.info('in the turn', { operationId: 'op-1' });
        await withLogFields({ conversationId: 'c3' }, async () => log.debug('nested'));
      });
      span.end();
      return span.spanContext();
    });
    log.info('outside');
    expect(lines[0]).toMatchObject({
      msg: 'in the turn',
      trace_id: ids.traceId,
      span_id: ids.spanId,
      activityId: 'a2',
      conversationId: 'c2',
      operationId: 'op-1',
    });
    expect(lines[1]).toMatchObject({ msg: 'nested', trace_id: ids.traceId, activityId: 'a2', conversationId: 'c3' });
    expect(lines[2]).not.toHaveProperty('trace_id');
    expect(lines[2]).not.toHaveProperty('activityId');
  });
});
