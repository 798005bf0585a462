/**
 * The secret's (or certificate's) end is known and said: the gauge `bot.credential.expiry_days` (telemetry
 * contract) read through the real OpenTelemetry SDK's metric reader, and the daily warning from 30 days ahead.
 */
import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { generate } from 'selfsigned';
import { createLogger } from '../../src/logging';
import { credentialEnds, watchCredentialExpiry } from '../../src/identity';

class TestReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2027-01-10T09:00:00Z');

describe('credential expiry', () => {
  let reader: TestReader;
  let provider: MeterProvider;
  const lines: string[] = [];
  const log = createLogger('debug', (l) => lines.push(l));
  let now = NOW;
  const clock = { now: () => now };
  let stop: () => void = () => {};

  beforeEach(() => {
    reader = new TestReader();
    provider = new MeterProvider({ readers: [reader] });
    metrics.setGlobalMeterProvider(provider);
    lines.length = 0;
    now = NOW;
  });
  afterEach(async () => {
    stop();
    jest.useRealTimers();
    metrics.disable();
    await provider.shutdown();
  });

  const gauge = async () => {
    const { resourceMetrics } = await reader.collect();
    const found = resourceMetrics.scopeMetrics
      .flatMap((s) => s.metrics)
      .find((m) => m.descriptor.name === 'bot.credential.expiry_days');
    return found?.dataPoints.map((p) => ({ value: p.value, attributes: p.attributes }));
  };
  const secretEnding = (days: number) =>
    credentialEnds({ passwordExpiresAt: new Date(NOW.getTime() + days * DAY + 60_000) });

  it('20 days before the end: a warning naming the rotation, and the gauge says 20 (client_secret)', async () => {
    stop = watchCredentialExpiry(secretEnding(20), { log, clock });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      level: 'warn',
      event: 'credential.expiring',
      credential: 'client_secret',
      daysLeft: 20,
    });
    expect(lines[0]).toContain('expires in 20 days');
    expect(lines[0]).toContain('scripts/rotate-secret.sh');
    expect(await gauge()).toEqual([{ value: 20, attributes: { credential: 'client_secret' } }]);
  });

  it('31 days before: silent; the daily check warns once 30 days remain, and logs an error once it has passed', async () => {
    jest.useFakeTimers();
    stop = watchCredentialExpiry(secretEnding(31), { log, clock });
    expect(lines).toEqual([]);
    expect(await gauge()).toEqual([{ value: 31, attributes: { credential: 'client_secret' } }]);
    now = new Date(NOW.getTime() + 2 * DAY);
    jest.advanceTimersByTime(DAY);
    expect(lines.map((l) => JSON.parse(l).daysLeft)).toEqual([29]);
    now = new Date(NOW.getTime() + 40 * DAY);
    jest.advanceTimersByTime(DAY);
    expect(JSON.parse(lines[1])).toMatchObject({ level: 'error', daysLeft: -9 });
    expect(lines[1]).toContain('has expired');
    expect(await gauge()).toEqual([{ value: -9, attributes: { credential: 'client_secret' } }]);
  });

  it("a certificate's end is read from the certificate itself", async () => {
    const cert = await generate([{ name: 'commonName', value: 'bot' }], {
      keySize: 2048,
      notBeforeDate: new Date(NOW.getTime() - DAY),
      notAfterDate: new Date(NOW.getTime() + 12 * DAY + 60_000),
    });
    stop = watchCredentialExpiry(credentialEnds({ certificatePem: `${cert.private}${cert.cert}` }), { log, clock });
    expect(await gauge()).toEqual([{ value: 12, attributes: { credential: 'certificate' } }]);
    expect(lines[0]).toContain("the bot's certificate expires in 12 days");
  });

  it('nothing that expires (a managed identity, no secret date): no gauge, no line', async () => {
    stop = watchCredentialExpiry(credentialEnds({}), { log, clock });
    expect(await gauge()).toBeUndefined();
    expect(lines).toEqual([]);
  });
});
