/** The click answer window, the Graph and token timeouts and the sweeper's settings: defaults, bounds, one error naming each. */
import { callBounds, loadConfig, redactConfig } from '../src/config';
import { configProblems } from './support/config-problems';
import { abandonedAfterMs } from '../src/core/call-budget';

const base = {
  ALLOWED_TENANT_IDS: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
  ADMIN_USER_IDS: '11111111-2222-3333-4444-555555555555',
};

const problems = configProblems;

describe('loadConfig: clicks and the sweeper', () => {
  it('defaults: a click answered within 3 s, Graph requests bounded at 30 s, tokens at 15 s, a sweep every 30 s', () => {
    const c = loadConfig(base);
    expect(c.operations.clickAnswerMs).toBe(3000);
    expect(c.graph.timeoutSeconds).toBe(30);
    expect(c.entra.tokenTimeoutSeconds).toBe(15);
    expect(c.operations.sweepIntervalSeconds).toBe(30);
  });

  it('a running record is taken for interrupted (by status) after the worst case of a live call, unless told otherwise', () => {
    const c = loadConfig(base);
    // 15 s token + 4 x 30 s requests + 3 x 10 s Retry-After + 5 s margin
    expect(abandonedAfterMs(callBounds(c))).toBe(170_000);
    expect(c.operations.reconcileAfterSeconds).toBe(170);
    const fewer = loadConfig({
      ...base,
      GRAPH_MAX_RETRIES: '0',
      GRAPH_TIMEOUT_SECONDS: '2',
      TOKEN_TIMEOUT_SECONDS: '1',
    });
    expect(fewer.operations.reconcileAfterSeconds).toBe(8);
    expect(loadConfig({ ...base, RECONCILE_AFTER_SECONDS: '1' }).operations.reconcileAfterSeconds).toBe(1);
    expect(redactConfig(c)).toMatchObject({
      clickAnswerMs: 3000,
      sweepIntervalSeconds: 30,
      abandonedAfterSeconds: 170,
    });
  });

  it('names each bad value in one error', () => {
    expect(
      problems({
        ...base,
        CLICK_ANSWER_MS: '5000',
        SWEEP_INTERVAL_SECONDS: '0',
        GRAPH_TIMEOUT_SECONDS: 'soon',
        TOKEN_TIMEOUT_SECONDS: '500',
      }),
    ).toEqual([
      'TOKEN_TIMEOUT_SECONDS must be a whole number from 1 to 120 (got "500")',
      'GRAPH_TIMEOUT_SECONDS must be a whole number from 1 to 300 (got "soon")',
      'CLICK_ANSWER_MS must be a whole number from 100 to 4500 (got "5000")',
      'SWEEP_INTERVAL_SECONDS must be a whole number from 1 to 3600 (got "0")',
    ]);
    expect(problems({ ...base, CLICK_ANSWER_MS: '50' })).toEqual([
      'CLICK_ANSWER_MS must be a whole number from 100 to 4500 (got "50")',
    ]);
  });
});
