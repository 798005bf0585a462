/** The exporter is chosen by the environment, as Azure's guidance does; a bad value is one clear startup error. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, redactConfig } from '../../src/config';
import { createLogger } from '../../src/logging';
import { readBuildInfo, startTelemetry } from '../../src/telemetry';
import { readTelemetryConfig } from '../../src/telemetry/config';
import { createExporters } from '../../src/telemetry/exporters';

// The Azure Monitor exporter's own SDK statistics (statsbeat) would be sent to Microsoft, unreachable offline.
process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';

const IKEY = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const CS = `InstrumentationKey=${IKEY};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/;ApplicationId=0a1b2c3d-0000-4000-8000-000000000000`;
const base = {
  ALLOWED_TENANT_IDS: '11111111-2222-3333-4444-555555555555',
  ADMIN_USER_IDS: '11111111-2222-3333-4444-555555555555',
};

const read = (env: Record<string, string>) => {
  const problems: string[] = [];
  return { config: readTelemetryConfig(env, problems), problems };
};

describe('the exporter, chosen by the environment', () => {
  it.each([
    [{}, 'none'],
    [{ APPLICATIONINSIGHTS_CONNECTION_STRING: CS }, 'azure-monitor'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'otlp'],
    [
      { APPLICATIONINSIGHTS_CONNECTION_STRING: CS, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' },
      'azure-monitor',
    ],
    [{ APPLICATIONINSIGHTS_CONNECTION_STRING: CS, OTEL_SDK_DISABLED: 'true' }, 'none'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'false' }, 'otlp'],
  ])('%j -> %s', (env, exporter) => {
    expect(read(env)).toMatchObject({ config: { exporter }, problems: [] });
  });

  it('reads the ingestion endpoint from the connection string, and the endpoint, interval and commit', () => {
    expect(read({ APPLICATIONINSIGHTS_CONNECTION_STRING: CS }).config).toMatchObject({
      ingestionEndpoint: 'https://westeurope-5.in.applicationinsights.azure.com',
      metricExportIntervalMs: 60_000,
    });
    expect(
      read({
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${IKEY};EndpointSuffix=applicationinsights.azure.cn`,
      }).config.ingestionEndpoint,
    ).toBe('https://dc.applicationinsights.azure.cn');
    expect(
      read({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example:4318/',
        OTEL_METRIC_EXPORT_INTERVAL: '500',
        SOURCE_VERSION: 'ABCDEF1',
      }).config,
    ).toMatchObject({ otlpEndpoint: 'https://otel.example:4318', metricExportIntervalMs: 500, commit: 'abcdef1' });
  });

  it('names every bad value in one ConfigError, never showing the connection string', () => {
    const secretish = `InstrumentationKey=not-a-guid-${IKEY.slice(0, 8)};IngestionEndpoint=http://dc.example`;
    let error: ConfigError | undefined;
    try {
      loadConfig({
        ...base,
        APPLICATIONINSIGHTS_CONNECTION_STRING: secretish,
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        OTEL_METRIC_EXPORT_INTERVAL: 'often',
        OTEL_SDK_DISABLED: 'maybe',
        BUILD_COMMIT: 'main',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual([
      'OTEL_SDK_DISABLED must be true or false (got "maybe")',
      'APPLICATIONINSIGHTS_CONNECTION_STRING has no InstrumentationKey that is a GUID',
      'APPLICATIONINSIGHTS_CONNECTION_STRING: its IngestionEndpoint must be an https URL',
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL such as http://collector:4318 (got "collector:4318")',
      'OTEL_METRIC_EXPORT_INTERVAL must be a whole number of milliseconds from 100 to 3600000 (got "often")',
      'BUILD_COMMIT (or SOURCE_VERSION) must be a git commit id, 7 to 40 hex digits (got "main")',
    ]);
    expect(error!.message).not.toContain(IKEY.slice(0, 8));
    expect(read({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'just-a-key' }).problems).toEqual([
      expect.stringMatching(/^APPLICATIONINSIGHTS_CONNECTION_STRING must be "InstrumentationKey=<GUID>;/),
    ]);
  });

  it('the start line says where telemetry goes, not the connection string', () => {
    const shown = JSON.stringify(redactConfig(loadConfig({ ...base, APPLICATIONINSIGHTS_CONNECTION_STRING: CS })));
    expect(shown).toContain(
      '"telemetry":{"exporter":"azure-monitor","ingestionEndpoint":"https://westeurope-5.in.applicationinsights.azure.com","metricExportIntervalMs":60000}',
    );
    expect(shown).not.toContain(IKEY);
    expect(
      redactConfig(loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'https://user:pw@otel.example:4318' })).telemetry,
    ).toEqual({ exporter: 'otlp', otlpEndpoint: 'https://otel.example:4318', metricExportIntervalMs: 60_000 });
  });

  it('a log line that carries the connection string by accident is masked', () => {
    const lines: string[] = [];
    createLogger('info', (l) => lines.push(l)).warn(`export failed for ${CS}`, { connectionString: CS });
    expect(lines[0]).not.toContain(IKEY);
  });

  it('creates the exporters of the choice, and none without one', () => {
    const { config } = read({ APPLICATIONINSIGHTS_CONNECTION_STRING: CS });
    const azure = createExporters(config);
    expect(azure?.spans.constructor.name).toBe('AzureMonitorTraceExporter');
    expect(azure?.metrics.constructor.name).toBe('AzureMonitorMetricExporter');
    const otlp = createExporters(read({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).config);
    expect([otlp?.spans.constructor.name, otlp?.metrics.constructor.name]).toEqual([
      'OTLPTraceExporter',
      'OTLPMetricExporter',
    ]);
    expect(createExporters(read({}).config)).toBeUndefined();
    void Promise.all([
      azure?.spans.shutdown(),
      azure?.metrics.shutdown(),
      otlp?.spans.shutdown(),
      otlp?.metrics.shutdown(),
    ]);
  });

  it('with nothing to export, the SDK is not loaded and the handle does nothing', async () => {
    const handle = startTelemetry({
      config: read({}).config,
      build: { version: '1', commit: 'unknown' },
      log: createLogger('error', () => undefined),
    });
    expect(handle.exporter).toBe('none');
    await handle.flush();
    await handle.shutdown();
    expect(Object.keys(require.cache).some((k) => k.includes('sdk-trace-node'))).toBe(false);
  });
});

describe('the build: version and commit', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ra-bot-build-info-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the commit from the environment first, then build-info.json, else "unknown"; the version from package.json', () => {
    const version = (require('../../package.json') as { version: string }).version;
    expect(readBuildInfo(undefined, dir)).toEqual({ version, commit: 'unknown' });
    writeFileSync(
      join(dir, 'build-info.json'),
      JSON.stringify({ version, commit: 'abcdef0123456789abcdef0123456789abcdef01' }),
    );
    expect(readBuildInfo(undefined, dir)).toEqual({ version, commit: 'abcdef0123456789abcdef0123456789abcdef01' });
    expect(readBuildInfo('1234567', dir).commit).toBe('1234567');
  });
});
