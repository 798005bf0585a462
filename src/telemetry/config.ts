/**
 * The telemetry part of the configuration (read by config.ts, which names every problem in one ConfigError).
 * No OpenTelemetry import here: reading the environment must not load the SDK.
 *
 * Chosen as Azure's own guidance does (docs/architecture.md, "Telemetry"): APPLICATIONINSIGHTS_CONNECTION_STRING set ->
 * Azure Monitor; else OTEL_EXPORTER_OTLP_ENDPOINT set -> OTLP/HTTP (JSON); else nothing is exported.
 * OTEL_SDK_DISABLED=true turns it off whatever else is set.
 */

export type TelemetryExporter = 'azure-monitor' | 'otlp' | 'none';

export interface TelemetryConfig {
  exporter: TelemetryExporter;
  /** APPLICATIONINSIGHTS_CONNECTION_STRING: a secret (never logged, see redactTelemetry). */
  connectionString?: string;
  /** Where the Azure Monitor exporter sends (`${ingestionEndpoint}/v2.1/track`), from the connection string. */
  ingestionEndpoint?: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT without a trailing slash; /v1/traces and /v1/metrics are appended. */
  otlpEndpoint?: string;
  /** OTEL_METRIC_EXPORT_INTERVAL (ms), as the OpenTelemetry spec names it; default 60 000. */
  metricExportIntervalMs: number;
  /** BUILD_COMMIT (or SOURCE_VERSION): the commit this build was made from, when the environment says so. */
  commit?: string;
}

type Env = Record<string, string | undefined>;

const IKEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMMIT = /^[0-9a-f]{7,40}$/i;
const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];

/** `Key=Value;Key=Value` -> lower-cased keys (as the exporter's own parser reads it). Undefined when malformed. */
export function parseConnectionString(raw: string): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  for (const part of raw
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.indexOf('=', eq + 1) >= 0) return undefined;
    fields[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return Object.keys(fields).length ? fields : undefined;
}

/** The ingestion endpoint a connection string names (IngestionEndpoint, or built from EndpointSuffix; else the global one). */
function ingestionEndpointOf(fields: Record<string, string>): string {
  if (fields.ingestionendpoint) return fields.ingestionendpoint.replace(/\/+$/, '');
  if (fields.endpointsuffix)
    return `https://${fields.location ? `${fields.location}.` : ''}dc.${fields.endpointsuffix}`;
  return 'https://dc.services.visualstudio.com';
}

function readConnectionString(
  raw: string,
  problems: string[],
): { connectionString?: string; ingestionEndpoint?: string } {
  // The value is a secret: problems name what is wrong, never the value.
  const fields = parseConnectionString(raw);
  if (!fields) {
    problems.push(
      'APPLICATIONINSIGHTS_CONNECTION_STRING must be "InstrumentationKey=<GUID>;IngestionEndpoint=https://..." (copy it from the Application Insights resource)',
    );
    return {};
  }
  if (!IKEY.test(fields.instrumentationkey ?? ''))
    problems.push('APPLICATIONINSIGHTS_CONNECTION_STRING has no InstrumentationKey that is a GUID');
  const endpoint = ingestionEndpointOf(fields);
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    problems.push('APPLICATIONINSIGHTS_CONNECTION_STRING: its IngestionEndpoint is not a URL');
  }
  // The exporter turns http:// into https:// itself (ConnectionStringParser.sanitizeUrl): refuse what would not work.
  if (url && url.protocol !== 'https:')
    problems.push('APPLICATIONINSIGHTS_CONNECTION_STRING: its IngestionEndpoint must be an https URL');
  return { connectionString: raw, ingestionEndpoint: endpoint };
}

function readOtlpEndpoint(raw: string, problems: string[]): string | undefined {
  try {
    const u = new URL(raw);
    if (!/^https?:$/.test(u.protocol)) throw new Error('not http');
    return raw.replace(/\/+$/, '');
  } catch {
    problems.push(
      `OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL such as http://collector:4318 (got "${raw.slice(0, 80)}")`,
    );
    return undefined;
  }
}

function readInterval(raw: string, problems: string[]): number {
  if (!raw) return 60_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 100 || n > 3_600_000) {
    problems.push(
      `OTEL_METRIC_EXPORT_INTERVAL must be a whole number of milliseconds from 100 to 3600000 (got "${raw.slice(0, 40)}")`,
    );
    return 60_000;
  }
  return n;
}

/** Reads the telemetry settings; `problems` gets one line per bad value. */
export function readTelemetryConfig(env: Env, problems: string[]): TelemetryConfig {
  const str = (name: string) => (env[name] ?? '').trim();
  const disabledRaw = str('OTEL_SDK_DISABLED').toLowerCase();
  if (disabledRaw && !TRUE.includes(disabledRaw) && !FALSE.includes(disabledRaw))
    problems.push(`OTEL_SDK_DISABLED must be true or false (got "${disabledRaw.slice(0, 20)}")`);
  const disabled = TRUE.includes(disabledRaw);
  const fromCs = str('APPLICATIONINSIGHTS_CONNECTION_STRING')
    ? readConnectionString(str('APPLICATIONINSIGHTS_CONNECTION_STRING'), problems)
    : {};
  const otlpEndpoint = str('OTEL_EXPORTER_OTLP_ENDPOINT')
    ? readOtlpEndpoint(str('OTEL_EXPORTER_OTLP_ENDPOINT'), problems)
    : undefined;
  const metricExportIntervalMs = readInterval(str('OTEL_METRIC_EXPORT_INTERVAL'), problems);
  const commitRaw = str('BUILD_COMMIT') || str('SOURCE_VERSION');
  if (commitRaw && !COMMIT.test(commitRaw))
    problems.push(
      `BUILD_COMMIT (or SOURCE_VERSION) must be a git commit id, 7 to 40 hex digits (got "${commitRaw.slice(0, 50)}")`,
    );
  const exporter: TelemetryExporter = disabled
    ? 'none'
    : fromCs.connectionString
      ? 'azure-monitor'
      : otlpEndpoint
        ? 'otlp'
        : 'none';
  return {
    exporter,
    ...fromCs,
    otlpEndpoint,
    metricExportIntervalMs,
    commit: commitRaw && COMMIT.test(commitRaw) ? commitRaw.toLowerCase() : undefined,
  };
}

/** For the start line: where telemetry goes, never the connection string (its ingestion endpoint is not secret). */
export function redactTelemetry(t: TelemetryConfig): Record<string, unknown> {
  const origin = (u?: string) => {
    try {
      return u ? new URL(u).origin : undefined;
    } catch {
      return undefined;
    }
  };
  switch (t.exporter) {
    case 'azure-monitor':
      return {
        exporter: t.exporter,
        ingestionEndpoint: origin(t.ingestionEndpoint),
        metricExportIntervalMs: t.metricExportIntervalMs,
      };
    case 'otlp':
      return {
        exporter: t.exporter,
        otlpEndpoint: origin(t.otlpEndpoint),
        metricExportIntervalMs: t.metricExportIntervalMs,
      };
    case 'none':
      return { exporter: t.exporter };
  }
}
